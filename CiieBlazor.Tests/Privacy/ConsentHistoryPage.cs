using Bunit;
using CiieBlazor.App.Components.Admin;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Accounts;
using CiieBlazor.App.Features.Admin;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Tests.Components;
using CiieBlazor.Tests.Features;
using CiieBlazor.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CiieBlazor.Tests.Privacy;

/// <summary>账号与角色 (/admin/accounts): 同意记录 on a visitor account shows its organisation's consents.</summary>
public sealed class ConsentHistoryPage : ComponentTest
{
    private readonly TestApp _app = new();

    public ConsentHistoryPage()
    {
        Services.AddSingleton(_app.Get<AccountAdminService>());
        Services.AddSingleton(_app.Get<AdminService>());
        Services.AddScoped<CurrentActor>();
    }

    [Fact]
    public async Task AnAdministratorOpensAVisitorsConsentHistory()
    {
        await using (var db = _app.Db())
        {
            await _app.Get<NewRegistrationService>().RegisterAsync(
                await TestData.RegistrationAsync(db, "91310000MA1K7CH1A", "上海同意记录页面测试有限公司", "Consent2027abc"), "203.0.113.40");
        }
        var code = NewRegistrationRules.NewCode("91310000MA1K7CH1A");
        this.SignInAs(await _app.ActorAsync("admin"), Roles.Admin);
        var page = this.RenderPage<AccountsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"[data-testid=account-row][data-user='{code}']")), TimeSpan.FromSeconds(10));
        // Staff accounts have no consents to show.
        Assert.Empty(page.FindAll("[data-testid=account-row][data-user=operator] [data-testid=acc-consents]"));

        page.Find($"[data-testid=account-row][data-user='{code}'] [data-testid=acc-consents]").Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=consent-row]")), TimeSpan.FromSeconds(10));
        var row = page.Find("[data-testid=consent-row]");
        Assert.Equal("RegistrationPrivacyTerms", row.GetAttribute("data-subject"));
        Assert.Contains("我已阅读并同意隐私条款", row.TextContent);
        Assert.Contains("2027-1", row.TextContent);
        Assert.Contains("203.0.113.40", row.TextContent);
        Assert.Contains(code, row.TextContent);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _app.Dispose();
    }
}
