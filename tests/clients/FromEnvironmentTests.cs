using Platform.Functions.Shared.Utilities.Email;
using Platform.Functions.Shared.Utilities.EventBridge;
using Platform.Tests.Clients.Fakes;

namespace Platform.Tests.Clients;

/// <summary>These tests set process-wide environment variables, so they run alone, after the parallel tests.</summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class ProcessEnvironmentTests;

[Collection(typeof(ProcessEnvironmentTests))]
public sealed class FromEnvironmentTests
{
    private const string AccessKey = "AKIDENVIRONMENT";
    private const string SecretKey = "environment/secret/key";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EventBridgeFromEnvironment_ServiceEndpointAndEnvCredentials_SignsWithEnvKeys()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = _ => FakeResponse.Json(200, """{"FailedEntryCount":0,"Entries":[{"EventId":"e-1"}]}""");
        using var env = EnvironmentScope.Set(
            ("AWS_REGION", "eu-central-1"),
            ("AWS_ENDPOINT_URL_EVENTBRIDGE", server.Endpoint.ToString()),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:9/never-used"));
        using var sut = EventBridgeClient.FromEnvironment();

        await sut.PutEventsAsync([Build.OrderCreated()], Ct);

        SigV4Verifier.AssertSigned(server.SingleRequest, AccessKey, SecretKey, "eu-central-1", "events");
    }

    [Fact]
    public async Task SesV2FromEnvironment_GlobalEndpointAndDefaultRegion_SignsWithEnvKeys()
    {
        await using var server = FakeAwsServer.Start();
        server.Respond = _ => FakeResponse.Json(200, """{"MessageId":"m-1"}""");
        using var env = EnvironmentScope.Set(
            ("AWS_REGION", null),
            ("AWS_DEFAULT_REGION", "us-east-2"),
            ("AWS_ENDPOINT_URL", server.Endpoint.ToString()));
        using var sut = SesV2Client.FromEnvironment();

        var messageId = await sut.SendEmailAsync(Build.OrderReceivedEmail(), Ct);

        Assert.Equal("m-1", messageId);
        Assert.Equal("/v2/email/outbound-emails", server.SingleRequest.Path);
        SigV4Verifier.AssertSigned(server.SingleRequest, AccessKey, SecretKey, "us-east-2", "ses");
    }

    [Fact]
    public void EventBridgeFromEnvironment_NoRegion_ThrowsNamingAwsRegion()
    {
        using var env = EnvironmentScope.Set(("AWS_REGION", null), ("AWS_DEFAULT_REGION", null));

        var error = Assert.Throws<InvalidOperationException>(() => EventBridgeClient.FromEnvironment());

        Assert.Contains("AWS_REGION", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Sets dummy credentials plus the given variables, and restores every previous value on dispose.</summary>
    private sealed class EnvironmentScope : IDisposable
    {
        private readonly Dictionary<string, string?> _previous = [];

        public static EnvironmentScope Set(params (string Name, string? Value)[] variables)
        {
            var scope = new EnvironmentScope();
            (string, string?)[] baseline =
            [
                ("AWS_ACCESS_KEY_ID", AccessKey),
                ("AWS_SECRET_ACCESS_KEY", SecretKey),
                ("AWS_SESSION_TOKEN", null),
                ("AWS_EC2_METADATA_DISABLED", "true"),
                ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", null),
                ("AWS_ENDPOINT_URL_EVENTBRIDGE", null),
                ("AWS_ENDPOINT_URL_SESV2", null),
                ("AWS_ENDPOINT_URL", null),
                ("AWS_DEFAULT_REGION", null),
            ];
            foreach (var (name, value) in baseline.Concat(variables))
            {
                scope._previous.TryAdd(name, Environment.GetEnvironmentVariable(name));
                Environment.SetEnvironmentVariable(name, value);
            }

            return scope;
        }

        public void Dispose()
        {
            foreach (var (name, value) in _previous)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
