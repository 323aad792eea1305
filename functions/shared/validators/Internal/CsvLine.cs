namespace Platform.Functions.Shared.Validators.Internal;

/// <summary>How splitting a CSV record went.</summary>
internal enum CsvSplit
{
    /// <summary>The record is complete; its fields are in the list.</summary>
    Complete,

    /// <summary>A quoted field is still open at the end: the record continues on the next line.</summary>
    OpenQuote,

    /// <summary>A quote where RFC 4180 allows none (inside an unquoted field, or after a closing quote).</summary>
    Malformed,
}

/// <summary>Splits one CSV record (RFC 4180: comma-separated, fields optionally in double quotes, a quote inside doubled).</summary>
internal static class CsvLine
{
    public static CsvSplit Split(string record, List<string> fields)
    {
        fields.Clear();
        var field = new System.Text.StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < record.Length && record[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= record.Length)
                    {
                        return CsvSplit.OpenQuote;
                    }

                    if (record[i] == '"')
                    {
                        if (i + 1 < record.Length && record[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(record[i++]);
                }

                if (i < record.Length && record[i] != ',')
                {
                    return CsvSplit.Malformed;
                }
            }
            else
            {
                var end = record.IndexOf(',', i);
                var text = end < 0 ? record[i..] : record[i..end];
                if (text.Contains('"', StringComparison.Ordinal))
                {
                    return CsvSplit.Malformed;
                }

                field.Append(text);
                i = end < 0 ? record.Length : end;
            }

            fields.Add(field.ToString());
            if (i >= record.Length)
            {
                return CsvSplit.Complete;
            }

            i++; // the comma
        }
    }
}
