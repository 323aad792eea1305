using Platform.Infra.Core;

namespace Platform.Infra.Aws.Sns
{
    public sealed record TopicArgs : ResourceArgs
    {
        public string? DisplayName { get; init; }
    }

    /// <summary><c>aws:sns:Topic</c>.</summary>
    public sealed class Topic(string name, TopicArgs args, CustomResourceOptions? options = null)
        : CustomResource("aws:sns:Topic", name, args, options)
    {
        public Output<string> Arn => Output<string>("arn");
    }

    public sealed record TopicSubscriptionArgs : ResourceArgs
    {
        public required Input<string> Topic { get; init; }
        public required string Protocol { get; init; }
        public required Input<string> Endpoint { get; init; }
    }

    /// <summary><c>aws:sns:TopicSubscription</c>.</summary>
    public sealed class TopicSubscription(string name, TopicSubscriptionArgs args, CustomResourceOptions? options = null)
        : CustomResource("aws:sns:TopicSubscription", name, args, options);
}

namespace Platform.Infra.Aws.SesV2
{
    public sealed record EmailIdentityArgs : ResourceArgs
    {
        public required Input<string> EmailIdentity { get; init; }
    }

    /// <summary><c>aws:sesv2:EmailIdentity</c>: the verified sender.</summary>
    public sealed class EmailIdentity(string name, EmailIdentityArgs args, CustomResourceOptions? options = null)
        : CustomResource("aws:sesv2:EmailIdentity", name, args, options)
    {
        public Output<string> Arn => Output<string>("arn");
    }
}
