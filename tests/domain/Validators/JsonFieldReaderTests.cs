using System.Text.Json;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Validators;

namespace Platform.Tests.Domain.Validators;

public sealed class JsonFieldReaderTests
{
    private static JsonFieldReader CreateSut() => new();

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public void ObjectWith_NestedNonObject_ReportsItsPath()
    {
        var sut = CreateSut();

        var ok = sut.ObjectWith(Json("[1]"), "items[3]", "sku");

        Assert.False(ok);
        Assert.Equal([new FieldProblem("items[3]", "must be a JSON object")], sut.Problems);
    }

    [Fact]
    public void ObjectWith_UnknownFields_ReportsEachButStillReadsTheObject()
    {
        var sut = CreateSut();

        var ok = sut.ObjectWith(Json("""{"sku":"A","SKU":"B","price":1}"""), "items[0]", "sku");

        Assert.True(ok);
        Assert.Equal(["items[0].SKU", "items[0].price"], sut.Problems.Select(p => p.Field));
        Assert.False(sut.IsValid);
    }

    [Fact]
    public void Text_OptionalAndAbsent_ReturnsNullWithoutProblem()
    {
        var sut = CreateSut();

        var text = sut.Text(Json("{}"), "", "name", required: false, 1, 10);

        Assert.Null(text);
        Assert.True(sut.IsValid);
    }

    [Fact]
    public void Text_FixedLengthWrong_SaysTheLength()
    {
        var sut = CreateSut();

        sut.Text(Json("""{"code":"ABCD"}"""), "", "code", true, 3, 3);

        Assert.Equal([new FieldProblem("code", "must be 3 characters")], sut.Problems);
    }

    [Fact]
    public void Text_PatternMismatchWithoutHint_SaysInvalidFormat()
    {
        var sut = CreateSut();

        sut.Text(Json("""{"sku":"abc"}"""), "items[0]", "sku", true, 1, 40, Patterns.Sku());

        Assert.Equal([new FieldProblem("items[0].sku", "has an invalid format")], sut.Problems);
    }

    [Fact]
    public void Text_SupplementaryCharacters_CountAsTwoCharacters()
    {
        var sut = CreateSut();

        var text = sut.Text(Json("""{"name":"🦊🦊"}"""), "", "name", true, 1, 3);

        Assert.Null(text);
        Assert.Equal([new FieldProblem("name", "must be 1 to 3 characters")], sut.Problems);
    }

    [Theory]
    [InlineData("\"5\"")]
    [InlineData("5.5")]
    [InlineData("true")]
    [InlineData("[5]")]
    [InlineData("9223372036854775808")]
    public void WholeNumber_NotAnInt64_SaysWholeNumber(string json)
    {
        var sut = CreateSut();

        var number = sut.WholeNumber(Json($$"""{"n":{{json}}}"""), "", "n", true, 0, 10);

        Assert.Null(number);
        Assert.Equal([new FieldProblem("n", "must be a whole number")], sut.Problems);
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(-1)]
    [InlineData(11)]
    [InlineData(long.MaxValue)]
    public void WholeNumber_OutOfRange_SaysTheRange(long value)
    {
        var sut = CreateSut();

        sut.WholeNumber(Json($$"""{"n":{{value}}}"""), "", "n", true, 0, 10);

        Assert.Equal([new FieldProblem("n", "must be between 0 and 10")], sut.Problems);
    }

    [Fact]
    public void List_WrongCount_SaysTheRange()
    {
        var sut = CreateSut();

        var items = sut.List(Json("""{"items":[1,2,3]}"""), "", "items", true, 1, 2);

        Assert.Null(items);
        Assert.Equal([new FieldProblem("items", "must have 1 to 2 items")], sut.Problems);
    }

    [Fact]
    public void List_RequiredButNull_SaysRequired()
    {
        var sut = CreateSut();

        sut.List(Json("""{"items":null}"""), "", "items", true, 1, 2);

        Assert.Equal([new FieldProblem("items", "is required")], sut.Problems);
    }

    [Fact]
    public void Index_NestedPath_JoinsWithDotsAndBrackets()
    {
        Assert.Equal("items[2]", JsonFieldReader.Index("", "items", 2));
        Assert.Equal("order.items[0]", JsonFieldReader.Index("order", "items", 0));
    }
}
