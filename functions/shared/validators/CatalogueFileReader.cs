using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Platform.Functions.Shared.Domain.Catalogue.Imports;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Validators.Internal;

namespace Platform.Functions.Shared.Validators;

/// <summary>Reads catalogue import files while they stream in: CSV with the header <c>sku,name,price,stock</c>, or JSON Lines.</summary>
/// <remarks>
/// <para>
/// Both formats are UTF-8 (a byte order mark is allowed) with LF or CRLF line breaks; blank lines are ignored; price is a
/// whole number of cents, as <c>PUT /products/{sku}</c> takes it. Every row is checked with <see cref="ProductRules"/>.
/// </para>
/// <para>
/// The whole file is refused (<see cref="ImportReason.NotText"/>) when its first 8 KiB hold a NUL byte or invalid UTF-8,
/// and (<see cref="ImportReason.InvalidContent"/>) when a CSV file does not start with the header (columns in any order,
/// any case) or a JSON Lines file does not start with a JSON object. After that, a bad row only rejects that row:
/// a row longer than <see cref="MaxRowBytes"/>, not UTF-8, malformed, or with invalid fields.
/// </para>
/// </remarks>
public sealed class CatalogueFileReader : ICatalogueReader
{
    /// <summary>The longest row (a CSV record may span lines when a quoted field holds a line break).</summary>
    public const int MaxRowBytes = 64 * 1024;

    /// <summary>How much of the start of a file is checked to be text.</summary>
    public const int SniffBytes = 8 * 1024;

    private const string CsvHeaderMessage = "The first line must be the CSV header sku,name,price,stock (the four columns in any order, no others).";
    private const string JsonLinesMessage = "The first line must be a JSON object: a JSON Lines file holds one {\"sku\",\"name\",\"price\",\"stock\"} object per line.";
    private static readonly string[] Columns = ["sku", "name", "price", "stock"];

    /// <inheritdoc />
    public async Task<CatalogueContent> OpenAsync(Stream content, CatalogueFormat format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var lines = new Utf8LineReader(content, MaxRowBytes);
        if (!await lines.StartsAsTextAsync(SniffBytes, cancellationToken).ConfigureAwait(false))
        {
            return CatalogueContent.Refused(ImportReason.NotText, "The file is not UTF-8 text (it holds a NUL byte or invalid UTF-8 near its start).");
        }

        var first = await NextNonBlankAsync(lines, cancellationToken).ConfigureAwait(false);
        if (first is not { } line)
        {
            return CatalogueContent.Accepted(AsyncEnumerable.Empty<CatalogueRow>());
        }

        if (line.TooLong || !line.IsValidUtf8)
        {
            return CatalogueContent.Refused(ImportReason.InvalidContent, format == CatalogueFormat.Csv ? CsvHeaderMessage : JsonLinesMessage);
        }

        if (format == CatalogueFormat.Csv)
        {
            return HeaderOrder(line.Text) is { } order
                ? CatalogueContent.Accepted(CsvRowsAsync(lines, order, cancellationToken))
                : CatalogueContent.Refused(ImportReason.InvalidContent, CsvHeaderMessage);
        }

        var firstBytes = line.Bytes.ToArray();
        if (!IsJsonObject(firstBytes))
        {
            return CatalogueContent.Refused(ImportReason.InvalidContent, JsonLinesMessage);
        }

        return CatalogueContent.Accepted(JsonRowsAsync(lines, line.Number, firstBytes, cancellationToken));
    }

    /// <summary>The position of sku, name, price and stock in the header, or null when it is not exactly those columns.</summary>
    private static int[]? HeaderOrder(string header)
    {
        var fields = new List<string>();
        if (CsvLine.Split(header, fields) != CsvSplit.Complete || fields.Count != Columns.Length)
        {
            return null;
        }

        var order = new int[Columns.Length];
        for (var c = 0; c < Columns.Length; c++)
        {
            order[c] = fields.FindIndex(f => string.Equals(f.Trim(), Columns[c], StringComparison.OrdinalIgnoreCase));
            if (order[c] < 0)
            {
                return null;
            }
        }

        return order;
    }

    private static async IAsyncEnumerable<CatalogueRow> CsvRowsAsync(Utf8LineReader lines, int[] order, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var fields = new List<string>();
        while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (Unreadable(line) is { } unreadable)
            {
                yield return unreadable;
                continue;
            }

            if (line.IsBlank)
            {
                continue;
            }

            var record = line.Text;
            var split = CsvLine.Split(record, fields);
            CatalogueRow? broken = null;
            while (split == CsvSplit.OpenQuote)
            {
                // A quoted field holds a line break: the record goes on with the next line.
                var next = await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (next is not { } more)
                {
                    broken = Reject(line.Number, "row", "has a quoted field that is never closed");
                    break;
                }

                if (more.TooLong || !more.IsValidUtf8 || record.Length + more.Bytes.Length + 1 > MaxRowBytes)
                {
                    broken = Reject(line.Number, "row", string.Create(CultureInfo.InvariantCulture, $"has a quoted field that is never closed, or is longer than {MaxRowBytes} bytes"));
                    break;
                }

                record = record + "\n" + more.Text;
                split = CsvLine.Split(record, fields);
            }

            if (broken is not null)
            {
                yield return broken;
            }
            else if (split == CsvSplit.Malformed)
            {
                yield return Reject(line.Number, "row", "is not valid CSV: a field with a quote must be quoted, with the quote doubled");
            }
            else if (fields.Count != Columns.Length)
            {
                yield return Reject(line.Number, "row", string.Create(CultureInfo.InvariantCulture, $"has {fields.Count} fields; the header has {Columns.Length}"));
            }
            else
            {
                var problems = new List<FieldProblem>();
                var product = ProductRules.ImportRow(fields[order[0]], fields[order[1]], fields[order[2]], fields[order[3]], problems);
                yield return new CatalogueRow(line.Number, product, problems);
            }
        }
    }

    private static async IAsyncEnumerable<CatalogueRow> JsonRowsAsync(Utf8LineReader lines, int firstLine, byte[] firstBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return JsonRow(firstLine, firstBytes);
        while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (Unreadable(line) is { } unreadable)
            {
                yield return unreadable;
            }
            else if (!line.IsBlank)
            {
                yield return JsonRow(line.Number, line.Bytes);
            }
        }
    }

    private static CatalogueRow JsonRow(int line, ReadOnlyMemory<byte> bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            return Reject(line, "row", "is not a JSON object");
        }

        using (document)
        {
            var reader = new JsonFieldReader();
            var product = ProductRules.ImportRow(document.RootElement, reader);
            return new CatalogueRow(line, product, reader.Problems);
        }
    }

    private static bool IsJsonObject(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static CatalogueRow? Unreadable(Utf8Line line) =>
        line.TooLong ? Reject(line.Number, "row", string.Create(CultureInfo.InvariantCulture, $"is longer than {MaxRowBytes} bytes"))
        : !line.IsValidUtf8 ? Reject(line.Number, "row", "is not valid UTF-8 text")
        : null;

    private static async ValueTask<Utf8Line?> NextNonBlankAsync(Utf8LineReader lines, CancellationToken cancellationToken)
    {
        while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.TooLong || !line.IsBlank)
            {
                return line;
            }
        }

        return null;
    }

    private static CatalogueRow Reject(int line, string field, string message) => new(line, null, [new FieldProblem(field, message)]);
}
