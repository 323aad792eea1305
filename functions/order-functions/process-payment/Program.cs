using System.Text.Json.Serialization;
using Platform.Functions.ProcessPayment;
using Platform.Functions.Shared.Database;
using Platform.Functions.Shared.Domain.Payments;
using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Utilities.Adapters;

return await LambdaHost.RunAsync(
    () =>
    {
        var tableName = EnvironmentSettings.Required("TABLE_NAME");
        var busName = EnvironmentSettings.Required("EVENT_BUS_NAME");
        var provider = EnvironmentSettings.Optional("PAYMENT_PROVIDER") ?? "simulator";
        if (provider != "simulator")
        {
            throw new ConfigurationException($"Environment variable PAYMENT_PROVIDER must be 'simulator' (the only adapter this build has); it is '{provider}'.");
        }

        var time = TimeProvider.System;
        var service = new PaymentService(
            new DynamoDbOrderStore(DynamoDbClientFactory.Create(), tableName),
            new PaymentSimulator(),
            EventBridgePublisher.FromEnvironment(busName),
            time);
        return new ProcessPaymentHandler(service).HandleAsync;
    },
    ProcessPaymentJsonContext.Default.SqsEvent,
    ProcessPaymentJsonContext.Default.SqsBatchResponse);

namespace Platform.Functions.ProcessPayment
{
    [JsonSerializable(typeof(SqsEvent))]
    [JsonSerializable(typeof(SqsBatchResponse))]
    internal sealed partial class ProcessPaymentJsonContext : JsonSerializerContext;
}
