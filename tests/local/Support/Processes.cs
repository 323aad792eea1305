namespace Platform.Tests.Local.Support;

/// <summary>The processes of this machine whose command line mentions a path, read from /proc.</summary>
public static class Processes
{
    public static IReadOnlyList<string> Mentioning(string text)
    {
        var found = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(directory);
            if (!pid.All(char.IsAsciiDigit) || pid == Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (commandLine.Contains(text, StringComparison.Ordinal))
            {
                found.Add($"{pid}: {commandLine.Trim()}");
            }
        }

        return found;
    }
}
