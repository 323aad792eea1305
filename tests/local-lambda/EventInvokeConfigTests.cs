using Platform.Local.Lambda;

namespace Platform.Tests.Local.Lambda;

public sealed class EventInvokeConfigTests
{
    [Fact]
    public void Defaults_AreLambdas()
    {
        var sut = new EventInvokeConfig();

        Assert.Equal(2, sut.MaximumRetryAttempts);
        Assert.Equal(TimeSpan.FromHours(6), sut.MaximumEventAge);
        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)], sut.RetryDelays);
        sut.Validate();
    }

    [Theory]
    [InlineData(-1, 60)]
    [InlineData(3, 60)]
    [InlineData(2, 59)]
    [InlineData(0, 21601)]
    public void Validate_OutsideLambdasRanges_Throws(int retries, int maximumAgeSeconds)
    {
        var sut = new EventInvokeConfig { MaximumRetryAttempts = retries, MaximumEventAge = TimeSpan.FromSeconds(maximumAgeSeconds) };

        Assert.Throws<ArgumentOutOfRangeException>(sut.Validate);
    }

    [Theory]
    [InlineData(0, 60)]
    [InlineData(2, 21600)]
    public void Validate_AtLambdasBounds_Passes(int retries, int maximumAgeSeconds)
    {
        var sut = new EventInvokeConfig { MaximumRetryAttempts = retries, MaximumEventAge = TimeSpan.FromSeconds(maximumAgeSeconds) };

        sut.Validate();
    }
}
