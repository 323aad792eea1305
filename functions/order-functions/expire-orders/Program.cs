using System.Text.Json.Serialization;
using Platform.Functions.ExpireOrders;
using Platform.Functions.Shared.Database;
using Platform.Functions.Shared.Domain.Api;
using Platform.Functions.Shared.Domain.Orders;
using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;

return await LambdaHost.RunAsync(
    () =>
    {
        var tableName = EnvironmentSettings.Required("TABLE_NAME");
        var maximumAge = TimeSpan.FromMinutes(EnvironmentSettings.RequiredInt("PENDING_ORDER_MAX_AGE_MINUTES", 1, 525_600));
        var batchSize = EnvironmentSettings.OptionalInt("EXPIRY_BATCH_SIZE", 100, 1, 1000);
        var time = TimeProvider.System;
        var service = new OrderExpiryService(new DynamoDbOrderStore(DynamoDbClientFactory.Create(), tableName), time);
        return new ExpireOrdersHandler(service, maximumAge, batchSize).HandleAsync;
    },
    ExpireOrdersJsonContext.Default.EventBridgeEvent,
    ExpireOrdersJsonContext.Default.HandlerOutcome);

namespace Platform.Functions.ExpireOrders
{
    [JsonSerializable(typeof(EventBridgeEvent))]
    [JsonSerializable(typeof(HandlerOutcome))]
    internal sealed partial class ExpireOrdersJsonContext : JsonSerializerContext;
}
