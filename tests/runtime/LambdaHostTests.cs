using Platform.Functions.Shared.Runtime;

namespace Platform.Tests.Runtime;

public sealed class LambdaHostTests
{
    [Fact]
    public void CreateRuntimeApiClient_HostAndPort_TargetsVersionedApiWithoutTimeout()
    {
        // Act
        using var client = LambdaHost.CreateRuntimeApiClient("127.0.0.1:9001");

        // Assert
        Assert.Equal(new Uri("http://127.0.0.1:9001/2018-06-01/"), client.BaseAddress);
        Assert.Equal(Timeout.InfiniteTimeSpan, client.Timeout);
    }
}
