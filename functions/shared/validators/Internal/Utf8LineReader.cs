using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Platform.Functions.Shared.Validators.Internal;

/// <summary>One physical line of a file: its number and its bytes without the line break.</summary>
/// <param name="Number">1 for the first line.</param>
/// <param name="Bytes">The line's bytes, valid only until the next read.</param>
/// <param name="TooLong">True when the line exceeded the reader's limit; <paramref name="Bytes"/> is then empty.</param>
internal readonly record struct Utf8Line(int Number, ReadOnlyMemory<byte> Bytes, bool TooLong)
{
    public bool IsValidUtf8 => Utf8.IsValid(Bytes.Span);

    public bool IsBlank => Bytes.Span.Trim(" \t"u8).IsEmpty;

    public string Text => Encoding.UTF8.GetString(Bytes.Span);
}

/// <summary>Splits a stream into lines (LF or CRLF) while reading it, holding at most one line and one read of the stream.</summary>
/// <remarks>A UTF-8 byte order mark at the start is dropped. A line longer than the limit is skipped up to its line break and reported as too long.</remarks>
internal sealed class Utf8LineReader(Stream stream, int maxLineBytes)
{
    private const int ReadSize = 16 * 1024;

    private readonly byte[] _buffer = new byte[maxLineBytes + ReadSize];
    private int _start;
    private int _end;
    private int _number;
    private bool _eof;
    private bool _started;

    /// <summary>
    /// Reads up to <paramref name="sniffBytes"/> from the start and tells whether they look like UTF-8 text: no NUL byte and
    /// valid UTF-8 (a character cut off at the end of the window is allowed). Call before the first line.
    /// </summary>
    public async ValueTask<bool> StartsAsTextAsync(int sniffBytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sniffBytes, _buffer.Length);
        while (!_eof && _end < sniffBytes)
        {
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }

        SkipByteOrderMark();
        var window = _buffer.AsSpan(_start, Math.Min(_end, sniffBytes) - _start);
        if (window.Contains((byte)0))
        {
            return false;
        }

        var chars = ArrayPool<char>.Shared.Rent(Math.Max(window.Length, 1));
        try
        {
            var status = Utf8.ToUtf16(window, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: _eof && window.Length == _end - _start);
            return status is OperationStatus.Done or OperationStatus.NeedMoreData;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>The next line, or null at the end of the stream. An empty last line (a final line break) is not a line.</summary>
    public async ValueTask<Utf8Line?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var tooLong = false;
        while (true)
        {
            SkipByteOrderMark();
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineStart = _start;
                _start += newline + 1;
                _number++;
                return tooLong || newline > maxLineBytes
                    ? new Utf8Line(_number, ReadOnlyMemory<byte>.Empty, true)
                    : new Utf8Line(_number, WithoutCarriageReturn(lineStart, newline), false);
            }

            if (_eof)
            {
                if (_start == _end && !tooLong)
                {
                    return null;
                }

                var lineStart = _start;
                var length = _end - _start;
                _start = _end;
                _number++;
                return tooLong || length > maxLineBytes
                    ? new Utf8Line(_number, ReadOnlyMemory<byte>.Empty, true)
                    : new Utf8Line(_number, WithoutCarriageReturn(lineStart, length), false);
            }

            if (_end - _start > maxLineBytes)
            {
                // Drop what is held of the over-long line and keep reading up to its line break.
                tooLong = true;
                _start = _end;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private ReadOnlyMemory<byte> WithoutCarriageReturn(int start, int length) =>
        length > 0 && _buffer[start + length - 1] == (byte)'\r' ? _buffer.AsMemory(start, length - 1) : _buffer.AsMemory(start, length);

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end, Math.Min(ReadSize, _buffer.Length - _end)), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    private void SkipByteOrderMark()
    {
        if (_started || (_end < 3 && !_eof))
        {
            return;
        }

        _started = true;
        if (_buffer.AsSpan(_start, _end - _start).StartsWith("\uFEFF"u8))
        {
            _start += 3;
        }
    }
}
