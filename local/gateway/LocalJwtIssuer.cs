using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Platform.Local.Gateway;

/// <summary>The local development identity provider: an RS256 key kept as PEM in the state directory, its issuer and audience.</summary>
/// <remarks>The key survives restarts so that a token the runner printed keeps working; delete the state directory to rotate it.</remarks>
public sealed class LocalJwtIssuer : IDisposable
{
    /// <summary>The file name of the private key inside the state directory.</summary>
    public const string KeyFileName = "jwt-signing-key.pem";

    private readonly RSA _key;
    private readonly TimeProvider _timeProvider;

    private LocalJwtIssuer(RSA key, string issuer, string audience, TimeProvider timeProvider)
    {
        _key = key;
        _timeProvider = timeProvider;
        Issuer = issuer;
        Audience = audience;
        KeyId = Base64Url.EncodeToString(SHA256.HashData(key.ExportSubjectPublicKeyInfo()).AsSpan(0, 12));
    }

    /// <summary>The <c>iss</c> the authorizer accepts and tokens carry.</summary>
    public string Issuer { get; }

    /// <summary>The <c>aud</c> the authorizer accepts and tokens carry.</summary>
    public string Audience { get; }

    /// <summary>The key id (<c>kid</c>) of the signing key.</summary>
    public string KeyId { get; }

    internal RSA Key => _key;

    /// <summary>Loads the key from <paramref name="stateDirectory"/>, creating and saving a new 2048-bit key on first use.</summary>
    public static LocalJwtIssuer LoadOrCreate(string stateDirectory, string issuer, string audience, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        ArgumentException.ThrowIfNullOrEmpty(audience);

        Directory.CreateDirectory(stateDirectory);
        var path = Path.Combine(stateDirectory, KeyFileName);
        var key = RSA.Create();
        try
        {
            if (File.Exists(path) || !TryCreateKey(path, key))
            {
                ImportKey(path, key);
            }

            return new LocalJwtIssuer(key, issuer, audience, timeProvider ?? TimeProvider.System);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Creates a signed RS256 token for <paramref name="subject"/> with the given scopes, valid from now for <paramref name="lifetime"/>.</summary>
    public string CreateToken(string subject, IEnumerable<string> scopes, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentNullException.ThrowIfNull(scopes);
        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var scope = string.Join(' ', scopes);
        return CreateToken(writer =>
        {
            writer.WriteString("iss", Issuer);
            writer.WriteString("sub", subject);
            writer.WriteString("aud", Audience);
            writer.WriteNumber("iat", now);
            writer.WriteNumber("nbf", now);
            writer.WriteNumber("exp", now + (long)lifetime.TotalSeconds);
            if (scope.Length > 0)
            {
                writer.WriteString("scope", scope);
            }
        });
    }

    /// <summary>Creates a signed RS256 token with exactly the claims that <paramref name="writeClaims"/> writes.</summary>
    /// <remarks>For tests and tools that need an unusual token (another issuer, a past expiry).</remarks>
    public string CreateToken(Action<Utf8JsonWriter> writeClaims)
    {
        ArgumentNullException.ThrowIfNull(writeClaims);
        var header = Json(w =>
        {
            w.WriteString("alg", "RS256");
            w.WriteString("typ", "JWT");
            w.WriteString("kid", KeyId);
        });
        var payload = Json(writeClaims);
        var signingInput = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <inheritdoc/>
    public void Dispose() => _key.Dispose();

    private static byte[] Json(Action<Utf8JsonWriter> writeProperties)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void ImportKey(string path, RSA key)
    {
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            throw new InvalidOperationException($"The JWT signing key '{path}' is not a PEM RSA private key; delete it to create a new one.", exception);
        }
    }

    /// <summary>Writes a new key beside the target and moves it in place, so a crash never leaves half a key; false when another process won the race.</summary>
    private static bool TryCreateKey(string path, RSA key)
    {
        key.KeySize = 2048;
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
            {
                writer.Write(key.ExportPkcs8PrivateKeyPem());
            }

            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
