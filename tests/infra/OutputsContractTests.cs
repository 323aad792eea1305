namespace Platform.Tests.Infra;

/// <summary>The stack outputs other teams read are a published contract (infra/outputs-contract.json): they never break silently.</summary>
public sealed class OutputsContractTests
{
    public static TheoryData<string> Stacks => [.. Rendering.Stacks];

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Outputs_MatchTheContract(string stack)
    {
        var contract = OutputsContract.Load();

        var violations = contract.Violations(RenderedProgram.Stack(stack));

        Assert.True(violations.Count == 0, $"{stack} breaks {OutputsContract.Path}:\n{string.Join('\n', violations)}");
    }

    [Fact]
    public void Contract_DescribesEveryOutput()
    {
        var contract = OutputsContract.Load();

        Assert.NotEmpty(contract.About);
        Assert.All(contract.Outputs, o =>
        {
            Assert.True(o.Value.Meaning.Length >= 20, $"{o.Key}: say what it means");
            Assert.Contains(o.Value.Type, new[] { OutputsContract.StringType, OutputsContract.MapType });
            Assert.Equal(o.Value.Type == OutputsContract.MapType, o.Value.Keys is not null);
        });
    }

    [Fact]
    public void Violations_OutputRemoved_NamesIt()
    {
        var program = Edit("\n  tableName: \"${platform-table.name}\"\n", "\n");

        var violations = OutputsContract.Load().Violations(program);

        Assert.Equal(["tableName: disappeared (the contract lists it)"], violations);
    }

    [Fact]
    public void Violations_OutputReadFromAnotherResourceOutput_IsAChangeOfMeaning()
    {
        var program = Edit("\n  apiUrl: \"${api.apiEndpoint}\"\n", "\n  apiUrl: \"${api-stage.invokeUrl}\"\n");

        var violations = OutputsContract.Load().Violations(program);

        var violation = Assert.Single(violations);
        Assert.StartsWith("apiUrl: changed meaning, now aws:apigatewayv2:Stage.invokeUrl", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Violations_StringOutputBecomesMap_IsAChangeOfType()
    {
        var program = Edit("\n  eventBusName: \"${event-bus.name}\"\n", "\n  eventBusName:\n    name: \"${event-bus.name}\"\n");

        var violations = OutputsContract.Load().Violations(program);

        Assert.StartsWith("eventBusName: the contract says string", Assert.Single(violations), StringComparison.Ordinal);
    }

    [Fact]
    public void Violations_MapKeyRemoved_NamesIt()
    {
        var program = Edit("\n    payments-dlq: \"${payments-dlq.url}\"\n", "\n");

        var violations = OutputsContract.Load().Violations(program);

        Assert.Equal(["deadLetterQueueUrls.payments-dlq: disappeared (the contract lists it)"], violations);
    }

    [Fact]
    public void Violations_NewOutputNotInTheContract_IsRefused()
    {
        var program = Edit("\n  tableName: \"${platform-table.name}\"\n", "\n  tableArn: \"${platform-table.arn}\"\n  tableName: \"${platform-table.name}\"\n");

        var violations = OutputsContract.Load().Violations(program);

        Assert.Equal(["tableArn: not in the contract (list it in infra/outputs-contract.json)"], violations);
    }

    private static RenderedProgram Edit(string find, string replacement)
    {
        var text = Rendering.RenderStack("dev");
        var edited = text.Replace(find, replacement, StringComparison.Ordinal);
        Assert.NotEqual(text, edited);
        return RenderedProgram.Parse(edited);
    }
}
