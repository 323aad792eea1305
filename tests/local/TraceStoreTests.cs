using Platform.Local.EventBus;
using Platform.Local.Runner;

namespace Platform.Tests.Local;

/// <summary><see cref="TraceStore"/>: steps grouped by trace id, orders mapped to their trace, and the bound on what is kept.</summary>
public sealed class TraceStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Find_ByTraceIdHeaderOrOrderId_ReturnsTheStepsInOrderOfStart()
    {
        var sut = CreateSut(capacity: 10);
        var header = Header(1);
        sut.Add(header + ";Parent=0123456789abcdef;Sampled=1", Span("invocation", "create-order", Now.AddMilliseconds(5)));
        sut.Add(header, Span("request", "POST /orders", Now));
        sut.OnEventMatched(null, new MatchedEvent("e-1", "bus", "platform.orders", "Order Created", Now.AddMilliseconds(9), """{"detail":{"orderId":"ord_1"}}""", ["order-created-to-handler"], header));

        var byId = sut.Find(TraceId(1));
        var byHeader = sut.Find(header);
        var byOrder = sut.Find("ord_1");

        Assert.NotNull(byId);
        Assert.Equal(["request", "invocation", "event"], byId.Spans.Select(span => span.Kind));
        Assert.Equal(["ord_1"], byId.OrderIds);
        Assert.Equal(byId.Spans, byHeader!.Spans);
        Assert.Equal(TraceId(1), byOrder!.TraceId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Root=1-xyz")]
    public void Add_MissingOrMalformedHeader_RecordsNothing(string? header)
    {
        var sut = CreateSut(capacity: 10);

        sut.Add(header, Span("request", "POST /orders", Now));

        Assert.Equal(0, sut.Count);
    }

    [Fact]
    public void Add_BeyondCapacity_ForgetsTheOldestTraceAndItsOrders()
    {
        var sut = CreateSut(capacity: 2);
        sut.LinkOrder("ord_1", Header(1));
        sut.Add(Header(2), Span("request", "POST /orders", Now));

        sut.Add(Header(3), Span("request", "POST /orders", Now));

        Assert.Equal(2, sut.Count);
        Assert.Null(sut.Find(TraceId(1)));
        Assert.Null(sut.Find("ord_1"));
        Assert.NotNull(sut.Find(TraceId(2)));
        Assert.NotNull(sut.Find(TraceId(3)));
    }

    [Fact]
    public void Add_BeyondCapacity_KeepsATraceThatHadARecentStep()
    {
        var sut = CreateSut(capacity: 2);
        sut.Add(Header(1), Span("request", "POST /orders", Now));
        sut.Add(Header(2), Span("request", "GET /orders/{id}", Now));
        sut.Add(Header(1), Span("invocation", "create-order", Now));

        sut.Add(Header(3), Span("request", "GET /orders/{id}", Now));

        Assert.NotNull(sut.Find(TraceId(1)));
        Assert.Null(sut.Find(TraceId(2)));
    }

    private static TraceStore CreateSut(int capacity) => new(TimeProvider.System, capacity);

    private static string TraceId(int n) => $"1-6753a1b2-{n:x24}";

    private static string Header(int n) => "Root=" + TraceId(n);

    private static TraceSpan Span(string kind, string name, DateTimeOffset start) => new(kind, name, start, TimeSpan.FromMilliseconds(1), "ok", string.Empty);
}
