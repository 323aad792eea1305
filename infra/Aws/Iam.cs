using Platform.Infra.Core;

namespace Platform.Infra.Aws.Iam;

/// <summary>One IAM policy statement: exact actions on exact resources.</summary>
public sealed record PolicyStatement
{
    public string? Sid { get; init; }
    public string Effect { get; init; } = "Allow";
    public required IReadOnlyList<string> Actions { get; init; }
    public required IReadOnlyList<Input<string>> Resources { get; init; }

    /// <summary>For resource policies: the service principal allowed (e.g. <c>events.amazonaws.com</c>); <c>*</c> for denies.</summary>
    public string? ServicePrincipal { get; init; }

    /// <summary>Whether the principal is everyone (only for deny statements).</summary>
    public bool AnyPrincipal { get; init; }

    /// <summary>Conditions: operator → key → value (e.g. ArnEquals → aws:SourceArn → the rule's ARN).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, Input<string>>>? Conditions { get; init; }

    internal SortedDictionary<string, object?> Render()
    {
        var statement = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Effect"] = Effect,
            ["Action"] = Actions.Order(StringComparer.Ordinal).Select(a => (object?)a).ToList(),
        };
        if (Resources.Count > 0)
        {
            statement["Resource"] = Resources.Select(r => r.Render()).ToList();
        }

        if (Sid is not null)
        {
            statement["Sid"] = Sid;
        }

        if (AnyPrincipal)
        {
            statement["Principal"] = "*";
        }
        else if (ServicePrincipal is not null)
        {
            statement["Principal"] = new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["Service"] = ServicePrincipal };
        }

        if (Conditions is not null)
        {
            statement["Condition"] = Conditions.ToDictionary(
                c => c.Key,
                c => (object?)c.Value.ToDictionary(k => k.Key, k => k.Value.Render(), StringComparer.Ordinal),
                StringComparer.Ordinal);
        }

        return statement;
    }

    /// <summary>Denies any access to <paramref name="resources"/> that does not use TLS.</summary>
    public static PolicyStatement DenyInsecureTransport(string action, params Input<string>[] resources) => new()
    {
        Sid = "DenyInsecureTransport",
        Effect = "Deny",
        AnyPrincipal = true,
        Actions = [action],
        Resources = resources,
        Conditions = new Dictionary<string, IReadOnlyDictionary<string, Input<string>>>
        {
            ["Bool"] = new Dictionary<string, Input<string>> { ["aws:SecureTransport"] = "false" },
        },
    };
}

/// <summary>An IAM policy document, rendered as a YAML object inside <c>fn::toJSON</c> (never a hand-written JSON string).</summary>
public sealed record PolicyDocument(IReadOnlyList<PolicyStatement> Statements) : IRenderable
{
    /// <inheritdoc />
    public object? Render() => new SortedDictionary<string, object?>(StringComparer.Ordinal)
    {
        ["fn::toJSON"] = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = Statements.Select(s => (object?)s.Render()).ToList(),
        },
    };

    /// <summary>The trust policy that lets <paramref name="service"/> assume a role.</summary>
    public static PolicyDocument AssumeRole(string service) => new(
    [
        new PolicyStatement { Actions = ["sts:AssumeRole"], Resources = [], ServicePrincipal = service },
    ]);
}

public sealed record RoleArgs : ResourceArgs
{
    public required PolicyDocument AssumeRolePolicy { get; init; }
    public string? Description { get; init; }
}

/// <summary><c>aws:iam:Role</c>.</summary>
public sealed class Role(string name, RoleArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:iam:Role", name, args, options)
{
    public Output<string> Arn => Output<string>("arn");
    public Output<string> Name => Output<string>("name");
}

public sealed record RolePolicyArgs : ResourceArgs
{
    public required Input<string> Role { get; init; }
    public required PolicyDocument Policy { get; init; }
}

/// <summary><c>aws:iam:RolePolicy</c>: an inline policy of one role.</summary>
public sealed class RolePolicy(string name, RolePolicyArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:iam:RolePolicy", name, args, options);

public sealed record RolePolicyAttachmentArgs : ResourceArgs
{
    public required Input<string> Role { get; init; }
    public required Input<string> PolicyArn { get; init; }
}

/// <summary><c>aws:iam:RolePolicyAttachment</c>: a managed policy attached to a role.</summary>
public sealed class RolePolicyAttachment(string name, RolePolicyAttachmentArgs args, CustomResourceOptions? options = null)
    : CustomResource("aws:iam:RolePolicyAttachment", name, args, options);
