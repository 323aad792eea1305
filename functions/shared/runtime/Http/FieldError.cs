namespace Platform.Functions.Shared.Runtime.Http;

/// <summary>A validation error on one request field.</summary>
/// <param name="Field">The field's name or JSON path, for example "items[0].quantity".</param>
/// <param name="Message">What is wrong with it.</param>
public sealed record FieldError(string Field, string Message);
