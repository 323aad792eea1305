namespace Platform.Functions.Shared.Database.Internal;

/// <summary>Attribute names shared by several item types.</summary>
internal static class Names
{
    /// <summary>The item type ("User", "Order", …), for people reading the table.</summary>
    public const string Entity = "entity";
}
