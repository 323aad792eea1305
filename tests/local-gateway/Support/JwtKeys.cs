namespace Platform.Tests.Local.Gateway.Support;

/// <summary>Two state directories with a key each, generated once per test class (RSA generation is the slow part).</summary>
public sealed class JwtKeys : IDisposable
{
    public JwtKeys()
    {
        Primary.IssuerFor().Dispose();
        Other.IssuerFor().Dispose();
    }

    public TempDirectory Primary { get; } = new();

    public TempDirectory Other { get; } = new();

    public void Dispose()
    {
        Primary.Dispose();
        Other.Dispose();
    }
}
