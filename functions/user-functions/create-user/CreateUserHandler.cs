using Platform.Functions.Shared.Domain.Api;
using Platform.Functions.Shared.Domain.Users;
using Platform.Functions.Shared.Runtime;
using Platform.Functions.Shared.Runtime.Events;
using Platform.Functions.Shared.Runtime.Http;
using Platform.Functions.Shared.Validators;

namespace Platform.Functions.CreateUser;

/// <summary><c>POST /users</c>: 201 with the user, 409 when the e-mail address is taken.</summary>
public sealed class CreateUserHandler(UserService users)
{
    public async Task<HttpApiResponse> HandleAsync(HttpApiRequest request, LambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpRequests.TryReadBody(request, RequestReaders.NewUser, out var newUser, out var error))
        {
            return error;
        }

        var result = await users.CreateAsync(newUser, context.CancellationToken);
        if (result.Outcome == UserOutcome.EmailTaken)
        {
            return HttpResponses.Conflict("Another user has this e-mail address.");
        }

        context.Metrics.Count("UsersCreated");
        return HttpResponses.Json(201, UserView.From(result.User!), CreateUserJsonContext.Default.UserView)
            .WithHeader("location", "/users/" + result.User!.Id);
    }
}
