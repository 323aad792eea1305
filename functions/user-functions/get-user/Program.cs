using System.Text.Json.Serialization;
using Platform.Functions.GetUser;
using Platform.Functions.Shared.Database;
using Platform.Functions.Shared.Domain.Api;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Domain.Users;
using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;

return await LambdaHost.RunAsync(
    () =>
    {
        var tableName = EnvironmentSettings.Required("TABLE_NAME");
        var time = TimeProvider.System;
        var store = new DynamoDbUserStore(DynamoDbClientFactory.Create(), tableName, time);
        return new GetUserHandler(new UserService(store, new RandomIdGenerator(time), time)).HandleAsync;
    },
    GetUserJsonContext.Default.HttpApiRequest,
    GetUserJsonContext.Default.HttpApiResponse);

namespace Platform.Functions.GetUser
{
    [JsonSerializable(typeof(HttpApiRequest))]
    [JsonSerializable(typeof(HttpApiResponse))]
    [JsonSerializable(typeof(UserView))]
    internal sealed partial class GetUserJsonContext : JsonSerializerContext;
}
