using Platform.Local.Gateway;

namespace Platform.Tests.Local.Gateway.Support;

/// <summary>A state directory for the JWT key, deleted after the test.</summary>
public sealed class TempDirectory : IDisposable
{
    public const string Issuer = "http://127.0.0.1:3000/local-idp";
    public const string Audience = "platform-local";

    public string Path { get; } = Directory.CreateTempSubdirectory("gateway-tests-").FullName;

    public LocalJwtIssuer IssuerFor(string issuer = Issuer, string audience = Audience, TimeProvider? time = null) =>
        LocalJwtIssuer.LoadOrCreate(Path, issuer, audience, time ?? FakeTime.At("2020-03-12T19:03:58.390Z"));

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
