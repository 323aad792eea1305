using System.Text.Json.Serialization;
using Platform.Functions.CreateOrder;
using Platform.Functions.Shared.Database;
using Platform.Functions.Shared.Domain.Api;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Domain.Orders;
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
        var service = new OrderService(
            new DynamoDbOrderStore(dynamo, tableName),
            new DynamoDbProductStore(dynamo, tableName, time),
            new DynamoDbUserStore(dynamo, tableName, time),
            new DynamoDbIdempotencyStore(dynamo, tableName, time),
            EventBridgePublisher.FromEnvironment(busName),
            new RandomIdGenerator(time),
            time);
        return new CreateOrderHandler(service).HandleAsync;
    },
    CreateOrderJsonContext.Default.HttpApiRequest,
    CreateOrderJsonContext.Default.HttpApiResponse);

namespace Platform.Functions.CreateOrder
{
    [JsonSerializable(typeof(HttpApiRequest))]
    [JsonSerializable(typeof(HttpApiResponse))]
    [JsonSerializable(typeof(OrderView))]
    internal sealed partial class CreateOrderJsonContext : JsonSerializerContext;
}
