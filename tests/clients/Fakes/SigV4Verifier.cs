using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Tests.Clients.Fakes;

/// <summary>Test-only: recomputes a request's SigV4 signature independently, as AWS does on receipt, and asserts it matches.</summary>
internal static class SigV4Verifier
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    public static SigV4Authorization AssertSigned(
        RecordedRequest request, string accessKey, string secretKey, string region, string service)
    {
        var authorization = request.Header("Authorization");
        Assert.NotNull(authorization);
        var auth = SigV4Authorization.Parse(authorization);

        var amzDate = request.Header("X-Amz-Date");
        Assert.NotNull(amzDate);
        var signedAt = DateTime.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        Assert.InRange(signedAt, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(5));

        var scope = $"{amzDate[..8]}/{region}/{service}/aws4_request";
        Assert.Equal(Algorithm, auth.Algorithm);
        Assert.Equal($"{accessKey}/{scope}", auth.Credential);
        Assert.Contains("host", auth.SignedHeaders);
        Assert.Contains("x-amz-date", auth.SignedHeaders);

        var payloadHash = Hex(SHA256.HashData(request.Body));
        if (request.Header("X-Amz-Content-SHA256") is { } declaredHash)
        {
            Assert.Equal(payloadHash, declaredHash);
        }

        var canonicalHeaders = string.Concat(auth.SignedHeaders.Select(name =>
        {
            var value = request.Header(name);
            Assert.True(value is not null, $"Signed header '{name}' was not received.");
            return $"{name}:{CollapseSpaces(value.Trim())}\n";
        }));
        var canonicalRequest = string.Join('\n',
            request.Method,
            request.Path,
            CanonicalQuery(request.Query),
            canonicalHeaders,
            string.Join(';', auth.SignedHeaders),
            payloadHash);
        var stringToSign = string.Join('\n',
            Algorithm, amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), amzDate[..8]);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var expected = Hex(Hmac(key, stringToSign));

        Assert.Equal(expected, auth.Signature);
        return auth;
    }

    private static string CanonicalQuery(string query) =>
        string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

    private static string CollapseSpaces(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c != ' ' || builder.Length == 0 || builder[^1] != ' ')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

/// <summary>The parts of an <c>Authorization: AWS4-HMAC-SHA256 ...</c> header.</summary>
internal sealed record SigV4Authorization(string Algorithm, string Credential, IReadOnlyList<string> SignedHeaders, string Signature)
{
    public static SigV4Authorization Parse(string header)
    {
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        Assert.True(space > 0, $"Malformed Authorization header: {header}");
        var parts = header[(space + 1)..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        return new SigV4Authorization(
            header[..space],
            parts["Credential"],
            parts["SignedHeaders"].Split(';'),
            parts["Signature"]);
    }
}
