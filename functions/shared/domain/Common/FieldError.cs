namespace Platform.Functions.Shared.Domain.Common;

/// <summary>One invalid field of an input, named by its JSON path (<c>items[0].quantity</c>).</summary>
public sealed record FieldProblem(string Field, string Message);

/// <summary>Thrown when an event or message breaks its contract; the trigger's retry and dead-letter queue take over.</summary>
/// <remarks>The message names the fields that are wrong and never carries field values.</remarks>
public sealed class ContractViolationException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public ContractViolationException() : base("The input violates its contract.") { }

    /// <summary>Creates the exception with a message.</summary>
    public ContractViolationException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ContractViolationException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Builds the exception from the problems found.</summary>
    public static ContractViolationException From(string contract, IReadOnlyList<FieldProblem> problems) =>
        new($"{contract} violates its contract: " + string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}")));
}
