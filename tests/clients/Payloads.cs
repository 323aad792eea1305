namespace Platform.Tests.Clients;

/// <summary>AWS response bodies kept as files under payloads/, so their shapes are reviewable.</summary>
internal static class Payloads
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "payloads", name));
}
