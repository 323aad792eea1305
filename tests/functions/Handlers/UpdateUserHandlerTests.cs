using System.Text.Json.Nodes;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.UpdateUser;
using Platform.Tests.Functions.Support;

namespace Platform.Tests.Functions.Handlers;

public sealed class UpdateUserHandlerTests(DynaliteFixture dynalite) : IAsyncLifetime
{
    private TestPlatform platform = null!;
    private string userId = null!;

    public async ValueTask InitializeAsync()
    {
        platform = await TestPlatform.StartAsync(dynalite);
        userId = await platform.CreateUserAsync("ada@example.com", "Ada Lovelace");
    }

    public ValueTask DisposeAsync() => platform.DisposeAsync();

    [Fact]
    public async Task HandleAsync_NewName_Returns200AndKeepsTheEmail()
    {
        var response = await InvokeAsync(Requests.UpdateUser(userId, new JsonObject { ["name"] = "Ada King" }).Build());

        Assert.Equal(200, response.StatusCode);
        var user = Responses.Json(response);
        Assert.Equal("Ada King", user.GetProperty("name").GetString());
        Assert.Equal("ada@example.com", user.GetProperty("email").GetString());
        Assert.Equal("Ada King", (await platform.Users.GetAsync(userId, TestContext.Current.CancellationToken))!.Name);
    }

    [Fact]
    public async Task HandleAsync_NewEmail_Returns200AndFreesTheOldAddress()
    {
        var response = await InvokeAsync(Requests.UpdateUser(userId, new JsonObject { ["email"] = "countess@example.com" }).Build());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("countess@example.com", Responses.Json(response).GetProperty("email").GetString());
        var reuse = await platform.CreateUserHandler().HandleAsync(Requests.CreateUser("ada@example.com", "Another Ada").Build(), platform.Context());
        Assert.Equal(201, reuse.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_OwnEmailInOtherCase_Returns200()
    {
        var response = await InvokeAsync(Requests.UpdateUser(userId, new JsonObject { ["email"] = "ADA@example.com" }).Build());

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task HandleAsync_EmailOfAnotherUserInAnyCase_Returns409AndChangesNothing()
    {
        await platform.CreateUserAsync("grace@example.com", "Grace Hopper");

        var response = await InvokeAsync(Requests.UpdateUser(userId, new JsonObject { ["email"] = "Grace@Example.com" }).Build());

        Assert.Equal(409, response.StatusCode);
        Assert.Equal("ada@example.com", (await platform.Users.GetAsync(userId, TestContext.Current.CancellationToken))!.Email);
    }

    [Fact]
    public async Task HandleAsync_UnknownUser_Returns404()
    {
        var response = await InvokeAsync(Requests.UpdateUser("usr_0000000000000000000000000000000", new JsonObject { ["name"] = "Nobody" }).Build());

        Assert.Equal(404, response.StatusCode);
        Assert.Equal(1, await platform.CountAsync("User"));
    }

    [Theory]
    [InlineData("{}", "body", "must change at least one of email, name")]
    [InlineData("""{"name": ""}""", "name", "must be 1 to 100 characters")]
    [InlineData("""{"email": "nobody"}""", "email", "must be an e-mail address")]
    [InlineData("""{"id": "usr_0000000000000000000000000000000"}""", "id", "is not a known field")]
    [InlineData("""{"name": ["Ada"]}""", "name", "must be a string")]
    public async Task HandleAsync_InvalidPatch_Returns400NamingTheField(string body, string field, string message)
    {
        var response = await InvokeAsync(Requests.UpdateUser(userId, []).WithBody(body).Build());

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(message, Responses.FieldErrors(response)[field]);
    }

    [Fact]
    public async Task HandleAsync_MalformedId_Returns400()
    {
        var response = await InvokeAsync(Requests.UpdateUser("usr_nope", new JsonObject { ["name"] = "Ada" }).Build());

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("is not a valid identifier", Responses.FieldErrors(response)["id"]);
    }

    private UpdateUserHandler CreateSut() => platform.UpdateUserHandler();

    private Task<HttpApiResponse> InvokeAsync(HttpApiRequest request) => CreateSut().HandleAsync(request, platform.Context("update-user"));
}
