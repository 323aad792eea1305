using Platform.Functions.Shared.Domain.Users;
using static Platform.Tests.Domain.Support;

namespace Platform.Tests.Domain.Validators;

/// <summary><c>RequestReaders.UserPatch</c>: the body of <c>PATCH /users/{id}</c>.</summary>
public sealed class UserPatchReaderTests
{
    [Theory]
    [InlineData("{}")]
    [InlineData("""{"name":null}""")]
    [InlineData("""{"email":null,"name":null}""")]
    public void UserPatch_NoFieldToChange_ReportsBody(string body)
    {
        var parsed = ParsePatch(body);

        AssertOnlyProblem(parsed, "body", "must change at least one of email, name");
    }

    [Theory]
    [InlineData("""{"name":"Zoë Li"}""", null, "Zoë Li")]
    [InlineData("""{"email":"zoe.li@example.com"}""", "zoe.li@example.com", null)]
    [InlineData("""{"email":"zoe.li@example.com","name":null}""", "zoe.li@example.com", null)]
    [InlineData("""{"email":"zoe.li@example.com","name":" 李 "}""", "zoe.li@example.com", "李")]
    public void UserPatch_SomeFields_ReadsOnlyThose(string body, string? email, string? name)
    {
        var parsed = ParsePatch(body);

        Assert.True(parsed.IsValid);
        Assert.Equal(new UserPatch(email, name), parsed.Value);
    }

    [Fact]
    public void UserPatch_InvalidEmailOnly_ReportsEmailNotBody()
    {
        var parsed = ParsePatch("""{"email":"not-an-address"}""");

        AssertOnlyProblem(parsed, "email", "must be an e-mail address");
    }

    [Fact]
    public void UserPatch_UnknownFieldOnly_ReportsFieldNotBody()
    {
        var parsed = ParsePatch($$"""{"id":"{{TestIds.User(2)}}"}""");

        AssertOnlyProblem(parsed, "id", "is not a known field");
    }

    [Theory]
    [InlineData("""[{"name":"Zoë"}]""")]
    [InlineData("\"Zoë\"")]
    public void UserPatch_NotAnObject_ReportsBody(string body)
    {
        var parsed = ParsePatch(body);

        AssertOnlyProblem(parsed, "body", "must be a JSON object");
    }

    [Fact]
    public void UserPatch_BlankName_ReportsName()
    {
        var parsed = ParsePatch("""{"name":"  "}""");

        AssertOnlyProblem(parsed, "name", "must not be blank");
    }
}
