namespace Platform.Functions.Shared.Utilities.EventBridge;

/// <summary>The outcome of a PutEvents call in which every entry was accepted.</summary>
/// <param name="EventIds">The id EventBridge gave each entry, in request order.</param>
public sealed record PutEventsResult(IReadOnlyList<string> EventIds);
