using CiieBlazor.App.Data;
using CiieBlazor.Tests.TestSupport;
using Microsoft.Playwright;

namespace CiieBlazor.Tests.Browser;

[Trait("Category", "Browser")]
public sealed class LiveFlowchartInBrowser(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task VisitorSeesStepFourChangeWhenAReviewerApprovesInAnotherBrowser()
    {
        var visitor = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(visitor, DemoSeeder.VisitorCode, DemoSeeder.Password);

        var steps = visitor.Locator("[data-testid=flowchart] li");
        await Assertions.Expect(steps).ToHaveCountAsync(8);
        await Assertions.Expect(visitor.Locator("[data-testid=step-1]")).ToHaveAttributeAsync("data-state", "Done");
        await Assertions.Expect(visitor.Locator("[data-testid=step-4]")).ToHaveAttributeAsync("data-detail", "AwaitingOrganisationReview");
        await Assertions.Expect(visitor.Locator("[data-testid=step-6-count]")).ToHaveTextAsync("(0/1)");
        await BrowserFixture.ScreenshotAsync(visitor, "01-visitor-flowchart-before");

        // A marker that survives only while the page is not reloaded.
        await visitor.EvaluateAsync("() => window.__noReload = 'still here'");

        var reviewer = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(reviewer, "sh.reviewer", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(reviewer, "/review/organisations");
        var row = reviewer.Locator("tr", new PageLocatorOptions { HasText = "上海进博演示贸易有限公司" });
        await BrowserFixture.ScreenshotAsync(reviewer, "02-reviewer-before-approve");
        // The reviewer reads what was submitted before deciding.
        await row.Locator("[data-testid=view-organisation]").ClickAsync();
        await Assertions.Expect(reviewer.Locator("[data-testid=review-detail]")).ToContainTextAsync("药品");
        await BrowserFixture.ScreenshotAsync(reviewer, "02b-reviewer-organisation-detail");
        await reviewer.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "确定" }).ClickAsync();
        await row.Locator("[data-testid=approve]").ClickAsync();
        await Assertions.Expect(row.Locator("[data-testid=registration-status]")).ToHaveAttributeAsync("data-status", "Approved");
        await BrowserFixture.ScreenshotAsync(reviewer, "03-reviewer-after-approve");

        // The visitor's page changes by itself, within a second or so, without a reload.
        await Assertions.Expect(visitor.Locator("[data-testid=step-4]")).ToHaveAttributeAsync("data-detail", "AwaitingPersonTags",
            new LocatorAssertionsToHaveAttributeOptions { Timeout = 3_000 });
        await Assertions.Expect(visitor.Locator("[data-testid=registration-status]")).ToHaveAttributeAsync("data-status", "Approved");
        Assert.Equal("still here", await visitor.EvaluateAsync<string>("() => window.__noReload"));
        await BrowserFixture.ScreenshotAsync(visitor, "04-visitor-flowchart-after");
    }

    [Fact]
    public async Task WrongPasswordShowsAMessageAndTheFormStaysUsable()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", "finance");
        await page.FillAsync("#password", "wrong-password");
        await page.ClickAsync("[data-testid=login-submit]");

        await Assertions.Expect(page.Locator("[data-testid=login-error]")).ToContainTextAsync("账号或密码错误");
        await BrowserFixture.ScreenshotAsync(page, "05-login-wrong-password");

        await page.FillAsync("#username", "finance");
        await page.FillAsync("#password", DemoSeeder.Password);
        await page.ClickAsync("[data-testid=login-submit]");
        await Assertions.Expect(page.Locator("[data-testid=signed-in-as]")).ToHaveTextAsync("财务");
    }

    [Fact]
    public async Task EnglishCanBeChosenBesideChinese()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, DemoSeeder.VisitorCode, DemoSeeder.Password);
        await Assertions.Expect(page.Locator("[data-testid=step-6]")).ToContainTextAsync("人员信息审核");

        await page.ClickAsync("[data-testid=lang-en]");

        await Assertions.Expect(page.Locator("[data-testid=step-6]")).ToContainTextAsync("Person review");
        await Assertions.Expect(page.Locator("footer")).ToContainTextAsync("+86-21-968888");
        await BrowserFixture.ScreenshotAsync(page, "06-visitor-flowchart-english");
    }
}
