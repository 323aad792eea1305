using Platform.Functions.Shared.Domain.Notifications;
using Platform.Tests.Domain.Fakes;
using static Platform.Tests.Domain.Support;

namespace Platform.Tests.Domain.Services;

public sealed class NotificationServiceTests
{
    private readonly InMemoryUserStore _users = new InMemoryUserStore().Seed(A.User().WithEmail("zoe@example.com").WithName("Zoë 李").Build());
    private readonly RecordingEmailSender _sender = new();
    private readonly InMemoryEmailLedger _ledger = new();

    private NotificationService CreateSut() => new(_users, _sender, _ledger);

    [Fact]
    public async Task SendOrderReceivedAsync_FirstDelivery_SendsToCustomerAndRecordsMessage()
    {
        var order = A.Order().WithLine("WIDGET-1", 2, 1_250).Build();
        var sut = CreateSut();

        var sent = await sut.SendOrderReceivedAsync(Details.OrderCreated(order), Ct);

        Assert.True(sent);
        var mail = Assert.Single(_sender.Sent);
        Assert.Equal("zoe@example.com", mail.To);
        Assert.Equal($"We received your order {order.Id}", mail.Subject);
        Assert.StartsWith("Hello Zoë 李,", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("25.00 USD", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal("msg-1", _ledger.MessageIdOf($"order-received#{order.Id}"));
    }

    [Fact]
    public async Task SendOrderReceivedAsync_Redelivered_SendsOnce()
    {
        var order = A.Order().Build();
        var sut = CreateSut();
        await sut.SendOrderReceivedAsync(Details.OrderCreated(order), Ct);

        var sentAgain = await sut.SendOrderReceivedAsync(Details.OrderCreated(order), Ct);

        Assert.False(sentAgain);
        Assert.Single(_sender.Sent);
    }

    [Fact]
    public async Task SendConfirmationAsync_AfterOrderReceived_SendsEachKindOnce()
    {
        var order = A.Order().Charged("pay_abc").Build();
        var sut = CreateSut();
        await sut.SendOrderReceivedAsync(Details.OrderCreated(order), Ct);

        var first = await sut.SendConfirmationAsync(Details.PaymentProcessed(order), Ct);
        var second = await sut.SendConfirmationAsync(Details.PaymentProcessed(order), Ct);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(2, _sender.Sent.Count);
        Assert.Equal($"Your order {order.Id} is confirmed", _sender.Sent[1].Subject);
        Assert.Contains("(payment pay_abc)", _sender.Sent[1].TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendPaymentDeclinedAsync_FirstDelivery_NamesReasonInWords()
    {
        var order = A.Order().Declined("insufficient_funds").Build();
        var sut = CreateSut();

        var sent = await sut.SendPaymentDeclinedAsync(Details.PaymentFailed(order), Ct);
        var again = await sut.SendPaymentDeclinedAsync(Details.PaymentFailed(order), Ct);

        Assert.True(sent);
        Assert.False(again);
        var mail = Assert.Single(_sender.Sent);
        Assert.Equal($"Payment for order {order.Id} was declined", mail.Subject);
        Assert.Contains("(insufficient funds)", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendOrderReceivedAsync_SenderFails_ReleasesClaimSoRetrySends()
    {
        var order = A.Order().Build();
        var sut = CreateSut();
        _sender.FailuresToInject = 1;

        await Assert.ThrowsAsync<InjectedFailureException>(() => sut.SendOrderReceivedAsync(Details.OrderCreated(order), Ct));
        var claimedAfterFailure = _ledger.IsClaimed($"order-received#{order.Id}");
        var retried = await sut.SendOrderReceivedAsync(Details.OrderCreated(order), Ct);

        Assert.False(claimedAfterFailure);
        Assert.True(retried);
        Assert.Single(_sender.Sent);
    }

    [Fact]
    public async Task SendConfirmationAsync_UnknownCustomer_ThrowsWithoutClaiming()
    {
        var order = A.Order().ForCustomer(TestIds.User(99)).Charged().Build();
        var sut = CreateSut();

        await Assert.ThrowsAsync<InvalidOperationException>(() => sut.SendConfirmationAsync(Details.PaymentProcessed(order), Ct));

        Assert.False(_ledger.IsClaimed($"order-confirmed#{order.Id}"));
        Assert.Empty(_sender.Sent);
    }

    [Theory]
    [InlineData(5, "0.05 USD")]
    [InlineData(1_205, "12.05 USD")]
    [InlineData(100_000_000, "1000000.00 USD")]
    public async Task SendOrderReceivedAsync_Amount_FormatsAsMajorUnits(long cents, string expected)
    {
        var order = A.Order().WithLine("WIDGET-1", 1, cents).Build();
        var sut = CreateSut();

        await sut.SendOrderReceivedAsync(Details.OrderCreated(order), Ct);

        Assert.Contains($" for {expected}.", Assert.Single(_sender.Sent).TextBody, StringComparison.Ordinal);
    }
}
