using CiieBlazor.App.Data;
using CiieBlazor.Tests.TestSupport;
using Microsoft.Playwright;

namespace CiieBlazor.Tests.Browser;

/// <summary>系统配置 and 审计日志 in Chromium: a quota below the places taken is refused next to the field; a valid one is saved and audited.</summary>
[Trait("Category", "Browser")]
public sealed class AdminInBrowser(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AnAdministratorSetsAQuotaAndFindsTheChangeInTheAuditLog()
    {
        var admin = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(admin, "admin", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(admin, "/admin/settings");
        await Assertions.Expect(admin.Locator("[data-testid=edition-row][data-edition='10']")).ToContainTextAsync("2027-11-05");

        var row = admin.Locator("[data-testid=quota-row][data-code=SH]");
        await row.Locator("[data-testid=quota-edit]").ClickAsync();
        var vip = row.Locator("[data-testid=quota-vip] input, input[data-testid=quota-vip]").First;
        await vip.FillAsync("200000");
        await row.Locator("[data-testid=quota-save]").ClickAsync();
        await Assertions.Expect(row.Locator("[data-testid=quota-error]")).ToContainTextAsync("0至100000");
        await vip.FillAsync("120");
        await row.Locator("[data-testid=quota-save]").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("0/120");
        await BrowserFixture.ScreenshotAsync(admin, "70-admin-settings");

        await BrowserFixture.GotoInteractiveAsync(admin, "/admin/audit");
        await admin.Locator("[data-testid=audit-trigger] input, input[data-testid=audit-trigger]").First.FillAsync("SetQuotas");
        await admin.Locator("[data-testid=audit-search]").ClickAsync();
        await Assertions.Expect(admin.Locator("[data-testid=audit-grid] tbody tr").First).ToContainTextAsync("VIP 120");
        await BrowserFixture.ScreenshotAsync(admin, "71-admin-audit");
    }

    [Fact]
    public async Task AReviewersUnmaskedViewOfAContactIsInTheAuditLogAndTheListBesideItIsMasked()
    {
        var reviewer = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(reviewer, "sh.reviewer", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(reviewer, "/review/organisations");
        var row = reviewer.Locator("tr", new PageLocatorOptions { HasText = "上海进博演示贸易有限公司" });
        // The list shows the contact's mobile masked; the detail shows it whole.
        await Assertions.Expect(row).ToContainTextAsync("138****8000");
        await row.Locator("[data-testid=view-organisation]").ClickAsync();
        await Assertions.Expect(reviewer.Locator("[data-testid=review-detail]")).ToContainTextAsync("13800138000");

        var admin = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(admin, "admin", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(admin, "/admin/audit");
        await admin.Locator("[data-testid=audit-trigger] input, input[data-testid=audit-trigger]").First.FillAsync("View");
        await admin.Locator("[data-testid=audit-search]").ClickAsync();
        var first = admin.Locator("[data-testid=audit-grid] tbody tr").First;
        await Assertions.Expect(first).ToContainTextAsync("PersonalData");
        await Assertions.Expect(first).ToContainTextAsync("上海交易团审核员");
        await Assertions.Expect(first).ToContainTextAsync("单位审核");
        await BrowserFixture.ScreenshotAsync(admin, "72-admin-audit-unmasked-views");
    }
}
