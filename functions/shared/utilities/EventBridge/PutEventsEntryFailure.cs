namespace Platform.Functions.Shared.Utilities.EventBridge;

/// <summary>One entry that EventBridge rejected in an otherwise successful PutEvents call.</summary>
/// <param name="Index">The entry's position in the request.</param>
/// <param name="Source">The rejected entry's source.</param>
/// <param name="DetailType">The rejected entry's detail-type.</param>
/// <param name="ErrorCode">AWS's error code, e.g. <c>InternalFailure</c> or <c>ThrottlingException</c>.</param>
/// <param name="ErrorMessage">AWS's error message.</param>
public sealed record PutEventsEntryFailure(int Index, string Source, string DetailType, string ErrorCode, string? ErrorMessage);
