using System.Text;
using Platform.Functions.Shared.Domain.Catalogue;
using Platform.Functions.Shared.Domain.Catalogue.Imports;
using Platform.Functions.Shared.Domain.Common;
using Platform.Functions.Shared.Validators;
using static Platform.Tests.Domain.Support;

namespace Platform.Tests.Domain.Validators;

public sealed class CatalogueFileReaderTests
{
    private const string Header = "sku,name,price,stock\n";

    [Fact]
    public async Task OpenAsync_ValidCsv_ReadsEveryRowWithItsLine()
    {
        var (content, rows) = await ReadAsync(Header + "WIDGET-1,Widget,1250,40\nGADGET-7,Gadget,99,0\n", CatalogueFormat.Csv);

        Assert.Null(content.Rejection);
        Assert.Equal([(2, new ProductUpsert("WIDGET-1", "Widget", 1250, 40)), (3, new ProductUpsert("GADGET-7", "Gadget", 99, 0))], rows.Select(r => (r.Line, r.Product)));
        Assert.All(rows, r => Assert.Empty(r.Problems));
    }

    [Fact]
    public async Task OpenAsync_CsvHeaderInAnotherOrderAndCase_MapsColumnsByName()
    {
        var (_, rows) = await ReadAsync(" Stock ,PRICE,name,sku\r\n7,500,Mug,MUG-1\r\n", CatalogueFormat.Csv);

        Assert.Equal(new ProductUpsert("MUG-1", "Mug", 500, 7), Assert.Single(rows).Product);
    }

    [Fact]
    public async Task OpenAsync_CsvWithByteOrderMarkCrlfAndNoFinalLineBreak_ReadsTheRows()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("sku,name,price,stock\r\nWIDGET-1,Widget,1250,40")).ToArray();

        var (_, rows) = await ReadAsync(bytes, CatalogueFormat.Csv);

        Assert.Equal(new ProductUpsert("WIDGET-1", "Widget", 1250, 40), Assert.Single(rows).Product);
    }

    [Fact]
    public async Task OpenAsync_CsvQuotedFields_FollowRfc4180()
    {
        var (_, rows) = await ReadAsync(Header + "MUG-1,\"Mug, \"\"large\"\"\",\"500\",3\n\"TEA-2\",Café ☕ マグ,1,1\n", CatalogueFormat.Csv);

        Assert.Equal(
            [new ProductUpsert("MUG-1", "Mug, \"large\"", 500, 3), new ProductUpsert("TEA-2", "Café ☕ マグ", 1, 1)],
            rows.Select(r => r.Product));
    }

    [Fact]
    public async Task OpenAsync_CsvQuotedFieldWithLineBreak_IsOneRowAtItsFirstLineAndTheNextRowKeepsItsLine()
    {
        var (_, rows) = await ReadAsync(Header + "MUG-1,\"two\nlines\",500,3\nTEA-2,Tea,1,1\n", CatalogueFormat.Csv);

        Assert.Equal(2, rows.Count);
        Assert.Equal((2, new FieldProblem("name", "must not contain control characters")), (rows[0].Line, Assert.Single(rows[0].Problems)));
        Assert.Equal((4, "TEA-2"), (rows[1].Line, rows[1].Product!.Sku));
    }

    [Fact]
    public async Task OpenAsync_BlankLines_AreNotRows()
    {
        var (_, rows) = await ReadAsync("\n" + Header + "\n  \nWIDGET-1,Widget,1,1\n\n", CatalogueFormat.Csv);

        Assert.Equal(5, Assert.Single(rows).Line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("\uFEFF")]
    public async Task OpenAsync_EmptyFile_IsAcceptedWithNoRows(string text)
    {
        var (content, rows) = await ReadAsync(text, CatalogueFormat.Csv);

        Assert.NotNull(content.Rows);
        Assert.Empty(rows);
    }

    [Fact]
    public async Task OpenAsync_HeaderOnly_IsAcceptedWithNoRows()
    {
        var (content, rows) = await ReadAsync(Header, CatalogueFormat.Csv);

        Assert.NotNull(content.Rows);
        Assert.Empty(rows);
    }

    [Theory]
    [InlineData("WIDGET-1,Widget,1250,40\n")]
    [InlineData("sku,name,price\nWIDGET-1,Widget,1250\n")]
    [InlineData("sku,name,price,stock,colour\n")]
    [InlineData("sku,name,priceCents,stock\n")]
    [InlineData("sku;name;price;stock\n")]
    [InlineData("\"sku,name,price,stock\n")]
    public async Task OpenAsync_CsvWithoutTheHeader_IsRefusedAsInvalidContent(string text)
    {
        var (content, _) = await ReadAsync(text, CatalogueFormat.Csv);

        Assert.Null(content.Rows);
        Assert.Equal(ImportReason.InvalidContent, content.Rejection);
        Assert.Contains("sku,name,price,stock", content.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_BinaryFile_IsRefusedAsNotText()
    {
        byte[] zip = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, .. Encoding.ASCII.GetBytes("sku,name,price,stock\n")];

        var (content, _) = await ReadAsync(zip, CatalogueFormat.Csv);

        Assert.Equal(ImportReason.NotText, content.Rejection);
    }

    [Fact]
    public async Task OpenAsync_Utf16File_IsRefusedAsNotText()
    {
        var (content, _) = await ReadAsync(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Header)).ToArray(), CatalogueFormat.Csv);

        Assert.Equal(ImportReason.NotText, content.Rejection);
    }

    [Fact]
    public async Task OpenAsync_InvalidUtf8NearTheStart_IsRefusedAsNotText()
    {
        var (content, _) = await ReadAsync([.. Encoding.UTF8.GetBytes(Header + "WIDGET-1,Caf"), 0xE9, .. Encoding.UTF8.GetBytes(",1,1\n")], CatalogueFormat.Csv);

        Assert.Equal(ImportReason.NotText, content.Rejection);
    }

    [Fact]
    public async Task OpenAsync_InvalidUtf8AfterTheSniffWindow_RejectsOnlyThatRow()
    {
        var filler = string.Concat(Enumerable.Range(0, 600).Select(i => $"SKU-{i},Widget,1,1\n"));
        byte[] bytes = [.. Encoding.UTF8.GetBytes(Header + filler + "BAD-1,Caf"), 0xE9, .. Encoding.UTF8.GetBytes(",1,1\nGOOD-1,Good,1,1\n")];
        Assert.True(bytes.Length > CatalogueFileReader.SniffBytes);

        var (content, rows) = await ReadAsync(bytes, CatalogueFormat.Csv);

        Assert.Null(content.Rejection);
        var bad = Assert.Single(rows, r => r.Product is null);
        Assert.Equal((602, "row", "is not valid UTF-8 text"), (bad.Line, bad.Problems[0].Field, bad.Problems[0].Message));
        Assert.Equal("GOOD-1", rows[^1].Product!.Sku);
    }

    [Theory]
    [InlineData("widget-1,Widget,1,1", "sku", "must be upper-case letters, digits and dashes")]
    [InlineData(",Widget,1,1", "sku", "is required")]
    [InlineData("WIDGET-1,,1,1", "name", "is required")]
    [InlineData("WIDGET-1,\"   \",1,1", "name", "must not be blank")]
    [InlineData("WIDGET-1,Widget,12.50,1", "price", "must be a whole number")]
    [InlineData("WIDGET-1,Widget,-1,1", "price", "must be between 0 and 100000000")]
    [InlineData("WIDGET-1,Widget,100000001,1", "price", "must be between 0 and 100000000")]
    [InlineData("WIDGET-1,Widget,1,", "stock", "is required")]
    [InlineData("WIDGET-1,Widget,1,1000001", "stock", "must be between 0 and 1000000")]
    [InlineData("WIDGET-1,Widget,1,lots", "stock", "must be a whole number")]
    [InlineData("WIDGET-1,Widget,1,1,extra", "row", "has 5 fields; the header has 4")]
    [InlineData("WIDGET-1,Wid\"get,1,1", "row", "is not valid CSV: a field with a quote must be quoted, with the quote doubled")]
    [InlineData("WIDGET-1,\"Widget\"x,1,1", "row", "is not valid CSV: a field with a quote must be quoted, with the quote doubled")]
    public async Task OpenAsync_InvalidCsvRow_IsRejectedNamingTheField(string row, string field, string message)
    {
        var (_, rows) = await ReadAsync(Header + row + "\nGOOD-1,Good,1,1\n", CatalogueFormat.Csv);

        Assert.Equal(new FieldProblem(field, message), Assert.Single(rows[0].Problems));
        Assert.Null(rows[0].Product);
        Assert.Equal(2, rows[0].Line);
        Assert.NotNull(rows[1].Product);
    }

    [Fact]
    public async Task OpenAsync_RowWithSeveralBadFields_ListsEachField()
    {
        var (_, rows) = await ReadAsync(Header + "bad sku,,x,-5\n", CatalogueFormat.Csv);

        Assert.Equal(["sku", "name", "price", "stock"], rows[0].Problems.Select(p => p.Field));
    }

    [Fact]
    public async Task OpenAsync_UnclosedQuoteAtTheEnd_RejectsTheRow()
    {
        var (_, rows) = await ReadAsync(Header + "WIDGET-1,Widget,1,1\nMUG-1,\"Mug,1,1\nTEA-2,Tea,1,1\n", CatalogueFormat.Csv);

        Assert.Equal(2, rows.Count);
        Assert.Equal((3, "has a quoted field that is never closed"), (rows[1].Line, rows[1].Problems[0].Message));
    }

    [Fact]
    public async Task OpenAsync_RowLongerThanTheLimit_IsRejectedAndReadingGoesOn()
    {
        var longName = new string('x', CatalogueFileReader.MaxRowBytes + 10);

        var (_, rows) = await ReadAsync(Header + $"LONG-1,{longName},1,1\nGOOD-1,Good,1,1\n", CatalogueFormat.Csv);

        Assert.Equal(new FieldProblem("row", "is longer than 65536 bytes"), Assert.Single(rows[0].Problems));
        Assert.Equal((3, "GOOD-1"), (rows[1].Line, rows[1].Product!.Sku));
    }

    [Fact]
    public async Task OpenAsync_ValidJsonLines_ReadsEveryRow()
    {
        var (_, rows) = await ReadAsync(
            """
            {"sku":"WIDGET-1","name":"Widget","price":1250,"stock":40}

            {"stock":0,"price":99,"name":"  Gadget ","sku":"GADGET-7"}
            """,
            CatalogueFormat.JsonLines);

        Assert.Equal([(1, new ProductUpsert("WIDGET-1", "Widget", 1250, 40)), (3, new ProductUpsert("GADGET-7", "Gadget", 99, 0))], rows.Select(r => (r.Line, r.Product)));
    }

    [Theory]
    [InlineData("""{"sku":"WIDGET-1","name":"Widget","price":12.5,"stock":1}""", "price", "must be a whole number")]
    [InlineData("""{"sku":"WIDGET-1","name":"Widget","price":"100","stock":1}""", "price", "must be a whole number")]
    [InlineData("""{"sku":"WIDGET-1","name":"Widget","price":1,"stock":-1}""", "stock", "must be between 0 and 1000000")]
    [InlineData("""{"sku":"widget","name":"Widget","price":1,"stock":1}""", "sku", "must be upper-case letters, digits and dashes")]
    [InlineData("""{"sku":"WIDGET-1","name":"Widget","price":1,"stock":1,"colour":"red"}""", "colour", "is not a known field")]
    [InlineData("""{"sku":"WIDGET-1","price":1,"stock":1}""", "name", "is required")]
    [InlineData("""["WIDGET-1","Widget",1,1]""", "row", "must be a JSON object")]
    [InlineData("""{"sku":"WIDGET-1",""", "row", "is not a JSON object")]
    public async Task OpenAsync_InvalidJsonLine_IsRejectedNamingTheField(string line, string field, string message)
    {
        var (_, rows) = await ReadAsync("""{"sku":"GOOD-1","name":"Good","price":1,"stock":1}""" + "\n" + line + "\n", CatalogueFormat.JsonLines);

        Assert.Equal((2, new FieldProblem(field, message)), (rows[1].Line, Assert.Single(rows[1].Problems)));
        Assert.Null(rows[1].Product);
    }

    [Theory]
    [InlineData("sku,name,price,stock\nWIDGET-1,Widget,1,1\n")]
    [InlineData("[1,2,3]\n")]
    public async Task OpenAsync_JsonLinesNotStartingWithAnObject_IsRefusedAsInvalidContent(string text)
    {
        var (content, _) = await ReadAsync(text, CatalogueFormat.JsonLines);

        Assert.Equal(ImportReason.InvalidContent, content.Rejection);
    }

    [Fact]
    public async Task OpenAsync_SameMistakeInCsvAndJsonLines_GivesTheSameMessageAsPutProduct()
    {
        var (_, csv) = await ReadAsync(Header + "WIDGET-1,Widget,100000001,1\n", CatalogueFormat.Csv);
        var (_, jsonl) = await ReadAsync("""{"sku":"WIDGET-1","name":"Widget","price":100000001,"stock":1}""", CatalogueFormat.JsonLines);
        var putProduct = ParseProduct(A.ProductBody().Set("priceCents", 100_000_001));

        Assert.Equal(putProduct.Problems[0].Message, csv[0].Problems[0].Message);
        Assert.Equal(putProduct.Problems[0].Message, jsonl[0].Problems[0].Message);
    }

    [Fact]
    public async Task OpenAsync_LargeFile_IsStreamedNotReadWhole()
    {
        // 50 MB of rows, produced on demand: the first rows arrive after reading only the start of the stream.
        using var stream = new GeneratedCsvStream(rows: 1_000_000);

        var content = await new CatalogueFileReader().OpenAsync(stream, CatalogueFormat.Csv, Ct);
        var first = new List<CatalogueRow>();
        await foreach (var row in content.Rows!.WithCancellation(Ct))
        {
            first.Add(row);
            if (first.Count == 100)
            {
                break;
            }
        }

        Assert.Equal(100, first.Count);
        Assert.All(first, r => Assert.NotNull(r.Product));
        Assert.True(stream.Position < 256 * 1024, $"The reader had read {stream.Position} bytes for 100 rows.");
        Assert.True(stream.Length > 40_000_000);
    }

    private static Task<(CatalogueContent Content, List<CatalogueRow> Rows)> ReadAsync(string text, CatalogueFormat format) =>
        ReadAsync(Encoding.UTF8.GetBytes(text), format);

    private static async Task<(CatalogueContent Content, List<CatalogueRow> Rows)> ReadAsync(byte[] bytes, CatalogueFormat format)
    {
        using var stream = new MemoryStream(bytes);
        var content = await new CatalogueFileReader().OpenAsync(stream, format, Ct);
        var rows = new List<CatalogueRow>();
        if (content.Rows is not null)
        {
            await foreach (var row in content.Rows.WithCancellation(Ct))
            {
                rows.Add(row);
            }
        }

        return (content, rows);
    }
}

/// <summary>A CSV file of the given number of rows (50 bytes each), generated as it is read: nothing is held in memory.</summary>
internal sealed class GeneratedCsvStream(int rows) : Stream
{
    private const string Header = "sku,name,price,stock\n";
    private const int RowLength = 50;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => Header.Length + ((long)rows * RowLength);

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && _position < Length)
        {
            var (line, at) = _position < Header.Length
                ? (Header, (int)_position)
                : (RowAt((_position - Header.Length) / RowLength), (int)((_position - Header.Length) % RowLength));
            var bytes = Encoding.ASCII.GetBytes(line)[at..];
            var n = Math.Min(bytes.Length, buffer.Length - written);
            bytes.AsSpan(0, n).CopyTo(buffer[written..]);
            written += n;
            _position += n;
        }

        return written;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Row <paramref name="index"/>, padded to <see cref="RowLength"/> bytes with its line break.</summary>
    private static string RowAt(long index)
    {
        var row = FormattableString.Invariant($"SKU-{index:D7},Widget {index},1250,40");
        return row.PadRight(RowLength - 1) + "\n";
    }
}
