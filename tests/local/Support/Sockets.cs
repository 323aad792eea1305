using System.Globalization;

namespace Platform.Tests.Local.Support;

/// <summary>What a process's TCP sockets are connected to, read from /proc.</summary>
public static class Sockets
{
    private const string Established = "01";

    /// <summary>Whether <paramref name="processId"/> holds an established connection to 127.0.0.1:<paramref name="port"/>: it is inside a call to that server.</summary>
    public static bool IsConnectedTo(int processId, int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var descriptor in Directory.EnumerateFileSystemEntries($"/proc/{processId}/fd"))
            {
                if (new FileInfo(descriptor).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target["socket:[".Length..^1]);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        // .NET connects through dual-mode sockets, which /proc/net/tcp6 lists with the IPv4-mapped address.
        var hexPort = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        string[] remotes = ["0100007F" + hexPort, "0000000000000000FFFF00000100007F" + hexPort];
        return new[] { "/proc/net/tcp", "/proc/net/tcp6" }
            .SelectMany(File.ReadLines)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(fields => fields.Length > 9 && remotes.Contains(fields[2]) && fields[3] == Established && inodes.Contains(fields[9]));
    }
}
