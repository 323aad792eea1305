using System.Text.Json.Serialization;
using Platform.Functions.GetOrder;
using Platform.Functions.Shared.Database;
using Platform.Functions.Shared.Domain.Api;
using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;

return await LambdaHost.RunAsync(
    () =>
    {
        var tableName = EnvironmentSettings.Required("TABLE_NAME");
        return new GetOrderHandler(new DynamoDbOrderStore(DynamoDbClientFactory.Create(), tableName)).HandleAsync;
    },
    GetOrderJsonContext.Default.HttpApiRequest,
    GetOrderJsonContext.Default.HttpApiResponse);

namespace Platform.Functions.GetOrder
{
    [JsonSerializable(typeof(HttpApiRequest))]
    [JsonSerializable(typeof(HttpApiResponse))]
    [JsonSerializable(typeof(OrderView))]
    internal sealed partial class GetOrderJsonContext : JsonSerializerContext;
}
