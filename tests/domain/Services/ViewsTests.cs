using Platform.Functions.Shared.Domain.Api;
using Platform.Functions.Shared.Domain.Orders;

namespace Platform.Tests.Domain.Services;

/// <summary>The HTTP API's views of domain objects (<c>Api/Views.cs</c>).</summary>
public sealed class ViewsTests
{
    [Fact]
    public void OrderViewFrom_PaidOrder_ShowsLinesAndLowerCaseStatus()
    {
        var order = A.Order().WithLine("WIDGET-1", 2, 1_250).WithLine("GADGET-7", 1, 999).Charged("pay_1").Build();

        var view = OrderView.From(order);

        Assert.Equal("paid", view.Status);
        Assert.Equal([new OrderLineView("WIDGET-1", 2, 1_250, 2_500), new OrderLineView("GADGET-7", 1, 999, 999)], view.Items);
        Assert.Equal((3_499L, "USD", "pay_1"), (view.TotalCents, view.Currency, view.PaymentId));
        Assert.Null(view.DeclineReason);
    }

    [Fact]
    public void OrderView_Members_DoNotExposeThePaymentMethod()
    {
        Assert.DoesNotContain(typeof(OrderView).GetProperties(), p => p.Name.Contains("PaymentMethod", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(OrderStatus.Backordered, "backordered")]
    [InlineData(OrderStatus.Expired, "expired")]
    public void OrderViewFrom_Status_IsLowerCaseName(OrderStatus status, string expected)
    {
        Assert.Equal(expected, OrderView.From(A.Order().WithStatus(status).Build()).Status);
    }

    [Fact]
    public void UserViewFrom_User_CopiesPublicFields()
    {
        var user = A.User().WithVersion(7).Build();

        var view = UserView.From(user);

        Assert.Equal(new UserView(user.Id, user.Email, user.Name, user.CreatedAt, user.UpdatedAt), view);
    }

    [Fact]
    public void ProductViewFrom_Product_CopiesEveryField()
    {
        var product = A.Product().Build();

        Assert.Equal(new ProductView(product.Sku, product.Name, product.PriceCents, product.Stock, product.UpdatedAt), ProductView.From(product));
    }
}
