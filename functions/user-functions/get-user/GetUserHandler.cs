using Platform.Functions.Shared.Domain.Api;
using Platform.Functions.Shared.Domain.Users;
using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Runtime.Http;
using Platform.Functions.Shared.Validators;

namespace Platform.Functions.GetUser;

/// <summary><c>GET /users/{id}</c>: 200 with the user, 404 when there is none.</summary>
public sealed class GetUserHandler(UserService users)
{
    public async Task<HttpApiResponse> HandleAsync(HttpApiRequest request, LambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpRequests.TryReadPathId(request, "id", Patterns.UserId(), out var id, out var error))
        {
            return error;
        }

        var user = await users.GetAsync(id, context.CancellationToken);
        return user is null
            ? HttpResponses.NotFound("No user has this id.")
            : HttpResponses.Json(200, UserView.From(user), GetUserJsonContext.Default.UserView);
    }
}
