using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Platform.Infra.Definition;
using Platform.Local.Lambda;

namespace Platform.Local.Runner.Watch;

/// <summary>Watch mode: rebuilds (JIT) the functions whose sources changed and swaps their instances for the new build.</summary>
/// <remarks>
/// Changes are collected until the sources have been quiet for the debounce interval, then built in one go; one build runs
/// at a time, and changes made during it are built after it. A failed build leaves the running build serving and is reported
/// on the console and in <see cref="Status"/>.
/// </remarks>
internal sealed class FunctionWatcher : IAsyncDisposable
{
    private static readonly string[] WatchedExtensions = [".cs", ".csproj", ".json", ".props"];

    private readonly FunctionBuilder _builder;
    private readonly IReadOnlyList<FunctionDefinition> _functions;
    private readonly IReadOnlyDictionary<string, FunctionHost> _hosts;
    private readonly TextWriter _log;
    private readonly TimeProvider _time;
    private readonly TimeSpan _debounce;
    private readonly FileSystemWatcher _watcher;
    private readonly ITimer _quiet;
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _lock = new();
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FunctionBuildStatus> _status = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private IReadOnlyDictionary<string, IReadOnlyList<string>> _sources;
    private Task _loop = Task.CompletedTask;

    private FunctionWatcher(
        FunctionBuilder builder,
        IReadOnlyList<FunctionDefinition> functions,
        IReadOnlyDictionary<string, FunctionHost> hosts,
        string functionsDirectory,
        TimeSpan debounce,
        TextWriter log,
        TimeProvider time)
    {
        _builder = builder;
        _functions = functions;
        _hosts = hosts;
        _log = log;
        _time = time;
        _debounce = debounce;
        _sources = MapSources();
        _quiet = time.CreateTimer(_ => _changes.Writer.TryWrite(true), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(functionsDirectory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Changed += (_, e) => OnChanged(e.FullPath);
        _watcher.Created += (_, e) => OnChanged(e.FullPath);
        _watcher.Deleted += (_, e) => OnChanged(e.FullPath);
        _watcher.Renamed += (_, e) =>
        {
            OnChanged(e.OldFullPath);
            OnChanged(e.FullPath);
        };
        _watcher.Error += (_, e) => OnOverflow(e.GetException());
    }

    /// <summary>Starts watching the functions folder of <paramref name="options"/>' source root.</summary>
    public static FunctionWatcher Start(
        RunnerOptions options,
        IReadOnlyList<FunctionDefinition> functions,
        IReadOnlyDictionary<string, FunctionHost> hosts,
        TextWriter log,
        TimeProvider time)
    {
        var watcher = new FunctionWatcher(
            new FunctionBuilder(options, log),
            functions,
            hosts,
            Path.Combine(options.FunctionSourceRoot, "functions"),
            options.WatchDebounce,
            log,
            time);
        watcher._loop = Task.Run(watcher.RunAsync);
        watcher._watcher.EnableRaisingEvents = true;
        return watcher;
    }

    /// <summary>The latest build of each function rebuilt since the runner started; functions not rebuilt are absent.</summary>
    public IReadOnlyDictionary<string, FunctionBuildStatus> Status => _status;

    /// <summary>The functions whose build reads <paramref name="path"/>: the ones with it under a source folder, or below a Directory.Build.props.</summary>
    public IReadOnlyList<string> AffectedFunctions(string path)
    {
        var full = Path.GetFullPath(path);
        var isProps = Path.GetFileName(full) == "Directory.Build.props";
        var propsDirectory = Path.GetDirectoryName(full) + Path.DirectorySeparatorChar;
        return
        [
            .. Volatile.Read(ref _sources)
                .Where(function => function.Value.Any(directory =>
                    full.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                    || (isProps && (directory + Path.DirectorySeparatorChar).StartsWith(propsDirectory, StringComparison.Ordinal))))
                .Select(function => function.Key)
                .Order(StringComparer.Ordinal),
        ];
    }

    public async ValueTask DisposeAsync()
    {
        _watcher.EnableRaisingEvents = false;
        _watcher.Dispose();
        await _quiet.DisposeAsync();
        _changes.Writer.TryComplete();
        await _stopping.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private static bool IsSource(string path)
    {
        var parts = path.Split(Path.DirectorySeparatorChar);
        return WatchedExtensions.Contains(Path.GetExtension(path), StringComparer.Ordinal)
            && !parts.Contains("bin", StringComparer.Ordinal)
            && !parts.Contains("obj", StringComparer.Ordinal);
    }

    private void OnChanged(string path)
    {
        if (!IsSource(path))
        {
            return;
        }

        var affected = AffectedFunctions(path);
        if (affected.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            _pending.UnionWith(affected);
        }

        _quiet.Change(_debounce, Timeout.InfiniteTimeSpan);
    }

    private void OnOverflow(Exception exception)
    {
        // The watcher lost events (its buffer overflowed): any function may have changed.
        _log.WriteLine($"watch: missed file changes ({exception.Message}); rebuilding every function");
        lock (_lock)
        {
            _pending.UnionWith(_functions.Select(function => function.Name));
        }

        _quiet.Change(_debounce, Timeout.InfiniteTimeSpan);
    }

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        while (await _changes.Reader.WaitToReadAsync(token))
        {
            _changes.Reader.TryRead(out _);
            string[] names;
            lock (_lock)
            {
                names = [.. _pending.Order(StringComparer.Ordinal)];
                _pending.Clear();
            }

            if (names.Length > 0)
            {
                await RebuildAsync(names, token);
            }
        }
    }

    private async Task RebuildAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        foreach (var name in names)
        {
            _status[name] = new FunctionBuildStatus(BuildState.Building, _time.GetUtcNow(), null, []);
        }

        await _log.WriteLineAsync($"watch: rebuilding {string.Join(", ", names)}…");
        try
        {
            var functions = _functions.Where(function => names.Contains(function.Name, StringComparer.Ordinal)).ToList();
            var executables = await _builder.RebuildAsync(functions, cancellationToken);
            foreach (var name in names)
            {
                var host = _hosts[name];
                if (host.Spec.ExecutablePath != executables[name])
                {
                    await host.SwapAsync(host.Spec with { ExecutablePath = executables[name], Arguments = [] });
                }

                var elapsed = _time.GetElapsedTime(started);
                _status[name] = new FunctionBuildStatus(BuildState.Ok, _time.GetUtcNow(), elapsed, []);
                await _log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"watch: {name} swapped in {elapsed.TotalSeconds:0.0} s"));
            }
        }
        catch (FunctionBuildException ex)
        {
            Fail(names, started, ex.Errors);
            await _log.WriteLineAsync($"watch: building {string.Join(", ", names)} failed; the running build keeps serving:");
            foreach (var line in ex.Errors)
            {
                await _log.WriteLineAsync("  " + line);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Xml.XmlException)
        {
            Fail(names, started, [ex.Message]);
            await _log.WriteLineAsync($"watch: building {string.Join(", ", names)} failed; the running build keeps serving: {ex.Message}");
        }
        finally
        {
            RefreshSources();
        }
    }

    /// <summary>Maps the functions' source folders again, as a csproj or props change may have added or removed references.</summary>
    private void RefreshSources()
    {
        try
        {
            Volatile.Write(ref _sources, MapSources());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Xml.XmlException)
        {
            // A project file mid-edit; the map is refreshed after the build its fix triggers.
        }
    }

    private void Fail(IReadOnlyList<string> names, long started, IReadOnlyList<string> errors)
    {
        var elapsed = _time.GetElapsedTime(started);
        foreach (var name in names)
        {
            _status[name] = new FunctionBuildStatus(BuildState.Failed, _time.GetUtcNow(), elapsed, errors);
        }
    }

    private Dictionary<string, IReadOnlyList<string>> MapSources() =>
        _functions.ToDictionary(function => function.Name, _builder.SourceDirectories, StringComparer.Ordinal);
}
