using Bunit;
using CiieBlazor.App.Components.Layout;
using CiieBlazor.App.Data;

namespace CiieBlazor.Tests.Components;

/// <summary>The navigation offers 配套活动信息 to visitors, 配套活动管理 to operators and admins, 账户管理 to everyone signed in.</summary>
public sealed class NavMenuByRole : ComponentTest
{
    private List<string> LinksFor(string? role)
    {
        var auth = AddAuthorization();
        if (role is not null)
        {
            auth.SetAuthorized("someone");
            auth.SetRoles(role);
        }
        var cut = Render<NavMenu>();
        return cut.FindAll("a[href]").Select(a => a.GetAttribute("href")!).ToList();
    }

    [Theory]
    [InlineData(Roles.Visitor, true, false)]
    [InlineData(Roles.Operator, false, true)]
    [InlineData(Roles.Admin, false, true)]
    [InlineData(Roles.Reviewer, false, false)]
    [InlineData(Roles.Finance, false, false)]
    public void SideEventsByRoleAndAccountForEveryone(string role, bool visitorList, bool operationsList)
    {
        var links = LinksFor(role);

        Assert.Equal(visitorList, links.Contains("portal/side-events"));
        Assert.Equal(operationsList, links.Contains("operations/side-events"));
        Assert.Contains("account/manage", links);
    }

    [Fact]
    public void NoAccountLinkBeforeSigningIn() => Assert.DoesNotContain("account/manage", LinksFor(null));
}
