using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Functions.Shared.Runtime.Events;

namespace Platform.Tests.Functions.Support;

/// <summary>The AWS-shaped payloads under events/, copied next to the test assembly.</summary>
public static class Payloads
{
    public static JsonObject Load(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "events", file)))!.AsObject();
}

/// <summary>An HTTP API payload 2.0 request, starting from one of the events/http-*.json files.</summary>
public sealed class HttpRequestBuilder
{
    private readonly JsonObject _json;

    private HttpRequestBuilder(JsonObject json) => _json = json;

    public static HttpRequestBuilder From(string file) => new(Payloads.Load(file));

    public HttpRequestBuilder WithBody(string body) => SetBody(body, Encoding.UTF8.GetByteCount(body), isBase64Encoded: false);

    public HttpRequestBuilder WithBody(JsonNode body) => WithBody(body.ToJsonString());

    /// <summary>The body as API Gateway passes binary media: base64 of the bytes, with isBase64Encoded.</summary>
    public HttpRequestBuilder WithBase64Body(string body) =>
        SetBody(Convert.ToBase64String(Encoding.UTF8.GetBytes(body)), Encoding.UTF8.GetByteCount(body), isBase64Encoded: true);

    public HttpRequestBuilder WithRawBase64Body(string base64) => SetBody(base64, base64.Length, isBase64Encoded: true);

    /// <summary>Sets a header; API Gateway lower-cases header names in payload 2.0.</summary>
    public HttpRequestBuilder WithHeader(string name, string value)
    {
        Headers()[name.ToLowerInvariant()] = value;
        return this;
    }

    public HttpRequestBuilder WithoutHeader(string name)
    {
        Headers().Remove(name.ToLowerInvariant());
        return this;
    }

    public HttpRequestBuilder WithIdempotencyKey(string key) => WithHeader("Idempotency-Key", key);

    /// <summary>Sets the route's path parameter and the raw path that carries it.</summary>
    public HttpRequestBuilder WithPathParameter(string name, string value)
    {
        var parameters = _json["pathParameters"]?.AsObject() ?? [];
        var old = parameters[name]?.GetValue<string>();
        parameters[name] = value;
        _json["pathParameters"] = parameters;
        if (old is not null)
        {
            var path = _json["rawPath"]!.GetValue<string>().Replace(old, Uri.EscapeDataString(value), StringComparison.Ordinal);
            _json["rawPath"] = path;
            _json["requestContext"]!["http"]!["path"] = path;
        }

        return this;
    }

    public HttpRequestBuilder WithoutPathParameters()
    {
        _json.Remove("pathParameters");
        return this;
    }

    public HttpApiRequest Build() => _json.Deserialize(RuntimeJsonContext.Default.HttpApiRequest)!;

    public byte[] ToUtf8Json() => Encoding.UTF8.GetBytes(_json.ToJsonString());

    private HttpRequestBuilder SetBody(string body, int contentLength, bool isBase64Encoded)
    {
        _json["body"] = body;
        _json["isBase64Encoded"] = isBase64Encoded;
        if (Headers().ContainsKey("content-length"))
        {
            Headers()["content-length"] = contentLength.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return this;
    }

    private JsonObject Headers() => _json["headers"]!.AsObject();
}

/// <summary>The requests of the HTTP API, from the events/http-*.json files.</summary>
public static class Requests
{
    public static HttpRequestBuilder CreateUser(string email, string name) =>
        HttpRequestBuilder.From("http-create-user.json").WithBody(new JsonObject { ["email"] = email, ["name"] = name });

    public static HttpRequestBuilder GetUser(string id) => HttpRequestBuilder.From("http-get-user.json").WithPathParameter("id", id);

    public static HttpRequestBuilder UpdateUser(string id, JsonObject patch) =>
        HttpRequestBuilder.From("http-update-user.json").WithPathParameter("id", id).WithBody(patch);

    public static HttpRequestBuilder GetOrder(string id) => HttpRequestBuilder.From("http-get-order.json").WithPathParameter("id", id);

    public static HttpRequestBuilder PutProduct(string sku, string name, long priceCents, int stock) =>
        HttpRequestBuilder.From("http-put-product.json")
            .WithPathParameter("sku", sku)
            .WithBody(new JsonObject { ["name"] = name, ["priceCents"] = priceCents, ["stock"] = stock });

    public static HttpRequestBuilder CreateOrder(string customerId, string paymentMethod, params (string Sku, int Quantity)[] items) =>
        HttpRequestBuilder.From("http-create-order.json").WithBody(OrderBody(customerId, paymentMethod, items));

    public static JsonObject OrderBody(string customerId, string paymentMethod, params (string Sku, int Quantity)[] items) => new()
    {
        ["customerId"] = customerId,
        ["items"] = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject { ["sku"] = i.Sku, ["quantity"] = i.Quantity })]),
        ["paymentMethod"] = paymentMethod,
    };
}

/// <summary>An EventBridge event envelope, from an events/eventbridge-*.json file or from an event the fake bus recorded.</summary>
public sealed class EventBuilder
{
    private readonly JsonObject _json;

    private EventBuilder(JsonObject json) => _json = json;

    public static EventBuilder From(string file) => new(Payloads.Load(file));

    public static EventBuilder OrderCreated() => From("eventbridge-order-created.json");

    public static EventBuilder PaymentProcessed() => From("eventbridge-payment-processed.json");

    public static EventBuilder PaymentFailed() => From("eventbridge-payment-failed.json");

    public static EventBuilder InventoryUpdated() => From("eventbridge-inventory-updated.json");

    public static EventBuilder Scheduled() => From("eventbridge-scheduled.json");

    /// <summary>The envelope EventBridge delivers to a rule's target for an event a function published.</summary>
    public static EventBuilder Delivering(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        return From("eventbridge-order-created.json")
            .WithId(recorded.EventId)
            .WithSource(recorded.Source)
            .WithDetailType(recorded.DetailType)
            .WithTime(DateTimeOffset.UtcNow)
            .WithDetail(JsonNode.Parse(recorded.Detail)!);
    }

    public EventBuilder WithId(string id) => Set("id", id);

    public EventBuilder WithSource(string source) => Set("source", source);

    public EventBuilder WithDetailType(string detailType) => Set("detail-type", detailType);

    public EventBuilder WithTime(DateTimeOffset time) => Set("time", time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));

    public EventBuilder WithDetail(JsonNode detail) => Set("detail", detail);

    public EventBuilder WithDetailField(string name, JsonNode? value)
    {
        _json["detail"]![name] = value;
        return this;
    }

    public EventBuilder WithoutDetailField(string name)
    {
        _json["detail"]!.AsObject().Remove(name);
        return this;
    }

    public EventBridgeEvent Build() => _json.Deserialize(RuntimeJsonContext.Default.EventBridgeEvent)!;

    public string ToJson() => _json.ToJsonString();

    public byte[] ToUtf8Json() => Encoding.UTF8.GetBytes(ToJson());

    private EventBuilder Set(string name, JsonNode value)
    {
        _json[name] = value;
        return this;
    }
}

/// <summary>An SQS batch as the event source mapping delivers it, from events/sqs-payments.json.</summary>
public sealed class SqsBatchBuilder
{
    private readonly JsonObject _template;
    private readonly JsonArray _records = [];

    private SqsBatchBuilder(JsonObject template) => _template = template;

    public static SqsBatchBuilder Payments() =>
        new(Payloads.Load("sqs-payments.json")["Records"]!.AsArray()[0]!.AsObject());

    /// <summary>Adds a message with the given body; the id is random unless given, as a re-delivery keeps it.</summary>
    public SqsBatchBuilder WithMessage(string body, string? messageId = null, int receiveCount = 1)
    {
        var record = _template.DeepClone().AsObject();
        record["messageId"] = messageId ?? Guid.NewGuid().ToString();
        record["body"] = body;
#pragma warning disable CA5351 // SQS itself reports the body's MD5; it is a checksum here, not security.
        record["md5OfBody"] = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));
#pragma warning restore CA5351
        record["attributes"]!["ApproximateReceiveCount"] = receiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _records.Add(record);
        return this;
    }

    /// <summary>Adds the event as an EventBridge rule with an SQS target enqueues it: the whole envelope is the body.</summary>
    public SqsBatchBuilder WithEvent(EventBuilder evt, string? messageId = null) => WithMessage(evt.ToJson(), messageId);

    public SqsEvent Build() => ToJson().Deserialize(RuntimeJsonContext.Default.SqsEvent)!;

    public byte[] ToUtf8Json() => Encoding.UTF8.GetBytes(ToJson().ToJsonString());

    private JsonObject ToJson() => new() { ["Records"] = _records.DeepClone() };
}
