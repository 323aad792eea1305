using System.Text.Json.Serialization;
using Platform.Functions.PutProduct;
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
        var busName = EnvironmentSettings.Required("EVENT_BUS_NAME");
        var time = TimeProvider.System;
        var dynamo = DynamoDbClientFactory.Create();
        var inventory = new InventoryService(
            new DynamoDbOrderStore(dynamo, tableName),
            new DynamoDbProductStore(dynamo, tableName, time),
            EventBridgePublisher.FromEnvironment(busName),
            time);
        return new PutProductHandler(inventory).HandleAsync;
    },
    PutProductJsonContext.Default.HttpApiRequest,
    PutProductJsonContext.Default.HttpApiResponse);

namespace Platform.Functions.PutProduct
{
    [JsonSerializable(typeof(HttpApiRequest))]
    [JsonSerializable(typeof(HttpApiResponse))]
    [JsonSerializable(typeof(ProductView))]
    internal sealed partial class PutProductJsonContext : JsonSerializerContext;
}
