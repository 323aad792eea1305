using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Platform.Local.Gateway.Internal;

namespace Platform.Local.Gateway;

/// <summary>An API Gateway HTTP API emulator: routes requests to Lambda integrations with payload format 2.0 events, as API Gateway does.</summary>
/// <remarks>
/// Status codes follow HTTP API: 404 unknown route, 401/403 from the JWT authorizer, 413 over the request quota (10 MB) or
/// Lambda's 6 MB invocation payload, 500 for a function error (including the function's own timeout, which Lambda reports
/// as a function error), 502 for a malformed function response, 429 when Lambda throttles, 504 past the integration timeout.
/// </remarks>
public sealed class HttpApiGateway
{
    private const string RequestIdHeader = "apigw-requestid";

    private static readonly HashSet<string> UncopiedResponseHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade",
    };

    private readonly HttpApiGatewayOptions _options;
    private readonly RouteTable _routes;
    private readonly JwtValidator? _jwt;
    private readonly CorsResponder? _cors;

    /// <summary>Creates the gateway; throws when the routes or limits are not what HTTP API accepts.</summary>
    public HttpApiGateway(HttpApiGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.IntegrationTimeout <= TimeSpan.Zero || options.IntegrationTimeout > HttpApiGatewayOptions.MaxIntegrationTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.IntegrationTimeout, "HTTP API integration timeouts are between 50 ms and 30 s.");
        }

        _options = options;
        _routes = new RouteTable(options.Routes);
        if (options.Routes.Any(r => r.Authorization.RequiresJwt) && options.JwtIssuer is null)
        {
            throw new ArgumentException("A route requires a JWT but no JwtIssuer is configured.", nameof(options));
        }

        _jwt = options.JwtIssuer is null ? null : new JwtValidator(options.JwtIssuer, options.TimeProvider);
        _cors = options.Cors is null ? null : new CorsResponder(options.Cors);
    }

    /// <summary>Raised when a request that matched a route has been answered, with the route and the status code sent.</summary>
    /// <remarks>For the runner's traffic counts. Requests that match no route (404) and CORS preflights are not reported.</remarks>
    public event EventHandler<GatewayRequestCompleted>? RequestCompleted;

    /// <summary>The route keys served, in definition order with <c>$default</c> last (for the runner to print).</summary>
    public IReadOnlyList<RouteKey> RouteKeys => [.. _routes.Routes.Select(r => r.Key)];

    /// <summary>Handles one HTTP request as API Gateway would.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var now = _options.TimeProvider.GetUtcNow();
        var requestId = NewRequestId();
        var started = _options.TimeProvider.GetTimestamp();
        context.Response.Headers[RequestIdHeader] = requestId;

        var cors = _cors;
        if (cors is not null && CorsResponder.IsPreflight(request))
        {
            cors.WritePreflight(request, context.Response);
            return;
        }

        var match = _routes.Match(request.Method, PayloadV2Writer.RawPath(request));
        if (match is null)
        {
            await WriteErrorAsync(context, cors, HttpStatusCode.NotFound, "Not Found");
            return;
        }

        // As API Gateway does, a request that arrives with a trace header keeps it; others get a new one.
        var traceId = TraceHeader.IsWellFormed(request.Headers[TraceHeader.Name].ToString()) ? request.Headers[TraceHeader.Name].ToString() : TraceHeader.New(now);
        await HandleRouteAsync(context, cors, match, requestId, traceId, now);
        if (!context.RequestAborted.IsCancellationRequested)
        {
            RequestCompleted?.Invoke(this, new GatewayRequestCompleted(match.Route.Key, requestId, context.Response.StatusCode)
            {
                TraceId = traceId,
                StartedAt = now,
                Duration = _options.TimeProvider.GetElapsedTime(started),
            });
        }
    }

    private async Task HandleRouteAsync(HttpContext context, CorsResponder? cors, RouteMatch match, string requestId, string traceId, DateTimeOffset now)
    {
        var request = context.Request;
        var body = await ReadBodyAsync(request, context.RequestAborted);
        if (body is null)
        {
            await WriteErrorAsync(context, cors, HttpStatusCode.RequestEntityTooLarge, "Request Entity Too Large");
            return;
        }

        JwtValidation? jwt = null;
        if (match.Route.Authorization.RequiresJwt)
        {
            jwt = _jwt!.Validate(request.Headers.Authorization.ToString(), match.Route.Authorization.Scopes);
            if (!jwt.IsValid)
            {
                context.Response.Headers.WWWAuthenticate = jwt.WwwAuthenticate;
                await WriteErrorAsync(context, cors, (HttpStatusCode)jwt.StatusCode, jwt.StatusCode == 403 ? "Forbidden" : "Unauthorized");
                return;
            }
        }

        var values = new RequestContextValues(_options.AccountId, _options.ApiId, requestId, traceId, SourceIp(context), now);
        var payload = PayloadV2Writer.Write(request, match, body, values, jwt);
        if (payload.Length > _options.MaxInvocationPayloadBytes)
        {
            await WriteErrorAsync(context, cors, HttpStatusCode.RequestEntityTooLarge, "Request Entity Too Large");
            return;
        }

        var result = await InvokeAsync(match.Route, new GatewayInvocation(match.Route.Key, requestId, payload) { TraceId = traceId }, context.RequestAborted);
        if (result is null)
        {
            if (!context.RequestAborted.IsCancellationRequested)
            {
                await WriteErrorAsync(context, cors, HttpStatusCode.GatewayTimeout, "Service Unavailable");
            }

            return;
        }

        switch (result.Outcome)
        {
            case IntegrationOutcome.Success when ResponseMapper.Map(result.Payload) is { } mapped:
                await WriteMappedAsync(context, cors, mapped);
                break;
            case IntegrationOutcome.Success:
                await WriteErrorAsync(context, cors, HttpStatusCode.BadGateway, "Internal Server Error");
                break;
            case IntegrationOutcome.Throttled:
                await WriteErrorAsync(context, cors, HttpStatusCode.TooManyRequests, "Too Many Requests");
                break;
            default:
                await WriteErrorAsync(context, cors, HttpStatusCode.InternalServerError, "Internal Server Error");
                break;
        }
    }

    /// <summary>Null when the integration timeout passed first or the client went away.</summary>
    private async Task<IntegrationResult?> InvokeAsync(GatewayRoute route, GatewayInvocation invocation, CancellationToken requestAborted)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        try
        {
            return await route.Integration(invocation, cancellation.Token)
                .WaitAsync(_options.IntegrationTimeout, _options.TimeProvider, requestAborted);
        }
        catch (TimeoutException)
        {
            await cancellation.CancelAsync();
            return null;
        }
        catch (OperationCanceledException) when (requestAborted.IsCancellationRequested)
        {
            return null;
        }
#pragma warning disable CA1031 // An integration that throws is a failed invocation, which API Gateway answers with 500.
        catch (Exception)
#pragma warning restore CA1031
        {
            return IntegrationResult.FunctionError();
        }
    }

    /// <summary>The body, or null when it is over HTTP API's request quota; the excess is drained so the client reads the 413.</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0 || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return [];
        }

        var limit = _options.MaxRequestBodyBytes;
        using var body = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        var tooLarge = request.ContentLength > limit;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (!tooLarge && body.Length + read > limit)
                {
                    tooLarge = true;
                }

                if (!tooLarge)
                {
                    body.Write(chunk, 0, read);
                }
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            tooLarge = true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return tooLarge ? null : body.ToArray();
    }

    private static async Task WriteMappedAsync(HttpContext context, CorsResponder? cors, MappedResponse mapped)
    {
        var response = context.Response;
        response.StatusCode = mapped.StatusCode;
        foreach (var (name, value) in mapped.Headers)
        {
            if (UncopiedResponseHeaders.Contains(name) || string.Equals(name, RequestIdHeader, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            response.Headers.Append(name, value);
        }

        foreach (var cookie in mapped.Cookies)
        {
            response.Headers.Append("set-cookie", cookie);
        }

        cors?.WriteActual(context.Request, response);
        if (mapped.StatusCode is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
        {
            return;
        }

        response.ContentLength = mapped.Body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(mapped.Body, context.RequestAborted);
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, CorsResponder? cors, HttpStatusCode status, string message)
    {
        var response = context.Response;
        response.StatusCode = (int)status;
        response.ContentType = "application/json";
        cors?.WriteActual(context.Request, response);
        var body = Encoding.UTF8.GetBytes("{\"message\":\"" + message + "\"}");
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static string SourceIp(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "127.0.0.1";
        }

        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }

    /// <summary>API Gateway's request ids look like "JKJaXmPLvHcESHA=": ten random bytes, base64.</summary>
    private static string NewRequestId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(10));
}
