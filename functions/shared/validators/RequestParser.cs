using System.Text.Json;
using Platform.Functions.Shared.Domain.Common;

namespace Platform.Functions.Shared.Validators;

/// <summary>A request body parsed into a command, or the problems that stopped it.</summary>
public sealed record Parsed<T>(T? Value, IReadOnlyList<FieldProblem> Problems) where T : class
{
    /// <summary>True when the body was valid.</summary>
    public bool IsValid => Value is not null && Problems.Count == 0;
}

/// <summary>Parses a UTF-8 JSON body with a strict reader function.</summary>
public static class RequestParser
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    /// <summary>Parses <paramref name="utf8Json"/> and runs <paramref name="read"/> over its root.</summary>
    public static Parsed<T> Parse<T>(ReadOnlyMemory<byte> utf8Json, Func<JsonElement, JsonFieldReader, T?> read) where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, Options);
        }
        catch (JsonException)
        {
            return new Parsed<T>(null, [new FieldProblem("body", "is not valid JSON")]);
        }

        using (document)
        {
            var reader = new JsonFieldReader();
            T? value;
            try
            {
                value = read(document.RootElement, reader);
            }
            catch (InvalidOperationException)
            {
                // JsonDocument checks structure only; a string or name with invalid UTF-8 or a lone surrogate escape
                // throws when it is read.
                return new Parsed<T>(null, [new FieldProblem("body", "is not valid JSON")]);
            }

            return reader.IsValid && value is not null ? new Parsed<T>(value, []) : new Parsed<T>(null, reader.Problems);
        }
    }
}
