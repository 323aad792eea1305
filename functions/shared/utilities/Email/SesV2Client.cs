using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Platform.Functions.Shared.Utilities.Internal;

namespace Platform.Functions.Shared.Utilities.Email;

/// <summary>A minimal SES v2 client: SendEmail over REST-JSON, signed by AWSSDK.Core's SigV4 signer.</summary>
/// <remarks>
/// Create one per process, outside the handler. Email addresses in AWS's error messages are redacted before they
/// reach an exception, so logging a failure never logs an address.
/// </remarks>
public sealed partial class SesV2Client : IDisposable
{
    /// <summary>The SDK service id; its endpoint override variable is <c>AWS_ENDPOINT_URL_SESV2</c>.</summary>
    public const string ServiceId = "SESv2";

    /// <summary>The SigV4 signing name of SES.</summary>
    public const string SigningName = "ses";

    /// <summary>The host prefix of the public endpoint, <c>email.{region}.amazonaws.com</c>.</summary>
    public const string DefaultHostPrefix = "email";

    /// <summary>The most recipients SES accepts for one message (https://docs.aws.amazon.com/ses/latest/dg/quotas.html).</summary>
    public const int MaxRecipients = 50;

    private const string SendEmailPath = "v2/email/outbound-emails";
    private const string Operation = "SESv2.SendEmail";

    private readonly HttpClient _httpClient;
    private readonly Uri _sendEmailUri;
    private readonly bool _ownsHttpClient;
    private readonly Func<string, string?> _getEnv;

    /// <summary>Creates a client that sends through <paramref name="httpClient"/>, which must sign requests for <c>ses</c>.</summary>
    /// <param name="httpClient">The signing client.</param>
    /// <param name="endpoint">The SES endpoint.</param>
    /// <param name="getEnv">Reads <c>_X_AMZN_TRACE_ID</c> on each send; the process environment when null.</param>
    public SesV2Client(HttpClient httpClient, Uri endpoint, Func<string, string?>? getEnv = null)
        : this(httpClient, endpoint, ownsHttpClient: false, getEnv)
    {
    }

    private SesV2Client(HttpClient httpClient, Uri endpoint, bool ownsHttpClient, Func<string, string?>? getEnv)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(endpoint);
        _httpClient = httpClient;
        var baseUri = endpoint.AbsolutePath.EndsWith('/') ? endpoint : new UriBuilder(endpoint) { Path = endpoint.AbsolutePath + "/" }.Uri;
        _sendEmailUri = new Uri(baseUri, SendEmailPath);
        _ownsHttpClient = ownsHttpClient;
        _getEnv = getEnv ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>Creates a client for the region and endpoint from the environment, with the SDK's default credential chain.</summary>
    /// <remarks>
    /// <paramref name="getEnv"/> supplies the region and endpoint variables; credentials always come from the SDK's chain
    /// (environment variables, profile, container, instance metadata), which reads the process environment.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The region is missing or an endpoint variable is malformed.</exception>
    public static SesV2Client FromEnvironment(Func<string, string?>? getEnv = null)
    {
        var region = AwsEndpoints.ResolveRegion(getEnv);
        var endpoint = AwsEndpoints.Resolve(ServiceId, DefaultHostPrefix, region, getEnv);
        return Create(SigningHttpClient.DefaultCredentials(), region, endpoint, getEnv);
    }

    /// <summary>Creates a client with explicit credentials, region and endpoint, owning one signing <see cref="HttpClient"/>.</summary>
    /// <param name="credentials">The signing credentials.</param>
    /// <param name="region">The signing region.</param>
    /// <param name="endpoint">The SES endpoint.</param>
    /// <param name="getEnv">Reads <c>_X_AMZN_TRACE_ID</c> on each send; the process environment when null.</param>
    public static SesV2Client Create(AWSCredentials credentials, string region, Uri endpoint, Func<string, string?>? getEnv = null) =>
        new(SigningHttpClient.Create(credentials, region, SigningName), endpoint, ownsHttpClient: true, getEnv);

    /// <summary>Sends the message and returns the SES message id.</summary>
    /// <exception cref="ArgumentException">The message is incomplete or has too many recipients; nothing was sent.</exception>
    /// <exception cref="AwsServiceException">SES answered with an error status (addresses in its message are redacted).</exception>
    public async Task<string> SendEmailAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        Validate(message);

        var body = JsonSerializer.SerializeToUtf8Bytes(ToWire(message), AwsJsonContext.Default.SendEmailRequestWire);
        using var request = new HttpRequestMessage(HttpMethod.Post, _sendEmailUri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        // As the AWS SDKs do inside Lambda, the invocation's trace header goes with the call, so SES joins the trace.
        if (_getEnv("_X_AMZN_TRACE_ID") is { Length: > 0 } traceHeader)
        {
            request.Headers.TryAddWithoutValidation("X-Amzn-Trace-Id", traceHeader);
        }

        using var response = await _httpClient.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await AwsErrors.ReadAsync(response, Operation, RedactEmailAddresses, cancellationToken);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using (stream)
        {
            var result = await JsonSerializer.DeserializeAsync(stream, AwsJsonContext.Default.SendEmailResponseWire, cancellationToken);
            return string.IsNullOrEmpty(result?.MessageId)
                ? throw new AwsServiceException($"{Operation} returned no MessageId.")
                : result.MessageId;
        }
    }

    /// <summary>Disposes the <see cref="HttpClient"/> if this client created it.</summary>
    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    internal static string RedactEmailAddresses(string text) => EmailAddressPattern().Replace(text, "<redacted>");

    [GeneratedRegex(@"[^\s@<>""',;:()\[\]]+@[^\s@<>""',;:()\[\]]+")]
    private static partial Regex EmailAddressPattern();

    // Messages name no address: callers log exceptions.
    private static void Validate(EmailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(message.FromEmailAddress))
        {
            throw new ArgumentException("The message has no FromEmailAddress.", nameof(message));
        }

        if (message.ToAddresses is null || message.ToAddresses.Count is 0 or > MaxRecipients)
        {
            throw new ArgumentException(
                $"SendEmail takes 1 to {MaxRecipients} recipients; got {message.ToAddresses?.Count ?? 0}.", nameof(message));
        }

        if (message.ToAddresses.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("The message has an empty recipient address.", nameof(message));
        }

        if (string.IsNullOrWhiteSpace(message.Subject))
        {
            throw new ArgumentException("The message has no Subject.", nameof(message));
        }

        if (string.IsNullOrEmpty(message.TextBody))
        {
            throw new ArgumentException("The message has no TextBody.", nameof(message));
        }
    }

    private static SendEmailRequestWire ToWire(EmailMessage message) => new()
    {
        FromEmailAddress = message.FromEmailAddress,
        Destination = new DestinationWire { ToAddresses = message.ToAddresses },
        Content = new EmailContentWire
        {
            Simple = new SimpleMessageWire
            {
                Subject = new ContentWire { Data = message.Subject },
                Body = new BodyWire
                {
                    Text = new ContentWire { Data = message.TextBody },
                    Html = message.HtmlBody is null ? null : new ContentWire { Data = message.HtmlBody },
                },
            },
        },
        ConfigurationSetName = message.ConfigurationSetName,
    };
}
