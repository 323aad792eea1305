using System.Diagnostics;
using System.Security;
using System.Text;
using Platform.Tests.Functions.Support;

namespace Platform.Tests.Functions.Aot;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PublishedFunctionsGroup : ICollectionFixture<PublishedFunctionsFixture>
{
    public const string Name = "Published functions";
}

/// <summary>
/// Publishes every function for linux-x64 once per test run, in one MSBuild invocation: each function's project
/// published with <c>-r linux-x64 -c Release</c> into its own folder under a temporary directory.
/// </summary>
public sealed class PublishedFunctionsFixture : IAsyncLifetime
{
    /// <summary>Every function: its name (the folder, and AWS_LAMBDA_FUNCTION_NAME) and its project.</summary>
    public static readonly IReadOnlyDictionary<string, string> Projects = new Dictionary<string, string>
    {
        ["create-user"] = "functions/user-functions/create-user/Platform.Functions.CreateUser.csproj",
        ["get-user"] = "functions/user-functions/get-user/Platform.Functions.GetUser.csproj",
        ["update-user"] = "functions/user-functions/update-user/Platform.Functions.UpdateUser.csproj",
        ["create-order"] = "functions/order-functions/create-order/Platform.Functions.CreateOrder.csproj",
        ["get-order"] = "functions/order-functions/get-order/Platform.Functions.GetOrder.csproj",
        ["process-payment"] = "functions/order-functions/process-payment/Platform.Functions.ProcessPayment.csproj",
        ["send-confirmation"] = "functions/order-functions/send-confirmation/Platform.Functions.SendConfirmation.csproj",
        ["expire-orders"] = "functions/order-functions/expire-orders/Platform.Functions.ExpireOrders.csproj",
        ["order-created"] = "functions/event-handlers/order-created/Platform.Functions.OrderCreated.csproj",
        ["payment-processed"] = "functions/event-handlers/payment-processed/Platform.Functions.PaymentProcessed.csproj",
        ["inventory-updated"] = "functions/event-handlers/inventory-updated/Platform.Functions.InventoryUpdated.csproj",
        ["put-product"] = "functions/catalogue-functions/put-product/Platform.Functions.PutProduct.csproj",
        ["import-catalogue"] = "functions/catalogue-functions/import-catalogue/Platform.Functions.ImportCatalogue.csproj",
    };

    // ILC takes most of a minute per function on a busy 2-core machine; incremental runs take seconds.
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(40);

    // The global properties `dotnet publish -r linux-x64 -c Release` sets.
    private const string PublishProperties = "RuntimeIdentifier=linux-x64;_CommandLineDefinedRuntimeIdentifier=true;_IsPublishing=true;Configuration=Release";

    // Imported instead of each project's Directory.Build.props, which it then imports: it moves bin/ and obj/ of every
    // project into this fixture's cache. Other builds of the same projects (agents, IDEs, the local runner) then neither
    // race with this one nor make its native compilation start over; runs after the first are incremental.
    private const string RedirectProps = """
        <Project>
          <PropertyGroup>
            <BaseIntermediateOutputPath>$(MSBuildThisFileDirectory)obj/$(MSBuildProjectName)/</BaseIntermediateOutputPath>
            <BaseOutputPath>$(MSBuildThisFileDirectory)bin/$(MSBuildProjectName)/</BaseOutputPath>
            <!-- Outside the project folder now, so the default globs would take the generated sources under obj/ again. -->
            <DefaultItemExcludes>$(DefaultItemExcludes);bin/**;obj/**</DefaultItemExcludes>
          </PropertyGroup>
          <Import Project="$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildProjectDirectory)'))" />
        </Project>
        """;

    public string OutputRoot { get; } = Path.Combine(Path.GetTempPath(), "platform-aot-" + Guid.NewGuid().ToString("N"));

    public int ExitCode { get; private set; }

    /// <summary>What MSBuild printed (minimal verbosity: warnings, errors and one line per output).</summary>
    public string BuildOutput { get; private set; } = string.Empty;

    public TimeSpan Elapsed { get; private set; }

    public static TheoryData<string> FunctionNames => [.. Projects.Keys];

    public string PublishDirectory(string function) => Path.Combine(OutputRoot, function);

    public string Bootstrap(string function) => Path.Combine(PublishDirectory(function), "bootstrap");

    public async ValueTask InitializeAsync()
    {
        var repositoryRoot = DynaliteFixture.FindRepositoryRoot();
        var cache = Path.Combine(repositoryRoot, "tests", "functions", "obj", "aot-publish");
        Directory.CreateDirectory(cache);
        Directory.CreateDirectory(OutputRoot);
        var redirect = Path.Combine(cache, "Directory.Build.props");
        if (!File.Exists(redirect) || await File.ReadAllTextAsync(redirect) != RedirectProps)
        {
            await File.WriteAllTextAsync(redirect, RedirectProps);
        }

        var traversal = Path.Combine(OutputRoot, "publish-functions.proj");
        await File.WriteAllTextAsync(traversal, TraversalProject(repositoryRoot, $"{PublishProperties};DirectoryBuildPropsPath={redirect}"));

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "msbuild", traversal, "-restore", "-t:PublishFunctions", "-m", "-nologo", "-v:minimal", "-nodeReuse:false", "-clp:NoSummary" },
            WorkingDirectory = OutputRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The test host runs under `dotnet test`; MSBuild's own variables from that build must not steer this one.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("_MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        var output = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(PublishTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"Publishing the functions took longer than {PublishTimeout}:\n{output}");
        }

        // WaitForExitAsync returns after the redirected streams are drained.
        Elapsed = clock.Elapsed;
        ExitCode = process.ExitCode;
        lock (output)
        {
            BuildOutput = output.ToString();
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(OutputRoot))
        {
            Directory.Delete(OutputRoot, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private string TraversalProject(string repositoryRoot, string properties)
    {
        var build = new StringBuilder();
        var publish = new StringBuilder();
        foreach (var (name, project) in Projects)
        {
            var path = SecurityElement.Escape(Path.Combine(repositoryRoot, project));
            build.AppendLine($"""    <FunctionProject Include="{path}" />""");
            publish.AppendLine($"""    <FunctionPublish Include="{path}" AdditionalProperties="PublishDir={SecurityElement.Escape(PublishDirectory(name))}/" />""");
        }

        return $"""
            <Project>
              <ItemGroup>
            {build}{publish}  </ItemGroup>
              <Target Name="Restore">
                <MSBuild Projects="@(FunctionProject)" Targets="Restore" Properties="{properties};MSBuildRestoreSessionId=$([System.Guid]::NewGuid())" />
              </Target>
              <Target Name="PublishFunctions">
                <!-- Build with identical global properties first, so the shared libraries are built once even in parallel;
                     then publish each function into its own folder without building again. -->
                <MSBuild Projects="@(FunctionProject)" Targets="Build" Properties="{properties}" BuildInParallel="true" />
                <MSBuild Projects="@(FunctionPublish)" Targets="Publish" Properties="{properties};NoBuild=true" BuildInParallel="true" />
              </Target>
            </Project>
            """;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
