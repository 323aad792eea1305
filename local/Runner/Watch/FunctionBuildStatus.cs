namespace Platform.Local.Runner.Watch;

/// <summary>Where watch mode's latest build of a function stands.</summary>
internal enum BuildState
{
    Building,
    Ok,
    Failed,
}

/// <summary>The latest watch-mode build of one function.</summary>
/// <param name="State">Building, swapped in, or failed (the previous build keeps serving).</param>
/// <param name="At">When the build started (building) or ended.</param>
/// <param name="Duration">From the change being picked up to the swap or the failure.</param>
/// <param name="Errors">The compiler's error lines of a failed build.</param>
internal sealed record FunctionBuildStatus(BuildState State, DateTimeOffset At, TimeSpan? Duration, IReadOnlyList<string> Errors);
