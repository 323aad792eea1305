using System.Globalization;
using System.Net;
using Microsoft.Playwright;
using Platform.Tests.Local.Support;
using static Microsoft.Playwright.Assertions;

namespace Platform.Tests.Local;

/// <summary>The runner's page in headless Chromium: what it shows after an order, and its controls acting on the platform.</summary>
public sealed class PageBrowserTests(PlatformFixture platform)
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = 60_000 };
    private readonly Api _api = new(platform);

    [Fact]
    public async Task Page_OrderPlaced_ShowsItsEventsInvocationsAndMailsAndItsControlsAct()
    {
        // Arrange: an order placed through the API, all the way to its mails.
        Assert.True(File.Exists(Chromium), $"Chromium is not installed at {Chromium}: install Debian's chromium package (apt-get install -y chromium); CI's .ci/run installs it.");
        var customer = await _api.CreateCustomerAsync();
        var sku = await _api.CreateProductAsync(stock: 10);
        var created = await _api.PlaceOrderAsync(OrderRequest.For(customer.Id).With(sku, 2), Guid.NewGuid().ToString("N"));
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        var orderId = created.Json.GetProperty("id").GetString()!;
        await _api.WaitForStatusAsync(orderId, "reserved");
        await Poll.UntilAsync(() => platform.SubjectsAbout(orderId).Count == 2, TimeSpan.FromSeconds(60), $"the mails of {orderId}");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 1000 } });
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                scriptErrors.Add(message.Text);
            }
        };

        // Act
        await page.GotoAsync(platform.Platform.PageUrl.ToString());

        // Assert: the order's events with their rules, the functions it invoked, its mails, the edges it went along.
        await Expect(page.Locator("#live")).ToHaveTextAsync("live", Patient);
        var orderCreated = page.Locator("#events tr[data-detail-type='Order Created']", new PageLocatorOptions { HasText = orderId });
        await Expect(orderCreated).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 60_000 });
        await Expect(orderCreated.Locator("[data-rule='order-created-to-handler']")).ToBeVisibleAsync();
        await Expect(orderCreated.Locator("[data-rule='order-created-to-payments']")).ToBeVisibleAsync();
        await Expect(page.Locator("#events tr[data-detail-type='Payment Processed']", new PageLocatorOptions { HasText = orderId })).ToHaveCountAsync(1);
        await Expect(page.Locator("#events tr[data-detail-type='Inventory Updated']", new PageLocatorOptions { HasText = orderId })).ToHaveCountAsync(1);

        foreach (var function in new[] { "create-order", "order-created", "process-payment", "payment-processed", "send-confirmation" })
        {
            var invocations = await ShownAsync(page, $"#functions tr[data-function='{function}'] [data-stat='invocations']", shown => shown >= 1, function + " invocations on the page");
            Assert.True(invocations <= platform.Platform.Functions[function].Stats.Invocations, $"{function}: the page shows {invocations}, more than the host counted");
        }

        await Expect(page.Locator("#outbox li", new PageLocatorOptions { HasText = $"We received your order {orderId}" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#outbox li", new PageLocatorOptions { HasText = $"Your order {orderId} is confirmed" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#queues tr[data-queue='payments-dlq'] button[data-redrive]")).ToBeVisibleAsync();
        await ShownAsync(page, "#edges tr[data-edge-id='route:POST /orders→function:create-order'] [data-stat='count']", shown => shown >= 1, "POST /orders requests on the architecture");
        await ShownAsync(page, "#edges tr[data-edge-id='queue:payments→function:process-payment'] [data-stat='count']", shown => shown >= 1, "payments records on the architecture");
        await Expect(page.Locator("#architecture-diagram g.edge.active[data-edge-id='route:POST /orders→function:create-order']")).ToHaveCountAsync(1);

        // Act and assert: fire the schedule from the page; the function runs and the page counts it.
        var expireBefore = platform.Platform.Functions["expire-orders"].Stats.Invocations;
        await page.Locator("button[data-fire='expire-orders-schedule']").ClickAsync();
        await Expect(page.Locator("#schedule-result")).ToContainTextAsync("Fired expire-orders-schedule → expire-orders", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        await Poll.UntilAsync(() => platform.Platform.Functions["expire-orders"].Stats.Invocations > expireBefore, TimeSpan.FromSeconds(60), "expire-orders to run after Fire now");
        await ShownAsync(page, "#functions tr[data-function='expire-orders'] [data-stat='invocations']", shown => shown > expireBefore, "expire-orders invocations after Fire now");

        // Act and assert: send GET /orders/{id} from the request form, with the development token it fills in.
        await page.Locator("#route-select").SelectOptionAsync(new SelectOptionValue { Label = "GET /orders/{id}  →  get-order" });
        await Expect(page.Locator("#route-headers")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^authorization: Bearer ey", System.Text.RegularExpressions.RegexOptions.Multiline));
        await page.Locator("#route-path").FillAsync("/orders/" + orderId);
        await page.Locator("#route-send").ClickAsync();
        await Expect(page.Locator("#route-result")).ToContainTextAsync("200 in", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        await Expect(page.Locator("#route-result")).ToContainTextAsync("\"status\": \"reserved\"");

        // Act and assert: the order section shows the order's trace and finds its events and mails.
        await page.Locator("#activity-order").FillAsync(orderId);
        await page.Locator("#activity-show").ClickAsync();
        await Expect(page.Locator("#trace-steps tbody tr[data-kind='request']", new PageLocatorOptions { HasText = "POST /orders" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#trace-steps tbody tr[data-kind='invocation']", new PageLocatorOptions { HasText = "create-order" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#trace-steps tbody tr[data-kind='event']", new PageLocatorOptions { HasText = "Order Created" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#activity-events tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("#activity-mails li")).ToHaveCountAsync(2);

        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "runner-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        TestContext.Current.AddAttachment("runner-page.png", await File.ReadAllBytesAsync(screenshot, TestContext.Current.CancellationToken), "image/png");
        Assert.Empty(scriptErrors);
    }

    /// <summary>Waits until the number shown in <paramref name="selector"/> satisfies <paramref name="done"/> (the page refreshes itself) and returns it.</summary>
    private static Task<long> ShownAsync(IPage page, string selector, Func<long, bool> done, string what) =>
        Poll.UntilAsync(
            async () => long.TryParse((await page.Locator(selector).TextContentAsync())?.Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var shown) ? shown : -1,
            done,
            TimeSpan.FromSeconds(60),
            what);
}
