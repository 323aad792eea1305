using Platform.Functions.Shared.Domain.Events;
using Platform.Functions.Shared.Domain.Orders;
using Platform.Tests.Functions.Support;

namespace Platform.Tests.Functions.Flow;

/// <summary>
/// The order flow through the real handlers, with the test playing EventBridge's rules and the payments queue: each
/// event a function published is delivered to the functions that subscribe to it, as AWS would deliver it.
/// </summary>
public sealed class OrderFlowTests(DynaliteFixture dynalite) : IAsyncLifetime
{
    private const string Customer = "ada@example.com";

    private TestPlatform platform = null!;

    public async ValueTask InitializeAsync() => platform = await TestPlatform.StartAsync(dynalite);

    public ValueTask DisposeAsync() => platform.DisposeAsync();

    [Fact]
    public async Task PlaceOrder_PaidCard_IsPaidReservedAndEmailedOnceEvenWhenEverythingIsRedelivered()
    {
        // Arrange
        var customerId = await platform.CreateUserAsync(Customer, "Ada Lovelace");
        await platform.PutProductAsync("WIDGET-1", priceCents: 1250, stock: 6);
        await platform.PutProductAsync("GADGET-7", priceCents: 500, stock: 50);

        // Act: create-order
        var created = await platform.CreateOrderHandler().HandleAsync(
            Requests.CreateOrder(customerId, "pm_card_visa", ("WIDGET-1", 2), ("GADGET-7", 1)).WithIdempotencyKey("flow-1").Build(),
            platform.Context("create-order"));
        var orderId = Responses.Json(created).GetProperty("id").GetString()!;
        Assert.Equal("pending", Responses.Json(created).GetProperty("status").GetString());

        // Order Created → order-created, and → payments queue → process-payment
        var orderCreated = EventBuilder.Delivering(Assert.Single(platform.Aws.EventsOf(EventContracts.OrderCreated.DetailType)));
        var received = await platform.OrderCreatedHandler().HandleAsync(orderCreated.Build(), platform.Context("order-created"));
        var payments = SqsBatchBuilder.Payments().WithEvent(orderCreated, messageId: "msg-order-created");
        var payment = await platform.ProcessPaymentHandler().HandleAsync(payments.Build(), platform.Context("process-payment"));
        Assert.Equal("handled", received.Outcome);
        Assert.Empty(payment.BatchItemFailures);
        var paid = await platform.OrderAsync(orderId);
        Assert.Equal(OrderStatus.Paid, paid.Status);
        Assert.StartsWith("pay_", paid.PaymentId, StringComparison.Ordinal);

        // Payment Processed → payment-processed and send-confirmation
        var paymentProcessed = EventBuilder.Delivering(Assert.Single(platform.Aws.EventsOf(EventContracts.PaymentProcessed.DetailType)));
        var reservation = await platform.PaymentProcessedHandler().HandleAsync(paymentProcessed.Build(), platform.Context("payment-processed"));
        var confirmation = await platform.SendConfirmationHandler().HandleAsync(paymentProcessed.Build(), platform.Context("send-confirmation"));
        Assert.Equal("reserved", reservation.Outcome);
        Assert.Equal("sent", confirmation.Outcome);
        Assert.Equal(OrderStatus.Reserved, (await platform.OrderAsync(orderId)).Status);
        Assert.Equal(4, await platform.StockAsync("WIDGET-1"));
        Assert.Equal(49, await platform.StockAsync("GADGET-7"));

        // Inventory Updated (the reservation) → inventory-updated: WIDGET-1 fell below the threshold of 5
        var inventoryUpdated = EventBuilder.Delivering(Assert.Single(
            platform.Aws.EventsOf(EventContracts.InventoryUpdated.DetailType),
            e => e.DetailString("reason") == "reservation"));
        var alert = await platform.InventoryUpdatedHandler().HandleAsync(inventoryUpdated.Build(), platform.Context("inventory-updated"));
        Assert.Equal("alerted WIDGET-1", alert.Outcome);

        // Assert: one e-mail of each kind
        var toCustomer = platform.Aws.EmailsTo(Customer);
        Assert.Equal(2, toCustomer.Count);
        Assert.Equal($"We received your order {orderId}", toCustomer[0].Subject);
        Assert.Equal($"Your order {orderId} is confirmed", toCustomer[1].Subject);
        Assert.Contains(paid.PaymentId!, toCustomer[1].Text, StringComparison.Ordinal);
        Assert.Equal("Low stock: WIDGET-1", Assert.Single(platform.Aws.EmailsTo(TestPlatform.Operations)).Subject);
        Assert.All(platform.Aws.Emails, e => Assert.Equal(TestPlatform.Sender, e.From));
        Assert.All(platform.Aws.Emails, e => Assert.Contains("/us-east-1/ses/aws4_request", e.Authorization, StringComparison.Ordinal));
        Assert.Equal(3, platform.Aws.Emails.Count);

        // Act again: SQS and EventBridge deliver at least once; every delivery happens a second time
        var retried = await platform.CreateOrderHandler().HandleAsync(
            Requests.CreateOrder(customerId, "pm_card_visa", ("WIDGET-1", 2), ("GADGET-7", 1)).WithIdempotencyKey("flow-1").Build(),
            platform.Context("create-order"));
        var secondReceived = await platform.OrderCreatedHandler().HandleAsync(orderCreated.Build(), platform.Context("order-created"));
        var secondPayment = await platform.ProcessPaymentHandler().HandleAsync(payments.Build(), platform.Context("process-payment"));
        await platform.PaymentProcessedHandler().HandleAsync(paymentProcessed.Build(), platform.Context("payment-processed"));
        var secondConfirmation = await platform.SendConfirmationHandler().HandleAsync(paymentProcessed.Build(), platform.Context("send-confirmation"));
        var secondAlert = await platform.InventoryUpdatedHandler().HandleAsync(inventoryUpdated.Build(), platform.Context("inventory-updated"));

        // The re-runs published their outcomes again (new event ids, same facts); deliver those too
        foreach (var republished in platform.Aws.EventsOf(EventContracts.PaymentProcessed.DetailType).Skip(1))
        {
            await platform.PaymentProcessedHandler().HandleAsync(EventBuilder.Delivering(republished).Build(), platform.Context("payment-processed"));
            await platform.SendConfirmationHandler().HandleAsync(EventBuilder.Delivering(republished).Build(), platform.Context("send-confirmation"));
        }

        foreach (var republished in platform.Aws.EventsOf(EventContracts.InventoryUpdated.DetailType).Where(e => e.DetailString("reason") == "reservation").Skip(1))
        {
            await platform.InventoryUpdatedHandler().HandleAsync(EventBuilder.Delivering(republished).Build(), platform.Context("inventory-updated"));
        }

        // Assert: nothing changed — no second order, charge, reservation or e-mail
        Assert.Equal("true", Responses.Header(retried, "idempotent-replayed"));
        Assert.Equal(orderId, Responses.Json(retried).GetProperty("id").GetString());
        Assert.Equal("duplicate", secondReceived.Outcome);
        Assert.Empty(secondPayment.BatchItemFailures);
        Assert.Equal("duplicate", secondConfirmation.Outcome);
        Assert.Equal("no alert", secondAlert.Outcome);
        var final = await platform.OrderAsync(orderId);
        Assert.Equal(OrderStatus.Reserved, final.Status);
        Assert.Equal(paid.PaymentId, final.PaymentId);
        Assert.Equal(4, await platform.StockAsync("WIDGET-1"));
        Assert.Equal(49, await platform.StockAsync("GADGET-7"));
        Assert.Equal(1, await platform.CountAsync("Order"));
        Assert.Equal(3, platform.Aws.Emails.Count);
        Assert.Single(platform.Aws.EventsOf(EventContracts.OrderCreated.DetailType));
        Assert.Equal(2, platform.Aws.EventsOf(EventContracts.PaymentProcessed.DetailType).Count);
        Assert.All(
            platform.Aws.EventsOf(EventContracts.PaymentProcessed.DetailType),
            e => Assert.Equal(paid.PaymentId, e.DetailString("paymentId")));
        Assert.Empty(platform.Aws.Unexpected);
    }

    [Fact]
    public async Task PlaceOrder_DeclinedCard_IsDeclinedWithStockUntouchedAndOneDeclineEmail()
    {
        // Arrange
        var customerId = await platform.CreateUserAsync(Customer, "Ada Lovelace");
        await platform.PutProductAsync("WIDGET-1", priceCents: 1250, stock: 6);
        var orderId = await platform.CreateOrderAsync(customerId, "pm_card_declined", ("WIDGET-1", 2));
        var orderCreated = EventBuilder.Delivering(Assert.Single(platform.Aws.EventsOf(EventContracts.OrderCreated.DetailType)));
        var payments = SqsBatchBuilder.Payments().WithEvent(orderCreated);

        // Act
        var payment = await platform.ProcessPaymentHandler().HandleAsync(payments.Build(), platform.Context("process-payment"));
        var paymentFailed = EventBuilder.Delivering(Assert.Single(platform.Aws.EventsOf(EventContracts.PaymentFailed.DetailType)));
        var notice = await platform.SendConfirmationHandler().HandleAsync(paymentFailed.Build(), platform.Context("send-confirmation"));
        var secondPayment = await platform.ProcessPaymentHandler().HandleAsync(payments.Build(), platform.Context("process-payment"));
        var secondNotice = await platform.SendConfirmationHandler().HandleAsync(paymentFailed.Build(), platform.Context("send-confirmation"));

        // Assert
        Assert.Empty(payment.BatchItemFailures);
        Assert.Empty(secondPayment.BatchItemFailures);
        var order = await platform.OrderAsync(orderId);
        Assert.Equal(OrderStatus.Declined, order.Status);
        Assert.Equal("card_declined", order.DeclineReason);
        Assert.Null(order.PaymentId);
        Assert.Empty(platform.Aws.EventsOf(EventContracts.PaymentProcessed.DetailType));
        Assert.Equal(6, await platform.StockAsync("WIDGET-1"));
        Assert.Equal(("sent", "duplicate"), (notice.Outcome, secondNotice.Outcome));
        var email = Assert.Single(platform.Aws.Emails);
        Assert.Equal(Customer, Assert.Single(email.To));
        Assert.Equal($"Payment for order {orderId} was declined", email.Subject);
        Assert.Contains("card declined", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessPayment_PoisonMessagesInBatch_ReportsOnlyThemAndChargesTheRest()
    {
        // Arrange
        var customerId = await platform.CreateUserAsync(Customer, "Ada Lovelace");
        await platform.PutProductAsync("WIDGET-1", priceCents: 1250, stock: 6);
        var first = await platform.CreateOrderAsync(customerId, "pm_card_visa", ("WIDGET-1", 1));
        var second = await platform.CreateOrderAsync(customerId, "pm_card_visa", ("WIDGET-1", 2));
        var events = platform.Aws.EventsOf(EventContracts.OrderCreated.DetailType);
        var batch = SqsBatchBuilder.Payments()
            .WithEvent(EventBuilder.Delivering(events[0]), messageId: "ok-1")
            .WithMessage("this is not JSON", messageId: "poison-not-json")
            .WithMessage("""{"orderId":"ord_19abc0de1f07d3c5a9e1b2f4c6d8e0a","amount":25.5}""", messageId: "poison-not-an-envelope")
            .WithEvent(EventBuilder.OrderCreated().WithDetailField("schemaVersion", 2), messageId: "poison-schema-v2")
            .WithEvent(EventBuilder.OrderCreated().WithDetailField("currency", "EUR"), messageId: "poison-currency")
            .WithEvent(EventBuilder.OrderCreated().WithDetailField("couponCode", "FREE"), messageId: "poison-unknown-field")
            .WithEvent(EventBuilder.OrderCreated(), messageId: "poison-unknown-order")
            .WithEvent(EventBuilder.Delivering(events[1]), messageId: "ok-2");

        // Act
        var response = await platform.ProcessPaymentHandler().HandleAsync(batch.Build(), platform.Context("process-payment"));

        // Assert
        Assert.Equal(
            ["poison-not-json", "poison-not-an-envelope", "poison-schema-v2", "poison-currency", "poison-unknown-field", "poison-unknown-order"],
            response.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Equal(OrderStatus.Paid, (await platform.OrderAsync(first)).Status);
        Assert.Equal(OrderStatus.Paid, (await platform.OrderAsync(second)).Status);
        Assert.Equal(2, platform.Aws.EventsOf(EventContracts.PaymentProcessed.DetailType).Count);
    }

    [Fact]
    public async Task ExpireOrders_ScheduledEvent_ExpiresStalePendingOrdersWhichThenAreNotCharged()
    {
        // Arrange
        var customerId = await platform.CreateUserAsync(Customer, "Ada Lovelace");
        await platform.PutProductAsync("WIDGET-1", priceCents: 1250, stock: 6);
        var stale = await platform.CreateOrderAsync(customerId, "pm_card_visa", ("WIDGET-1", 1));
        var orderCreated = EventBuilder.Delivering(Assert.Single(platform.Aws.EventsOf(EventContracts.OrderCreated.DetailType)));

        // Act
        var outcome = await platform.ExpireOrdersHandler(maximumAge: TimeSpan.Zero).HandleAsync(EventBuilder.Scheduled().Build(), platform.Context("expire-orders"));
        var payment = await platform.ProcessPaymentHandler().HandleAsync(SqsBatchBuilder.Payments().WithEvent(orderCreated).Build(), platform.Context("process-payment"));

        // Assert
        Assert.Equal("expired 1", outcome.Outcome);
        Assert.Empty(payment.BatchItemFailures);
        var order = await platform.OrderAsync(stale);
        Assert.Equal(OrderStatus.Expired, order.Status);
        Assert.Null(order.PaymentId);
        Assert.Empty(platform.Aws.EventsOf(EventContracts.PaymentProcessed.DetailType));
    }

    [Fact]
    public async Task ExpireOrders_FreshOrder_IsLeftPending()
    {
        var customerId = await platform.CreateUserAsync(Customer, "Ada Lovelace");
        await platform.PutProductAsync("WIDGET-1", priceCents: 1250, stock: 6);
        var fresh = await platform.CreateOrderAsync(customerId, "pm_card_visa", ("WIDGET-1", 1));

        var outcome = await platform.ExpireOrdersHandler(maximumAge: TimeSpan.FromMinutes(30)).HandleAsync(EventBuilder.Scheduled().Build(), platform.Context("expire-orders"));

        Assert.Equal("expired 0", outcome.Outcome);
        Assert.Equal(OrderStatus.Pending, (await platform.OrderAsync(fresh)).Status);
    }

    [Fact]
    public async Task PaymentProcessed_NotEnoughStock_BackordersWithoutTakingAnyStock()
    {
        var customerId = await platform.CreateUserAsync(Customer, "Ada Lovelace");
        await platform.PutProductAsync("WIDGET-1", priceCents: 1250, stock: 6);
        await platform.PutProductAsync("GADGET-7", priceCents: 500, stock: 1);
        var orderId = await platform.CreateOrderAsync(customerId, "pm_card_visa", ("WIDGET-1", 2), ("GADGET-7", 3));
        var orderCreated = EventBuilder.Delivering(Assert.Single(platform.Aws.EventsOf(EventContracts.OrderCreated.DetailType)));
        await platform.ProcessPaymentHandler().HandleAsync(SqsBatchBuilder.Payments().WithEvent(orderCreated).Build(), platform.Context("process-payment"));
        var paymentProcessed = EventBuilder.Delivering(Assert.Single(platform.Aws.EventsOf(EventContracts.PaymentProcessed.DetailType)));

        var outcome = await platform.PaymentProcessedHandler().HandleAsync(paymentProcessed.Build(), platform.Context("payment-processed"));

        Assert.Equal("backordered", outcome.Outcome);
        Assert.Equal(OrderStatus.Backordered, (await platform.OrderAsync(orderId)).Status);
        Assert.Equal(6, await platform.StockAsync("WIDGET-1"));
        Assert.Equal(1, await platform.StockAsync("GADGET-7"));
        Assert.DoesNotContain(platform.Aws.EventsOf(EventContracts.InventoryUpdated.DetailType), e => e.DetailString("reason") == "reservation");
    }

    [Fact]
    public async Task InventoryUpdated_RestockAboveThreshold_RearmsTheAlert()
    {
        await platform.PutProductAsync("WIDGET-1", priceCents: 1250, stock: 2);
        var handler = platform.InventoryUpdatedHandler();
        var low = EventBuilder.Delivering(platform.Aws.EventsOf(EventContracts.InventoryUpdated.DetailType)[0]);
        await handler.HandleAsync(low.Build(), platform.Context("inventory-updated"));
        await platform.PutProductAsync("WIDGET-1", priceCents: 1250, stock: 20);
        await handler.HandleAsync(EventBuilder.Delivering(platform.Aws.EventsOf(EventContracts.InventoryUpdated.DetailType)[1]).Build(), platform.Context("inventory-updated"));
        await platform.PutProductAsync("WIDGET-1", priceCents: 1250, stock: 1);

        var outcome = await handler.HandleAsync(EventBuilder.Delivering(platform.Aws.EventsOf(EventContracts.InventoryUpdated.DetailType)[2]).Build(), platform.Context("inventory-updated"));

        Assert.Equal("alerted WIDGET-1", outcome.Outcome);
        Assert.Equal(2, platform.Aws.EmailsTo(TestPlatform.Operations).Count);
    }
}
