using System.Text.Json.Serialization;

namespace Platform.Tests.Runtime.Support;

public sealed record EchoRequest(string Message);

public sealed record EchoResponse(string Message);

[JsonSerializable(typeof(EchoRequest))]
[JsonSerializable(typeof(EchoResponse))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
