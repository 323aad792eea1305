using Platform.Functions.Shared.Domain.Users;
using static Platform.Tests.Domain.Support;

namespace Platform.Tests.Domain.Validators;

/// <summary><c>RequestReaders.NewUser</c>: the body of <c>POST /users</c>.</summary>
public sealed class NewUserReaderTests
{
    [Theory]
    [InlineData("Zoë 李")]
    [InlineData("🦊 Fox")]
    [InlineData("Ñandú O'Brien-Łukasz")]
    [InlineData("محمد")]
    [InlineData("👩‍👩‍👧‍👦")]
    public void NewUser_UnicodeName_IsAccepted(string name)
    {
        var parsed = ParseNewUser(A.UserBody().Set("name", name));

        Assert.True(parsed.IsValid);
        Assert.Equal(new NewUser("zoe@example.com", name), parsed.Value);
    }

    [Fact]
    public void NewUser_NameWithSurroundingSpaces_IsTrimmed()
    {
        var parsed = ParseNewUser(A.UserBody().Set("name", "  Zoë  "));

        Assert.Equal("Zoë", parsed.Value!.Name);
    }

    [Theory]
    [InlineData("Zo\u0000ë")]
    [InlineData("Zoë\n")]
    [InlineData("Zoë\r\nBcc: x@example.com")]
    [InlineData("\tZoë")]
    [InlineData("Zoë\u001b[2J")]
    [InlineData("Zoë\u007f")]
    [InlineData("Zoë\u0085")]
    public void NewUser_NameWithControlCharacters_ReportsNameWithoutEcho(string name)
    {
        var parsed = ParseNewUser(A.UserBody().Set("name", name));

        AssertOnlyProblem(parsed, "name", "must not contain control characters");
        AssertNoEcho(parsed.Problems, name);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("   ")]
    [InlineData("\u00a0\u2003")]
    public void NewUser_BlankName_ReportsName(string name)
    {
        var parsed = ParseNewUser(A.UserBody().Set("name", name));

        AssertOnlyProblem(parsed, "name", "must not be blank");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(100_000)]
    public void NewUser_NameLengthOutOfRange_ReportsLengthWithoutEcho(int length)
    {
        var name = new string('z', length);

        var parsed = ParseNewUser(A.UserBody().Set("name", name));

        AssertOnlyProblem(parsed, "name", "must be 1 to 100 characters");
        if (length > 0)
        {
            AssertNoEcho(parsed.Problems, name);
        }
    }

    [Fact]
    public void NewUser_NameOfHundredCharacters_IsAccepted()
    {
        var parsed = ParseNewUser(A.UserBody().Set("name", new string('z', 100)));

        Assert.True(parsed.IsValid);
    }

    [Fact]
    public void NewUser_FiftyOneEmoji_ReportsLengthInUtf16Units()
    {
        var parsed = ParseNewUser(A.UserBody().Set("name", string.Concat(Enumerable.Repeat("🦊", 51))));

        AssertOnlyProblem(parsed, "name", "must be 1 to 100 characters");
    }

    [Theory]
    [InlineData("a@b.co")]
    [InlineData("first.last+tag@sub.example.co.uk")]
    [InlineData("ZOE@EXAMPLE.COM")]
    [InlineData("o'brien@example.ie")]
    [InlineData("zoë@example.com")]
    [InlineData("user@xn--bcher-kva.example")]
    [InlineData("1234567890123456789012345678901234567890123456789012345678901234@example.com")]
    public void NewUser_ValidEmail_IsAccepted(string email)
    {
        var parsed = ParseNewUser(A.UserBody().Set("email", email));

        Assert.True(parsed.IsValid, string.Join("; ", parsed.Problems));
        Assert.Equal(email, parsed.Value!.Email);
    }

    [Theory]
    [InlineData("plainaddress")]
    [InlineData("@example.com")]
    [InlineData("zoe@")]
    [InlineData("zoe@example")]
    [InlineData("zoe@@example.com")]
    [InlineData("zoe@ann@example.com")]
    [InlineData("zoe example@example.com")]
    [InlineData(" zoe@example.com")]
    [InlineData("zoe@example.com ")]
    [InlineData("zoe@exa mple.com")]
    [InlineData("zoe@-example.com")]
    [InlineData("zoe@example-.com")]
    [InlineData("zoe@example..com")]
    [InlineData("zoe@.example.com")]
    [InlineData("\"zoe\"@example.com")]
    [InlineData("<zoe@example.com>")]
    [InlineData("zoe@example.com,ann@example.com")]
    [InlineData("zoe@example.com;ann@example.com")]
    [InlineData("zoe@exämple.com")]
    [InlineData("zoe@example_test.com")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345@example.com")]
    public void NewUser_InvalidEmail_ReportsEmailWithoutEcho(string email)
    {
        var parsed = ParseNewUser(A.UserBody().Set("email", email));

        AssertOnlyProblem(parsed, "email", "must be an e-mail address");
        AssertNoEcho(parsed.Problems, email);
    }

    [Theory]
    [InlineData("zoe@example.com\n")]
    [InlineData("zoe@example.com\r\nBcc: all@example.com")]
    [InlineData("zoe\u0000@example.com")]
    public void NewUser_EmailWithControlCharacters_ReportsEmail(string email)
    {
        var parsed = ParseNewUser(A.UserBody().Set("email", email));

        AssertOnlyProblem(parsed, "email", "must not contain control characters");
    }

    [Theory]
    [InlineData("a@")]
    [InlineData("")]
    public void NewUser_EmailTooShort_ReportsLength(string email)
    {
        var parsed = ParseNewUser(A.UserBody().Set("email", email));

        AssertOnlyProblem(parsed, "email", "must be 3 to 254 characters");
    }

    [Fact]
    public void NewUser_EmailLongerThan254_ReportsLength()
    {
        var email = "zoe@" + string.Join('.', Enumerable.Repeat(new string('a', 60), 5)) + ".com";

        var parsed = ParseNewUser(A.UserBody().Set("email", email));

        AssertOnlyProblem(parsed, "email", "must be 3 to 254 characters");
    }

    [Theory]
    [InlineData("email", "42")]
    [InlineData("email", "[\"zoe@example.com\"]")]
    [InlineData("name", "{\"first\":\"Zoë\"}")]
    [InlineData("name", "false")]
    public void NewUser_WrongType_ReportsMustBeString(string field, string json)
    {
        var parsed = ParseNewUser(A.UserBody().SetJson(field, json));

        AssertOnlyProblem(parsed, field, "must be a string");
    }

    [Theory]
    [InlineData("email")]
    [InlineData("name")]
    public void NewUser_FieldMissingOrNull_ReportsRequired(string field)
    {
        var missing = ParseNewUser(A.UserBody().Remove(field));
        var nulled = ParseNewUser(A.UserBody().Set(field, null));

        AssertOnlyProblem(missing, field, "is required");
        AssertOnlyProblem(nulled, field, "is required");
    }

    [Theory]
    [InlineData("id")]
    [InlineData("role")]
    [InlineData("Email")]
    [InlineData("version")]
    public void NewUser_UnknownField_ReportsIt(string field)
    {
        var parsed = ParseNewUser(A.UserBody().Set(field, "admin"));

        AssertOnlyProblem(parsed, field, "is not a known field");
    }
}
