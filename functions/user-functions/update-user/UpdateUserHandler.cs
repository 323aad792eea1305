using Platform.Functions.Shared.Domain.Api;
using Platform.Functions.Shared.Domain.Users;
using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Runtime.Http;
using Platform.Functions.Shared.Validators;

namespace Platform.Functions.UpdateUser;

/// <summary><c>PATCH /users/{id}</c>: a validated partial update; 404 when there is no such user, 409 when the new e-mail address is taken.</summary>
public sealed class UpdateUserHandler(UserService users)
{
    public async Task<HttpApiResponse> HandleAsync(HttpApiRequest request, LambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpRequests.TryReadPathId(request, "id", Patterns.UserId(), out var id, out var error)
            || !HttpRequests.TryReadBody(request, RequestReaders.UserPatch, out var patch, out error))
        {
            return error;
        }

        var result = await users.UpdateAsync(id, patch, context.CancellationToken);
        return result.Outcome switch
        {
            UserOutcome.Ok => HttpResponses.Json(200, UserView.From(result.User!), UpdateUserJsonContext.Default.UserView),
            UserOutcome.NotFound => HttpResponses.NotFound("No user has this id."),
            UserOutcome.EmailTaken => HttpResponses.Conflict("Another user has this e-mail address."),
            _ => HttpResponses.Conflict("The user is being changed by another request; try again."),
        };
    }
}
