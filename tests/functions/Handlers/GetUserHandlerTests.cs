using Platform.Functions.GetUser;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Tests.Functions.Support;

namespace Platform.Tests.Functions.Handlers;

public sealed class GetUserHandlerTests(DynaliteFixture dynalite) : IAsyncLifetime
{
    private TestPlatform platform = null!;

    public async ValueTask InitializeAsync() => platform = await TestPlatform.StartAsync(dynalite);

    public ValueTask DisposeAsync() => platform.DisposeAsync();

    [Fact]
    public async Task HandleAsync_ExistingUser_Returns200WithTheUser()
    {
        var id = await platform.CreateUserAsync("ada@example.com", "Ada Lovelace");

        var response = await InvokeAsync(Requests.GetUser(id).Build());

        Assert.Equal(200, response.StatusCode);
        var user = Responses.Json(response);
        Assert.Equal(id, user.GetProperty("id").GetString());
        Assert.Equal("ada@example.com", user.GetProperty("email").GetString());
        Assert.Equal("Ada Lovelace", user.GetProperty("name").GetString());
    }

    [Fact]
    public async Task HandleAsync_UnknownUser_Returns404()
    {
        var response = await InvokeAsync(Requests.GetUser("usr_19ab7f3e2a10c4b8d2e6f1a3b5c7d9e").Build());

        Assert.Equal(404, response.StatusCode);
        Assert.Equal("not_found", Responses.ErrorCode(response));
    }

    [Theory]
    [InlineData("42")]
    [InlineData("usr_19AB7F3E2A10C4B8D2E6F1A3B5C7D9E")]
    [InlineData("usr_19ab7f3e2a10c4b8d2e6f1a3b5c7d9")]
    [InlineData("ord_19ab7f3e2a10c4b8d2e6f1a3b5c7d9e")]
    [InlineData("usr_19ab7f3e2a10c4b8d2e6f1a3b5c7d9e#PROFILE")]
    [InlineData("../USER#x")]
    public async Task HandleAsync_MalformedId_Returns400NamingIt(string id)
    {
        var response = await InvokeAsync(Requests.GetUser(id).Build());

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("is not a valid identifier", Responses.FieldErrors(response)["id"]);
    }

    [Fact]
    public async Task HandleAsync_NoPathParameter_Returns400()
    {
        var response = await InvokeAsync(Requests.GetUser("usr_19ab7f3e2a10c4b8d2e6f1a3b5c7d9e").WithoutPathParameters().Build());

        Assert.Equal(400, response.StatusCode);
    }

    private GetUserHandler CreateSut() => platform.GetUserHandler();

    private Task<HttpApiResponse> InvokeAsync(HttpApiRequest request) => CreateSut().HandleAsync(request, platform.Context("get-user"));
}
