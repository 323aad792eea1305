namespace Platform.Functions.Shared.Domain.Catalogue.Imports;

/// <summary>The file formats a catalogue import accepts.</summary>
public enum CatalogueFormat
{
    /// <summary>RFC 4180 CSV with the header row <c>sku,name,price,stock</c>.</summary>
    Csv,

    /// <summary>JSON Lines: one object <c>{"sku","name","price","stock"}</c> per line.</summary>
    JsonLines,
}

/// <summary>Chooses the format of an import file from its key's extension, else from its content type.</summary>
public static class CatalogueFormats
{
    /// <summary>The format's name in reports and events: <c>csv</c> or <c>jsonl</c>.</summary>
    public static string Name(CatalogueFormat format) => format == CatalogueFormat.Csv ? "csv" : "jsonl";

    /// <summary>The format for a key ending in <c>.csv</c> or <c>.jsonl</c> (any case), else for a CSV or JSON Lines content type, else null.</summary>
    public static CatalogueFormat? Detect(string key, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return CatalogueFormat.Csv;
        }

        if (key.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            return CatalogueFormat.JsonLines;
        }

        var mediaType = contentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "text/csv" => CatalogueFormat.Csv,
            "application/jsonl" or "application/x-jsonlines" or "application/jsonlines" or "application/x-ndjson" => CatalogueFormat.JsonLines,
            _ => null,
        };
    }
}
