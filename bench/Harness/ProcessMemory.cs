using System.Globalization;

namespace Platform.Bench.Harness;

/// <summary>A process's memory as Linux reports it in /proc: peak and current resident set, proportional and private sizes.</summary>
public sealed record ProcessMemory(long PeakResidentBytes, long ResidentBytes, long ProportionalBytes, long PrivateBytes)
{
    /// <summary>Reads /proc/&lt;pid&gt;/status and smaps_rollup; null when the process is gone.</summary>
    public static ProcessMemory? Read(int processId)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{processId}/status");
            var rollup = File.Exists($"/proc/{processId}/smaps_rollup") ? File.ReadAllLines($"/proc/{processId}/smaps_rollup") : [];
            return new ProcessMemory(
                Kilobytes(status, "VmHWM:"),
                Kilobytes(status, "VmRSS:"),
                Kilobytes(rollup, "Pss:"),
                Kilobytes(rollup, "Private_Clean:") + Kilobytes(rollup, "Private_Dirty:"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The ids of every descendant of <paramref name="processId"/>, read from /proc/&lt;pid&gt;/stat.</summary>
    public static IReadOnlyList<int> Descendants(int processId)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
            }
        }

        var found = new List<int>();
        var frontier = new Queue<int>([processId]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var (child, ppid) in parents)
            {
                if (ppid == parent)
                {
                    found.Add(child);
                    frontier.Enqueue(child);
                }
            }
        }

        return found;
    }

    /// <summary>The executable's command line, for telling function instances from dynalite.</summary>
    public static string CommandLine(int processId)
    {
        try
        {
            return File.ReadAllText($"/proc/{processId}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private static long Kilobytes(string[] lines, string key)
    {
        var line = lines.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
