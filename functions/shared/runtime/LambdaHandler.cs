namespace Platform.Functions.Shared.Runtime;

/// <summary>Handles one Lambda invocation: receives the deserialized event and returns the response to serialize.</summary>
/// <typeparam name="TRequest">The event type.</typeparam>
/// <typeparam name="TResponse">The response type.</typeparam>
/// <param name="request">The deserialized event.</param>
/// <param name="context">The invocation context.</param>
public delegate Task<TResponse> LambdaHandler<TRequest, TResponse>(TRequest request, LambdaContext context);
