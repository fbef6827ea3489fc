namespace CiieBlazor.Domain.Common;

public enum ActorRole
{
    Visitor,
    Reviewer,
    Operator,
    Finance,
    Admin,
    System,
}

/// <summary>Who does something. Reviewers carry the delegation they are bound to; visitors their organisation.</summary>
public sealed record Actor(string UserId, string Name, ActorRole Role, Guid? OrganisationId = null, Guid? DelegationId = null)
{
    public static Actor System { get; } = new("system", "system", ActorRole.System);
    public static Actor PaymentProvider(string provider) => new($"provider:{provider}", provider, ActorRole.System);
}
