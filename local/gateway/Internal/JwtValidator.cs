using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Platform.Local.Gateway.Internal;

/// <summary>API Gateway's JWT authorizer over the local key: RS256 signature, iss, aud or client_id, exp, nbf, iat, scopes.</summary>
internal sealed class JwtValidator(LocalJwtIssuer issuer, TimeProvider timeProvider)
{
    public JwtValidation Validate(string? authorizationHeader, IReadOnlyList<string> requiredScopes)
    {
        var token = ExtractToken(authorizationHeader);
        if (token is null)
        {
            return JwtValidation.Unauthorized(null);
        }

        var parts = token.Split('.');
        if (parts.Length != 3
            || !TryDecode(parts[0], out var headerBytes)
            || !TryDecode(parts[1], out var payloadBytes)
            || !TryDecode(parts[2], out var signature))
        {
            return JwtValidation.Unauthorized("the token is malformed");
        }

        JsonDocument header;
        JsonDocument payload;
        try
        {
            header = JsonDocument.Parse(headerBytes);
            payload = JsonDocument.Parse(payloadBytes);
        }
        catch (JsonException)
        {
            return JwtValidation.Unauthorized("the token is malformed");
        }

        using (header)
        using (payload)
        {
            if (header.RootElement.ValueKind != JsonValueKind.Object || payload.RootElement.ValueKind != JsonValueKind.Object)
            {
                return JwtValidation.Unauthorized("the token is malformed");
            }

            if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || alg.GetString() != "RS256")
            {
                return JwtValidation.Unauthorized("signing method is not supported");
            }

            if (header.RootElement.TryGetProperty("kid", out var kid) && (kid.ValueKind != JsonValueKind.String || kid.GetString() != issuer.KeyId))
            {
                return JwtValidation.Unauthorized("unable to find a signing key that matches the kid");
            }

            var signingInput = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
            if (!issuer.Key.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return JwtValidation.Unauthorized("signature is invalid");
            }

            return ValidateClaims(payload.RootElement, requiredScopes);
        }
    }

    private JwtValidation ValidateClaims(JsonElement claims, IReadOnlyList<string> requiredScopes)
    {
        if (!claims.TryGetProperty("iss", out var iss) || iss.ValueKind != JsonValueKind.String || iss.GetString() != issuer.Issuer)
        {
            return JwtValidation.Unauthorized("the token has an invalid issuer");
        }

        if (!HasAudience(claims, "aud") && !HasAudience(claims, "client_id"))
        {
            return JwtValidation.Unauthorized("the token does not have a valid audience");
        }

        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        if (!TryGetTime(claims, "exp", out var exp) || exp is not { } expiry)
        {
            return JwtValidation.Unauthorized("the token has no valid exp claim");
        }

        if (now >= expiry)
        {
            return JwtValidation.Unauthorized("the token has expired");
        }

        if (!TryGetTime(claims, "nbf", out var nbf) || now < nbf)
        {
            return JwtValidation.Unauthorized("the token is not valid yet");
        }

        if (!TryGetTime(claims, "iat", out var iat) || now < iat)
        {
            return JwtValidation.Unauthorized("the token was issued in the future");
        }

        var scopes = ReadScopes(claims);
        if (requiredScopes.Count > 0 && !requiredScopes.Any(scopes.Contains))
        {
            return JwtValidation.Forbidden(requiredScopes);
        }

        var flattened = new List<KeyValuePair<string, string>>();
        foreach (var claim in claims.EnumerateObject())
        {
            flattened.Add(new(claim.Name, ClaimText(claim.Value)));
        }

        return JwtValidation.Valid(flattened, scopes);
    }

    private bool HasAudience(JsonElement claims, string name)
    {
        if (!claims.TryGetProperty(name, out var value))
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() == issuer.Audience,
            JsonValueKind.Array => value.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == issuer.Audience),
            _ => false,
        };
    }

    /// <summary>False when the claim is present but not a number; <paramref name="seconds"/> is null when it is absent.</summary>
    private static bool TryGetTime(JsonElement claims, string name, out long? seconds)
    {
        seconds = null;
        if (!claims.TryGetProperty(name, out var value))
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
        {
            return false;
        }

        seconds = (long)Math.Floor(number);
        return true;
    }

    private static List<string> ReadScopes(JsonElement claims)
    {
        var scopes = new List<string>();
        foreach (var name in new[] { "scope", "scp" })
        {
            if (!claims.TryGetProperty(name, out var value))
            {
                continue;
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                scopes.AddRange(value.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                scopes.AddRange(value.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()!));
            }
        }

        return scopes;
    }

    /// <summary>API Gateway passes every claim as a string; arrays as "[a b]", objects as their JSON.</summary>
    private static string ClaimText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Array => "[" + string.Join(' ', value.EnumerateArray().Select(ClaimText)) + "]",
        JsonValueKind.Number => value.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : value.GetRawText(),
        _ => value.GetRawText(),
    };

    private static string? ExtractToken(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var token = header.Trim();
        if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = token["Bearer ".Length..].Trim();
        }

        return token.Length == 0 ? null : token;
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}

internal sealed class JwtValidation
{
    private JwtValidation(int statusCode, string? errorDescription, IReadOnlyList<string> scopes, IReadOnlyList<KeyValuePair<string, string>> claims)
    {
        StatusCode = statusCode;
        ErrorDescription = errorDescription;
        Scopes = scopes;
        Claims = claims;
    }

    /// <summary>200 when valid, 401 or 403 otherwise.</summary>
    public int StatusCode { get; }

    public bool IsValid => StatusCode == 200;

    public string? ErrorDescription { get; }

    /// <summary>The token's scopes when valid; the route's required scopes when forbidden.</summary>
    public IReadOnlyList<string> Scopes { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Claims { get; }

    public static JwtValidation Valid(IReadOnlyList<KeyValuePair<string, string>> claims, IReadOnlyList<string> scopes) => new(200, null, scopes, claims);

    public static JwtValidation Unauthorized(string? description) => new(401, description, [], []);

    public static JwtValidation Forbidden(IReadOnlyList<string> requiredScopes) => new(403, "insufficient scopes", requiredScopes, []);

    /// <summary>The www-authenticate header API Gateway sends with a 401 or 403.</summary>
    public string WwwAuthenticate => StatusCode == 403
        ? $"Bearer scope=\"{string.Join(' ', Scopes)}\" error=\"insufficient_scope\" error_description=\"{ErrorDescription}\""
        : ErrorDescription is null
            ? "Bearer"
            : $"Bearer scope=\"\" error=\"invalid_token\" error_description=\"{ErrorDescription}\"";
}
