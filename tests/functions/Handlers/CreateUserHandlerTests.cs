using Platform.Functions.CreateUser;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Validators;
using Platform.Tests.Functions.Support;

namespace Platform.Tests.Functions.Handlers;

public sealed class CreateUserHandlerTests(DynaliteFixture dynalite) : IAsyncLifetime
{
    private TestPlatform platform = null!;

    public async ValueTask InitializeAsync() => platform = await TestPlatform.StartAsync(dynalite);

    public ValueTask DisposeAsync() => platform.DisposeAsync();

    [Fact]
    public async Task HandleAsync_NewUser_Returns201WithLocationAndStoresTheUser()
    {
        var response = await InvokeAsync(Requests.CreateUser("grace@example.com", "Grace Hopper").Build());

        Assert.Equal(201, response.StatusCode);
        var user = Responses.Json(response);
        var id = user.GetProperty("id").GetString()!;
        Assert.Matches(Patterns.UserId(), id);
        Assert.Equal("/users/" + id, Responses.Header(response, "location"));
        Assert.Equal("grace@example.com", user.GetProperty("email").GetString());
        Assert.Equal("Grace Hopper", user.GetProperty("name").GetString());
        Assert.Equal("Grace Hopper", (await platform.Users.GetAsync(id, TestContext.Current.CancellationToken))!.Name);
    }

    [Fact]
    public async Task HandleAsync_UnicodeName_IsStoredAsSent()
    {
        var response = await InvokeAsync(Requests.CreateUser("zoe@example.com", "Zoë Ångström 李小龍 🚀").Build());

        Assert.Equal(201, response.StatusCode);
        var id = Responses.Json(response).GetProperty("id").GetString()!;
        Assert.Equal("Zoë Ångström 李小龍 🚀", (await platform.Users.GetAsync(id, TestContext.Current.CancellationToken))!.Name);
    }

    [Theory]
    [InlineData("ada@example.com")]
    [InlineData("ADA@EXAMPLE.COM")]
    [InlineData("Ada@Example.Com")]
    public async Task HandleAsync_EmailAlreadyTakenInAnyCase_Returns409(string email)
    {
        await platform.CreateUserAsync("ada@example.com", "Ada Lovelace");

        var response = await InvokeAsync(Requests.CreateUser(email, "Another Ada").Build());

        Assert.Equal(409, response.StatusCode);
        Assert.Equal("conflict", Responses.ErrorCode(response));
        Assert.Equal(1, await platform.CountAsync("User"));
    }

    [Theory]
    [InlineData("""{"email": "not-an-address", "name": "Ada"}""", "email", "must be an e-mail address")]
    [InlineData("""{"email": "ada@example.com", "name": "   "}""", "name", "must not be blank")]
    [InlineData("""{"email": "ada@example.com"}""", "name", "is required")]
    [InlineData("""{"email": "ada@example.com", "name": 7}""", "name", "must be a string")]
    [InlineData("""{"email": "ada@example.com", "name": "Ada", "isAdmin": true}""", "isAdmin", "is not a known field")]
    [InlineData("""{"email": "ada@exämple.com", "name": "Ada"}""", "email", "must be an e-mail address")]
    [InlineData("""{"email": "ada@example.com", "name": "Ada""", "body", "is not valid JSON")]
    public async Task HandleAsync_InvalidBody_Returns400NamingTheField(string body, string field, string message)
    {
        var response = await InvokeAsync(Requests.CreateUser("x@example.com", "x").WithBody(body).Build());

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(message, Responses.FieldErrors(response)[field]);
        Assert.Equal(0, await platform.CountAsync("User"));
    }

    [Fact]
    public async Task HandleAsync_WrongContentType_Returns415()
    {
        var response = await InvokeAsync(Requests.CreateUser("ada@example.com", "Ada").WithHeader("content-type", "text/json").Build());

        Assert.Equal(415, response.StatusCode);
    }

    private CreateUserHandler CreateSut() => platform.CreateUserHandler();

    private Task<HttpApiResponse> InvokeAsync(HttpApiRequest request) => CreateSut().HandleAsync(request, platform.Context("create-user"));
}
