using CiieBlazor.App.Data;
using CiieBlazor.Tests.TestSupport;
using Microsoft.Playwright;

namespace CiieBlazor.Tests.Browser;

[Trait("Category", "Browser")]
public sealed class ReviewGridInBrowser(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task OneReviewerTagsAndTheOthersGridAndQuotaBarFollowWithoutReload()
    {
        var first = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(first, "sh.reviewer", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(first, "/review/organisations");
        await first.Locator("tr", new PageLocatorOptions { HasText = "上海进博演示贸易有限公司" }).Locator("[data-testid=approve]").ClickAsync();
        await Assertions.Expect(first.Locator("[data-testid=registration-status]").First).ToHaveAttributeAsync("data-status", "Approved");

        var second = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(second, "sh.reviewer", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(second, "/review/persons");
        await Assertions.Expect(second.Locator("[data-testid=quota-vip]")).ToHaveTextAsync("VIP 0/100");
        await second.EvaluateAsync("() => window.__noReload = 'still here'");

        await BrowserFixture.GotoInteractiveAsync(first, "/review/persons");
        var row = first.Locator("tr", new PageLocatorOptions { HasText = "张伟华" });
        await row.Locator("[data-testid=row-tag]").ClickAsync();
        await first.Locator("[data-testid=row-tag-Vip]").ClickAsync();
        await Assertions.Expect(first.Locator("[data-testid=quota-vip]")).ToHaveTextAsync("VIP 1/100");
        await BrowserFixture.ScreenshotAsync(first, "30-review-grid-tagged");

        await Assertions.Expect(second.Locator("[data-testid=quota-vip]")).ToHaveTextAsync("VIP 1/100", new LocatorAssertionsToHaveTextOptions { Timeout = 3_000 });
        await Assertions.Expect(second.Locator("tr", new PageLocatorOptions { HasText = "张伟华" })).ToContainTextAsync("待审核");
        Assert.Equal("still here", await second.EvaluateAsync<string>("() => window.__noReload"));
        await BrowserFixture.ScreenshotAsync(second, "31-review-grid-live");
    }
}
