using System.Text.Json.Serialization;
using Platform.Functions.InventoryUpdated;
using Platform.Functions.Shared.Database;
using Platform.Functions.Shared.Domain.Api;
using Platform.Functions.Shared.Domain.Catalogue;
using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Utilities.Adapters;

return await LambdaHost.RunAsync(
    () =>
    {
        var tableName = EnvironmentSettings.Required("TABLE_NAME");
        var sender = EnvironmentSettings.Required("EMAIL_SENDER");
        var operations = EnvironmentSettings.Required("OPERATIONS_EMAIL");
        var threshold = EnvironmentSettings.RequiredInt("LOW_STOCK_THRESHOLD", 0, 1_000_000);
        var time = TimeProvider.System;
        var alerts = new StockAlertService(
            new DynamoDbProductStore(DynamoDbClientFactory.Create(), tableName, time),
            SesEmailSender.FromEnvironment(sender),
            operations,
            threshold);
        return new InventoryUpdatedHandler(alerts).HandleAsync;
    },
    InventoryUpdatedJsonContext.Default.EventBridgeEvent,
    InventoryUpdatedJsonContext.Default.HandlerOutcome);

namespace Platform.Functions.InventoryUpdated
{
    [JsonSerializable(typeof(EventBridgeEvent))]
    [JsonSerializable(typeof(HandlerOutcome))]
    internal sealed partial class InventoryUpdatedJsonContext : JsonSerializerContext;
}
