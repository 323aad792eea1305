using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;

namespace Platform.Local.Storage.Internal;

/// <summary>
/// Decodes an <c>aws-chunked</c> body: chunks of <c>hex-size[;chunk-signature=…]\r\n data \r\n</c>, a zero-size chunk, then
/// optional trailer lines (<c>x-amz-checksum-crc32:…</c>, <c>x-amz-trailer-signature:…</c>) and an empty line.
/// </summary>
/// <remarks>
/// Covers the signed (<c>STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]</c>, ECDSA variants) and unsigned
/// (<c>STREAMING-UNSIGNED-PAYLOAD-TRAILER</c>) forms alike: chunk signatures are read past, not verified.
/// </remarks>
internal static class AwsChunked
{
    private const int MaxLineLength = 8 * 1024;

    private enum State
    {
        ChunkHeader,
        ChunkData,
        ChunkEnd,
        Trailers,
        Done,
    }

    /// <summary>Passes the decoded content to <paramref name="sink"/> and returns the trailers by lower-case name.</summary>
    public static async Task<Dictionary<string, string>> DecodeAsync(
        PipeReader reader, Func<ReadOnlySequence<byte>, ValueTask> sink, CancellationToken cancellationToken)
    {
        var trailers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var state = State.ChunkHeader;
        long remaining = 0;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var progressed = true;
            while (progressed && state != State.Done)
            {
                progressed = false;
                switch (state)
                {
                    case State.ChunkHeader when TryReadLine(ref buffer, out var header):
                        remaining = ParseChunkSize(header);
                        state = remaining == 0 ? State.Trailers : State.ChunkData;
                        progressed = true;
                        break;
                    case State.ChunkData when !buffer.IsEmpty:
                        var data = buffer.Slice(0, Math.Min(remaining, buffer.Length));
                        await sink(data).ConfigureAwait(false);
                        remaining -= data.Length;
                        buffer = buffer.Slice(data.End);
                        state = remaining == 0 ? State.ChunkEnd : State.ChunkData;
                        progressed = true;
                        break;
                    case State.ChunkEnd when buffer.Length >= 2:
                        if (!IsCrLf(buffer.Slice(0, 2)))
                        {
                            throw Malformed("A chunk's data is not followed by CRLF.");
                        }

                        buffer = buffer.Slice(2);
                        state = State.ChunkHeader;
                        progressed = true;
                        break;
                    case State.Trailers when TryReadLine(ref buffer, out var line):
                        if (line.Length == 0)
                        {
                            state = State.Done;
                        }
                        else
                        {
                            AddTrailer(trailers, line);
                        }

                        progressed = true;
                        break;
                    case State.Trailers when result.IsCompleted && buffer.IsEmpty:
                        // Some clients end the body right after the last trailer line.
                        state = State.Done;
                        break;
                    default:
                        break;
                }
            }

            if (state == State.Done)
            {
                reader.AdvanceTo(buffer.End);
                return trailers;
            }

            if (result.IsCompleted)
            {
                throw S3Exception.IncompleteBody("The aws-chunked body ended before its final chunk.");
            }

            if (state is State.ChunkHeader or State.Trailers && buffer.Length > MaxLineLength)
            {
                throw Malformed("A chunk header or trailer line is too long.");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out string line)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> bytes, "\r\n"u8))
        {
            line = string.Empty;
            return false;
        }

        if (bytes.Length > MaxLineLength)
        {
            throw Malformed("A chunk header or trailer line is too long.");
        }

        line = Encoding.ASCII.GetString(bytes);
        buffer = buffer.Slice(reader.Position);
        return true;
    }

    private static long ParseChunkSize(string header)
    {
        var separator = header.IndexOf(';', StringComparison.Ordinal);
        var hex = (separator < 0 ? header : header[..separator]).Trim();
        return hex.Length is > 0 and <= 15 && long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size)
            ? size
            : throw Malformed($"'{hex}' is not a chunk size.");
    }

    private static void AddTrailer(Dictionary<string, string> trailers, string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw Malformed("A trailer line is not 'name:value'.");
        }

        trailers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
    }

    private static bool IsCrLf(ReadOnlySequence<byte> two)
    {
        Span<byte> bytes = stackalloc byte[2];
        two.CopyTo(bytes);
        return bytes[0] == (byte)'\r' && bytes[1] == (byte)'\n';
    }

    private static S3Exception Malformed(string detail) => S3Exception.InvalidRequest($"The aws-chunked body is malformed: {detail}");
}
