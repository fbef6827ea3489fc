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
    public async Task AClickOnAPageStillConnectingWaitsForTheCircuitInsteadOfBeingLost()
    {
        var reviewer = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(reviewer, "sh.reviewer", DemoSeeder.Password);
        await SlowCircuitScriptAsync(reviewer);
        await reviewer.GotoAsync("/review/organisations", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        var view = reviewer.Locator("tr", new PageLocatorOptions { HasText = "上海进博演示贸易有限公司" }).Locator("[data-testid=view-organisation]");
        await view.WaitForAsync();

        // The prerendered list is on screen before its circuit is up; its content is inert meanwhile.
        Assert.Equal("false", await reviewer.Locator("[data-testid=circuit]").GetAttributeAsync("data-ready"));
        Assert.NotNull(await reviewer.Locator(".mud-main-content").GetAttributeAsync("inert"));

        // 查看 is clicked at once: the click lands when the circuit can take it, not on a prerendered button that does nothing.
        await view.ClickAsync();
        await Assertions.Expect(reviewer.Locator("[data-testid=review-detail]")).ToContainTextAsync("药品");
        Assert.Null(await reviewer.Locator(".mud-main-content").GetAttributeAsync("inert"));
    }

    [Fact]
    public async Task AChoiceMadeWhileThePageIsStillConnectingIsNotUndoneWhenTheCircuitArrives()
    {
        var page = await browser.NewPageAsync();
        await SlowCircuitScriptAsync(page);
        await page.GotoAsync("/register", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        var agency = page.GetByRole(AriaRole.Radio, new PageGetByRoleOptions { Name = "政府机构" });
        await agency.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        Assert.Equal("false", await page.Locator("[data-testid=circuit]").GetAttributeAsync("data-ready"));

        // Chosen on the prerendered page, the category would be ticked and then set back to 企业 by the circuit's first
        // render, unseen: the visitor would register under the wrong category. The inert page lets the click land only
        // once the circuit has it.
        await agency.ClickAsync();
        await BrowserFixture.InteractiveAsync(page);
        await Assertions.Expect(agency).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new PageGetByRoleOptions { Name = "企业" })).Not.ToBeCheckedAsync();
    }

    /// <summary>A slow network: the script that connects the circuit arrives two seconds after the page.</summary>
    private static Task SlowCircuitScriptAsync(IPage page) =>
        page.RouteAsync("**/_framework/blazor.web*.js", async route =>
        {
            await Task.Delay(2_000);
            await route.ContinueAsync();
        });

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
