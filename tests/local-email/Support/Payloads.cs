using System.Text.Json.Nodes;

namespace Platform.Tests.Local.Email.Support;

public static class Payloads
{
    /// <summary>A SendEmail request body from <c>payloads/</c>, as a mutable JSON tree.</summary>
    public static JsonObject Read(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "payloads", name)))!.AsObject();
}
