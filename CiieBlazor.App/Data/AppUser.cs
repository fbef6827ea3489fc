using Microsoft.AspNetCore.Identity;

namespace CiieBlazor.App.Data;

/// <summary>A sign-in account. Visitor organisations sign in with their credit code as user name.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>Set for visitor organisation accounts.</summary>
    public Guid? OrganisationId { get; set; }
    /// <summary>Set for delegation reviewers: the delegation or sub-delegation they review.</summary>
    public Guid? DelegationId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public static class Roles
{
    public const string Visitor = "visitor";
    public const string Reviewer = "reviewer";
    public const string Operator = "operator";
    public const string Finance = "finance";
    public const string Admin = "admin";

    public static readonly string[] All = [Visitor, Reviewer, Operator, Finance, Admin];
}
