using System.Text.Json.Serialization;
using Platform.Functions.SendConfirmation;
using Platform.Functions.Shared.Database;
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
        var service = new NotificationService(
            new DynamoDbUserStore(dynamo, tableName, time),
            SesEmailSender.FromEnvironment(sender),
            new DynamoDbEmailLedger(dynamo, tableName, time));
        return new SendConfirmationHandler(service).HandleAsync;
    },
    SendConfirmationJsonContext.Default.EventBridgeEvent,
    SendConfirmationJsonContext.Default.HandlerOutcome);

namespace Platform.Functions.SendConfirmation
{
    [JsonSerializable(typeof(EventBridgeEvent))]
    [JsonSerializable(typeof(HandlerOutcome))]
    internal sealed partial class SendConfirmationJsonContext : JsonSerializerContext;
}
