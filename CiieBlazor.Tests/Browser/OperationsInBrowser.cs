using CiieBlazor.App.Data;
using CiieBlazor.Domain.Badges;
using CiieBlazor.Tests.TestSupport;
using Microsoft.Playwright;

namespace CiieBlazor.Tests.Browser;

/// <summary>
/// Steps 6–8 in Chromium: the operator reviews 张伟华 (photo, full document number) and approves her — the visitor's
/// flowchart follows live; produces, prints and hands her badge to 上海交易团; the visitor sees where it is; the gate
/// recognises her badge (today is not one of her entry days in November 2027) and refuses an altered code as forged.
/// Admission on an entry day and anti-passback run on a driven clock in BackgroundReviewAndBadges.
/// </summary>
[Trait("Category", "Browser")]
public sealed class OperationsInBrowser(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AnOperatorReviewsProducesHandsOverAndTheGateRecognisesTheBadge()
    {
        // 上海交易团 approves the organisation and tags 张伟华 as staff (fee exempt): she waits for the background review.
        var reviewer = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(reviewer, "sh.reviewer", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(reviewer, "/review/organisations");
        await reviewer.Locator("tr", new PageLocatorOptions { HasText = "上海进博演示贸易有限公司" }).Locator("[data-testid=approve]").ClickAsync();
        await Assertions.Expect(reviewer.Locator("[data-testid=registration-status]").First).ToHaveAttributeAsync("data-status", "Approved");
        await BrowserFixture.GotoInteractiveAsync(reviewer, "/review/persons");
        await reviewer.Locator("tr", new PageLocatorOptions { HasText = "张伟华" }).Locator("[data-testid=row-tag]").ClickAsync();
        await reviewer.Locator("[data-testid=row-tag-Staff]").ClickAsync();
        await Assertions.Expect(reviewer.Locator("tr", new PageLocatorOptions { HasText = "张伟华" })).ToContainTextAsync("待审核");
        await reviewer.Context.CloseAsync();

        var visitor = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(visitor, DemoSeeder.VisitorCode, DemoSeeder.Password);
        await Assertions.Expect(visitor.Locator("[data-testid=step-6-count]")).ToHaveTextAsync("(0/1)");

        // 运营看板 open on another screen: it follows the review without a reload.
        var dash = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(dash, "operator", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(dash, "/operations/dashboard");
        await Assertions.Expect(dash.Locator("[data-testid=dash-Reviewed]")).ToHaveAttributeAsync("data-value", "0");
        await Assertions.Expect(dash.Locator("[data-testid=dash-Tagged]")).ToHaveAttributeAsync("data-value", "1");

        // 人员信息审核: the operator opens her record (photo, full number) and approves.
        var op = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(op, "operator", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(op, "/operations/review");
        var row = op.Locator("tr", new PageLocatorOptions { HasText = "张伟华" });
        await row.Locator("[data-testid=row-open]").ClickAsync();
        var dialog = op.Locator(".mud-dialog");
        await Assertions.Expect(dialog.Locator("[data-testid=detail-document]")).ToHaveTextAsync("310115198503122018");
        await Assertions.Expect(dialog.Locator("img[data-testid=review-photo]")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(op, "60-operator-review-detail");
        await dialog.Locator("[data-testid=detail-approve]").ClickAsync();
        await Assertions.Expect(op.Locator("[data-testid=review-empty]")).ToBeVisibleAsync();
        await Assertions.Expect(visitor.Locator("[data-testid=step-6-count]")).ToHaveTextAsync("(1/1)");
        await Assertions.Expect(visitor.Locator("[data-testid=step-7]")).ToHaveAttributeAsync("data-state", "InProgress");
        await Assertions.Expect(dash.Locator("[data-testid=dash-Reviewed]")).ToHaveAttributeAsync("data-value", "1");
        await Assertions.Expect(dash.Locator("[data-testid=dash-delegation][data-delegation=上海交易团] [data-testid=dash-d-reviewed]")).ToHaveTextAsync("1");
        await BrowserFixture.ScreenshotAsync(dash, "66-operations-dashboard");

        // 证件制作: produce, then print the card.
        await BrowserFixture.GotoInteractiveAsync(op, "/operations/badges");
        await op.Locator("tr", new PageLocatorOptions { HasText = "张伟华" }).Locator("input[type=checkbox]").CheckAsync();
        await op.Locator("[data-testid=produce]").ClickAsync();
        await Assertions.Expect(op.Locator("[data-testid=badge-empty]")).ToBeVisibleAsync();
        await op.Locator(".mud-tab", new PageLocatorOptions { HasText = "已制作" }).ClickAsync();
        var produced = op.Locator("tr", new PageLocatorOptions { HasText = "张伟华" });
        await Assertions.Expect(produced.Locator("[data-testid=badge-number]")).ToHaveTextAsync("CIIE10-SH-000001");
        await Assertions.Expect(visitor.Locator("[data-testid=step-7-count]")).ToHaveTextAsync("(1/1)");
        await produced.Locator("input[type=checkbox]").CheckAsync();
        var card = await op.RunAndWaitForDownloadAsync(() => op.Locator("[data-testid=print-cards]").ClickAsync());
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes((await card.PathAsync())!), 0, 4));
        await BrowserFixture.ScreenshotAsync(op, "61-operator-badges-produced");

        // 证件发放: handed to 上海交易团 with a hand-over list.
        var list = await op.RunAndWaitForDownloadAsync(() => op.Locator("[data-testid=hand-over]").ClickAsync());
        Assert.StartsWith("交接单-JJ10-", list.SuggestedFilename);
        await Assertions.Expect(op.Locator("[data-testid=shipment-row]")).ToContainTextAsync("上海交易团");
        await Assertions.Expect(visitor.Locator("[data-testid=step-8-count]")).ToHaveTextAsync("(1/1)");
        await BrowserFixture.ScreenshotAsync(visitor, "62-visitor-flowchart-dispatched");

        await BrowserFixture.GotoInteractiveAsync(visitor, "/portal/badge-progress");
        await Assertions.Expect(visitor.Locator("[data-testid=badge-progress-where]")).ToContainTextAsync("已交交易团");
        await BrowserFixture.ScreenshotAsync(visitor, "63-visitor-badge-progress");

        // 入馆核验: the handheld scanner types the badge's QR text. The real clock is a year before the expo: her badge is
        // recognised (name shown) and refused for the day; an altered code is refused as forged.
        var key = Convert.FromBase64String(File.ReadAllText(Path.Combine(browser.App.Directory, "keys", "badge-token.key")).Trim());
        var token = BadgeToken.Create(new BadgeTokenClaims("CIIE10-SH-000001", 1), key);
        await BrowserFixture.GotoInteractiveAsync(op, "/operations/gate");
        var code = op.Locator("[data-testid=gate-code] input, input[data-testid=gate-code]").First;
        await code.FillAsync(token);
        await code.PressAsync("Enter");
        var result = op.Locator("[data-testid=gate-result]");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-reason", "WrongDay");
        await Assertions.Expect(result.Locator("[data-testid=gate-name-shown]")).ToHaveTextAsync("张伟华");
        await Assertions.Expect(result.Locator("[data-testid=gate-message]")).ToContainTextAsync("非入馆日期");
        await BrowserFixture.ScreenshotAsync(op, "64-gate-wrong-day");
        await code.FillAsync(token.Replace("SH-000001", "SH-000002"));
        await code.PressAsync("Enter");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-reason", "Forged");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-admit", "false");
        await Assertions.Expect(op.Locator("[data-testid=gate-history] tbody tr")).ToHaveCountAsync(2);
        await BrowserFixture.ScreenshotAsync(op, "65-gate-forged");
    }
}
