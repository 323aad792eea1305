using Platform.Functions.Shared.Domain.Catalogue;
using Platform.Functions.Shared.Domain.Orders;
using Platform.Functions.Shared.Domain.Users;

namespace Platform.Tests.Database;

/// <summary>Entry points for the builders: <c>A.User().WithEmail(…).Build()</c>.</summary>
public static class A
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static UserBuilder User() => new();

    public static OrderBuilder Order() => new();

    public static Product Product(string? sku = null, int stock = 10) =>
        new(sku ?? UniqueId("sku"), "Widget", 1_250, stock, Now);

    public static string UniqueId(string prefix) => $"{prefix}_{Guid.NewGuid():N}";

    public static string UniqueEmail() => $"{Guid.NewGuid():N}@example.com";
}

public sealed class UserBuilder
{
    private string id = A.UniqueId("usr");
    private string email = A.UniqueEmail();
    private int version = 1;

    public UserBuilder WithId(string value)
    {
        id = value;
        return this;
    }

    public UserBuilder WithEmail(string value)
    {
        email = value;
        return this;
    }

    public UserBuilder WithVersion(int value)
    {
        version = value;
        return this;
    }

    public User Build() => new(id, email, "Ada Lovelace", A.Now, A.Now, version);
}

public sealed class OrderBuilder
{
    private string id = A.UniqueId("ord");
    private OrderStatus status = OrderStatus.Pending;
    private DateTimeOffset createdAt = A.Now;
    private List<OrderLine> lines = [new("sku-1", 2, 1_250), new("sku-2", 1, 500)];

    public OrderBuilder WithId(string value)
    {
        id = value;
        return this;
    }

    public OrderBuilder WithStatus(OrderStatus value)
    {
        status = value;
        return this;
    }

    public OrderBuilder CreatedAt(DateTimeOffset value)
    {
        createdAt = value;
        return this;
    }

    public OrderBuilder WithLines(params OrderLine[] value)
    {
        lines = [.. value];
        return this;
    }

    public Order Build() => new(id, "usr_customer", lines, lines.Sum(line => line.LineTotalCents), "EUR", "card", status, createdAt, createdAt);
}
