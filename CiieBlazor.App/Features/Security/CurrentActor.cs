using System.Security.Claims;
using CiieBlazor.App.Data;
using CiieBlazor.Domain.Common;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CiieBlazor.App.Features.Security;

public static class CiieClaims
{
    public const string OrganisationId = "ciie:org";
    public const string DelegationId = "ciie:delegation";
    public const string DisplayName = "ciie:name";

    public static Actor ToActor(this ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            throw new AccessDeniedException("请先登录 (please sign in)");
        }
        var role = user.IsInRole(Roles.Admin) ? ActorRole.Admin
            : user.IsInRole(Roles.Operator) ? ActorRole.Operator
            : user.IsInRole(Roles.Finance) ? ActorRole.Finance
            : user.IsInRole(Roles.Reviewer) ? ActorRole.Reviewer
            : user.IsInRole(Roles.Visitor) ? ActorRole.Visitor
            : throw new AccessDeniedException("该账号没有任何角色 (this account has no role)");
        return new Actor(
            user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            user.FindFirstValue(DisplayName) ?? user.Identity.Name ?? "",
            role,
            Guid.TryParse(user.FindFirstValue(OrganisationId), out var org) ? org : null,
            Guid.TryParse(user.FindFirstValue(DelegationId), out var del) ? del : null);
    }
}

/// <summary>Puts the organisation / delegation binding and the display name into the sign-in cookie.</summary>
public sealed class CiieClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(CiieClaims.DisplayName, user.DisplayName));
        if (user.OrganisationId is { } org) identity.AddClaim(new Claim(CiieClaims.OrganisationId, org.ToString()));
        if (user.DelegationId is { } del) identity.AddClaim(new Claim(CiieClaims.DelegationId, del.ToString()));
        return identity;
    }
}

/// <summary>Refused: the signed-in user may not see or change this. Always logged.</summary>
public sealed class AccessDeniedException(string message) : Exception(message);

/// <summary>The signed-in user of the current circuit or request, as a domain actor.</summary>
public sealed class CurrentActor(AuthenticationStateProvider authState)
{
    public async Task<Actor> GetAsync()
    {
        var state = await authState.GetAuthenticationStateAsync();
        return state.User.ToActor();
    }
}
