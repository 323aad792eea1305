using System.Diagnostics;
using System.Globalization;

namespace Platform.Local.Lambda.Internal;

/// <summary>Starts a function instance's process so that it cannot outlive the runner.</summary>
/// <remarks>
/// Linux has PR_SET_PDEATHSIG, but .NET cannot set it between fork and exec. So the process starts as <c>/bin/sh</c>, which forks a
/// watchdog and then <c>exec</c>s the function: the function keeps the shell's pid (so killing it and reading its exit code work as
/// usual), and the watchdog, polling the function's parent pid, SIGKILLs it once the runner is gone, even when the runner itself was
/// SIGKILLed. The watchdog exits as soon as the function has exited.
/// </remarks>
internal static class ChildProcess
{
    // $1 is the runner's pid, the rest is the command. Inside ( ) $$ is still the outer shell's pid, which exec hands to the function.
    private const string Script = """
        runner=$1; shift
        (
          while :; do
            ppid=
            while read -r key value; do
              if [ "$key" = "PPid:" ]; then ppid=$value; break; fi
            done < /proc/$$/status || exit 0
            [ -n "$ppid" ] || exit 0
            if [ "$ppid" != "$runner" ]; then kill -9 $$; exit 0; fi
            sleep 0.2
          done
        ) </dev/null >/dev/null 2>&1 &
        exec "$@"
        """;

    public static Process Start(FunctionSpec spec, IReadOnlyDictionary<string, string> environment)
    {
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(spec.ExecutablePath)) ?? Environment.CurrentDirectory,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(Script);
        startInfo.ArgumentList.Add("sh");
        startInfo.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        startInfo.ArgumentList.Add(spec.ExecutablePath);
        foreach (var argument in spec.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // A Lambda sandbox starts from a clean environment: nothing of the runner's leaks in but what a process needs to start.
        startInfo.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        return Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {spec.ExecutablePath}.");
    }

    public static Dictionary<string, string> BuildEnvironment(FunctionSpec spec, string runtimeApi)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var inherited in new[] { "PATH", "HOME", "DOTNET_ROOT" })
        {
            if (Environment.GetEnvironmentVariable(inherited) is { Length: > 0 } value)
            {
                variables[inherited] = value;
            }
        }

        variables["TZ"] = ":UTC";
        variables["LANG"] = "en_US.UTF-8";
        variables["AWS_ACCESS_KEY_ID"] = "local";
        variables["AWS_SECRET_ACCESS_KEY"] = "local";
        variables["AWS_SESSION_TOKEN"] = "local";
        variables["AWS_EC2_METADATA_DISABLED"] = "true";
        foreach (var (name, value) in spec.Environment)
        {
            variables[name] = value;
        }

        // Lambda's reserved variables: the function's configuration cannot set these.
        variables["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        variables["AWS_LAMBDA_FUNCTION_NAME"] = spec.Name;
        variables["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = spec.MemoryMb.ToString(CultureInfo.InvariantCulture);
        variables["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
        variables["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand";
        variables["AWS_LAMBDA_LOG_GROUP_NAME"] = $"/aws/lambda/{spec.Name}";
        variables["AWS_REGION"] = spec.Region;
        variables["AWS_DEFAULT_REGION"] = spec.Region;
        variables["_HANDLER"] = "bootstrap";
        variables["LAMBDA_TASK_ROOT"] = Path.GetDirectoryName(Path.GetFullPath(spec.ExecutablePath)) ?? "/";
        return variables;
    }
}
