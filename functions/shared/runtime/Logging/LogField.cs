namespace Platform.Functions.Shared.Runtime.Logging;

/// <summary>A structured field of a log line: strings, numbers, booleans and null are written as JSON values, anything else as its string form.</summary>
/// <param name="Key">The field name; sensitive names (authorization, token, password, email, body…) are redacted.</param>
/// <param name="Value">The field value.</param>
public readonly record struct LogField(string Key, object? Value);
