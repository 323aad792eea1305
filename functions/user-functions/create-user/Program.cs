using System.Text.Json.Serialization;
using Platform.Functions.CreateUser;
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
        return new CreateUserHandler(new UserService(store, new RandomIdGenerator(time), time)).HandleAsync;
    },
    CreateUserJsonContext.Default.HttpApiRequest,
    CreateUserJsonContext.Default.HttpApiResponse);

namespace Platform.Functions.CreateUser
{
    [JsonSerializable(typeof(HttpApiRequest))]
    [JsonSerializable(typeof(HttpApiResponse))]
    [JsonSerializable(typeof(UserView))]
    internal sealed partial class CreateUserJsonContext : JsonSerializerContext;
}
