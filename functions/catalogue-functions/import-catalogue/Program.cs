using System.Text.Json.Serialization;
using Platform.Functions.ImportCatalogue;
using Platform.Functions.Shared.Database;
using Platform.Functions.Shared.Domain.Api;
using Platform.Functions.Shared.Domain.Catalogue.Imports;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Utilities.Adapters;
using Platform.Functions.Shared.Validators;

return await LambdaHost.RunAsync(
    () =>
    {
        var tableName = EnvironmentSettings.Required("TABLE_NAME");
        var busName = EnvironmentSettings.Required("EVENT_BUS_NAME");
        var maxImportBytes = EnvironmentSettings.RequiredInt(
            ImportCatalogueHandler.MaxImportBytesVariable, ImportCatalogueHandler.MinImportBytes, ImportCatalogueHandler.MaxImportBytesLimit);
        var time = TimeProvider.System;
        var dynamo = DynamoDbClientFactory.Create();
        var imports = new CatalogueImportService(
            new DynamoDbImportLedger(dynamo, tableName),
            S3ImportObjectStore.FromEnvironment(),
            new CatalogueFileReader(),
            new DynamoDbProductStore(dynamo, tableName, time),
            EventBridgePublisher.FromEnvironment(busName),
            new RandomIdGenerator(time),
            time,
            new CatalogueImportSettings(maxImportBytes));
        return new ImportCatalogueHandler(imports).HandleAsync;
    },
    ImportCatalogueJsonContext.Default.S3Event,
    ImportCatalogueJsonContext.Default.HandlerOutcome);

namespace Platform.Functions.ImportCatalogue
{
    [JsonSerializable(typeof(S3Event))]
    [JsonSerializable(typeof(HandlerOutcome))]
    internal sealed partial class ImportCatalogueJsonContext : JsonSerializerContext;
}
