using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;

namespace Platform.Functions.Shared.Utilities.Internal;

/// <summary>Builds the one <see cref="HttpClient"/> a client keeps for the process, signing through AWSSDK.Core.</summary>
internal static class SigningHttpClient
{
    /// <summary>The SDK's default chain (environment, profile, container, IMDS), resolved once and cached by the SDK.</summary>
    public static AWSCredentials DefaultCredentials() => DefaultAWSCredentialsIdentityResolver.GetCredentials(null);

    public static HttpClient Create(AWSCredentials credentials, string region, string signingName)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);

        // Redirects must not be followed below the signer: the replayed hop would carry a signature for the first host.
        var transport = new SocketsHttpHandler { AllowAutoRedirect = false };
        var signer = new SigV4SigningHandler(credentials, RegionEndpoint.GetBySystemName(region), signingName, transport);
        return new HttpClient(signer, disposeHandler: true);
    }
}
