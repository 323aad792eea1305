using Platform.Infra.Core;

namespace Platform.Infra.Aws;

public sealed record GetCallerIdentityArgs : InvokeArgs;

/// <summary><c>aws:index/getCallerIdentity:getCallerIdentity</c>: the account the provider deploys into.</summary>
/// <remarks>Needs no permission (sts:GetCallerIdentity is always allowed), so previews with read-only roles can run it.</remarks>
public static class GetCallerIdentity
{
    public const string Token = "aws:index/getCallerIdentity:getCallerIdentity";

    /// <summary>Calls the function once, keeping the result in the program variable <paramref name="name"/>.</summary>
    public static GetCallerIdentityResult Invoke(string name) => new(name);
}

/// <summary>What <see cref="GetCallerIdentity"/> returns.</summary>
public sealed class GetCallerIdentityResult : InvokeResult
{
    internal GetCallerIdentityResult(string name)
        : base(GetCallerIdentity.Token, name, new GetCallerIdentityArgs())
    {
    }

    /// <summary>The 12-digit account id.</summary>
    public Output<string> AccountId => Output<string>("accountId");
}
