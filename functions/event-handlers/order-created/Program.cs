using System.Text.Json.Serialization;
using Platform.Functions.OrderCreated;
using Platform.Functions.Shared.Database;
using Platform.Functions.Shared.Domain.Analytics;
using Platform.Functions.Shared.Domain.Api;
using Platform.Functions.Shared.Domain.Notifications;
using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Utilities.Adapters;

return await LambdaHost.RunAsync(
    () =>
    {
        var tableName = EnvironmentSettings.Required("TABLE_NAME");
        var sender = EnvironmentSettings.Required("EMAIL_SENDER");
        var time = TimeProvider.System;
        var dynamo = DynamoDbClientFactory.Create();
        var notifications = new NotificationService(
            new DynamoDbUserStore(dynamo, tableName, time),
            SesEmailSender.FromEnvironment(sender),
            new DynamoDbEmailLedger(dynamo, tableName, time));
        var analytics = new AnalyticsService(new DynamoDbAnalyticsStore(dynamo, tableName));
        return new OrderCreatedHandler(analytics, notifications).HandleAsync;
    },
    OrderCreatedJsonContext.Default.EventBridgeEvent,
    OrderCreatedJsonContext.Default.HandlerOutcome);

namespace Platform.Functions.OrderCreated
{
    [JsonSerializable(typeof(EventBridgeEvent))]
    [JsonSerializable(typeof(HandlerOutcome))]
    internal sealed partial class OrderCreatedJsonContext : JsonSerializerContext;
}
