using CiieBlazor.App.Data;
using CiieBlazor.Tests.TestSupport;
using Microsoft.Playwright;

namespace CiieBlazor.Tests.Browser;

/// <summary>配套活动 and 账户管理 in Chromium against the app as a real process with the demo data.</summary>
[Trait("Category", "Browser")]
public sealed class SideEventsAndAccountInBrowser(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static ILocator Field(IPage page, string testId) => page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;

    /// <summary>The form field with its label and the message under it.</summary>
    private static ILocator FieldControl(IPage page, string testId) => page.Locator($".mud-input-control:has([data-testid={testId}])").First;

    private static ILocator Row(IPage page, string text) => page.Locator("tr", new PageLocatorOptions { HasText = text });

    [Fact]
    public async Task TheVisitorsListFollowsWhatAnOperatorPublishesWithdrawsAndEdits()
    {
        var visitor = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(visitor, DemoSeeder.VisitorCode, DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(visitor, "/portal/side-events");
        var names = visitor.Locator("[data-testid=side-event-name]");
        await Assertions.Expect(names).ToHaveCountAsync(2);
        await Assertions.Expect(visitor.Locator("[data-testid=side-event-table]")).Not.ToContainTextAsync("交易团团长闭门工作会");
        await BrowserFixture.ScreenshotAsync(visitor, "60-side-events-visitor");

        var op = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(op, "operator", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(op, "/operations/side-events");
        await Assertions.Expect(op.Locator("[data-testid=admin-event-name]")).ToHaveCountAsync(3);
        await BrowserFixture.ScreenshotAsync(op, "61-side-events-operations");

        await Row(op, "跨境电商与进口消费品创新论坛").Locator("[data-testid=unpublish-side-event]").ClickAsync();
        await Assertions.Expect(names).ToHaveCountAsync(1);
        await Row(op, "跨境电商与进口消费品创新论坛").Locator("[data-testid=publish-side-event]").ClickAsync();
        await Assertions.Expect(names).ToHaveCountAsync(2);

        await Row(op, "进口医疗器械与康复养老采购对接会").Locator("[data-testid=edit-side-event]").ClickAsync();
        await op.Locator("[data-testid=side-event-dialog]").WaitForAsync();
        // The dialog fills its fields from the event after it opens: wait for them, or typing races the load.
        await Assertions.Expect(Field(op, "event-name")).ToHaveValueAsync("进口医疗器械与康复养老采购对接会");
        await Field(op, "event-name").FillAsync("");
        await Field(op, "event-name").PressAsync("Tab"); // the field takes its value on change (leaving it)
        await Field(op, "event-host").FillAsync(new string('主', 201));
        await Field(op, "event-host").PressAsync("Tab");
        await Assertions.Expect(Field(op, "event-name")).ToHaveValueAsync("");
        await op.ClickAsync("[data-testid=save-side-event]");
        await Assertions.Expect(FieldControl(op, "event-name")).ToContainTextAsync("请填写活动名称");
        await Assertions.Expect(FieldControl(op, "event-host")).ToContainTextAsync("主办单位不能超过200个字符");
        await BrowserFixture.ScreenshotAsync(op, "62-side-event-dialog-errors");
        await Assertions.Expect(names.First).ToContainTextAsync("进口医疗器械与康复养老采购对接会");

        await Field(op, "event-name").FillAsync("进口医疗器械采购对接会（第二场）");
        await Field(op, "event-host").FillAsync("上海市商务委员会");
        await op.ClickAsync("[data-testid=save-side-event]");
        await Assertions.Expect(op.Locator("[data-testid=side-event-dialog]")).ToHaveCountAsync(0);
        await Assertions.Expect(names.First).ToContainTextAsync("进口医疗器械采购对接会（第二场）");

        await visitor.FillAsync("input[data-testid=filter-name]", "论坛");
        await visitor.ClickAsync("[data-testid=search-side-events]");
        await Assertions.Expect(names).ToHaveCountAsync(1);
        await Assertions.Expect(names).ToContainTextAsync("跨境电商与进口消费品创新论坛");
    }

    [Fact]
    public async Task AccountManagementShowsTheSignInHistoryAndRefusesAWrongCurrentPassword()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", DemoSeeder.OtherVisitorCode);
        await page.FillAsync("#password", "Wrong2027pass");
        await page.ClickAsync("[data-testid=login-submit]");
        await Assertions.Expect(page.Locator("[data-testid=login-error]")).ToBeVisibleAsync();
        await BrowserFixture.SignInAsync(page, DemoSeeder.OtherVisitorCode, DemoSeeder.Password);

        await page.ClickAsync("a[href='account/manage']");
        await BrowserFixture.InteractiveAsync(page);
        var outcomes = page.Locator("[data-testid=history-outcome]");
        await Assertions.Expect(outcomes).ToHaveCountAsync(2);
        await Assertions.Expect(outcomes.First).ToHaveTextAsync("登录成功");
        await Assertions.Expect(outcomes.Nth(1)).ToHaveTextAsync("密码错误");
        await Assertions.Expect(page.Locator("[data-testid=history-address]").First).ToHaveTextAsync("127.0.0.1");
        await Assertions.Expect(page.Locator("[data-testid=history-agent]").First).ToContainTextAsync("Chrome");

        await Field(page, "current-password").FillAsync("Wrong2027pass");
        await Field(page, "new-password").FillAsync("Visitor2027new");
        await Field(page, "confirm-password").FillAsync("Visitor2027new");
        await page.ClickAsync("[data-testid=change-password]");
        await Assertions.Expect(FieldControl(page, "current-password")).ToContainTextAsync("当前密码错误");

        await Field(page, "contact-phone").FillAsync("12345");
        await page.ClickAsync("[data-testid=save-contact]");
        await Assertions.Expect(FieldControl(page, "contact-phone")).ToContainTextAsync("手机号应为11位中国大陆手机号码");
        await BrowserFixture.ScreenshotAsync(page, "63-account-management");

        await Field(page, "contact-phone").FillAsync("13812345678");
        await Field(page, "contact-email").FillAsync("contact@example.com");
        await page.ClickAsync("[data-testid=save-contact]");
        await Assertions.Expect(FieldControl(page, "contact-phone")).Not.ToContainTextAsync("手机号应为");
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("联系方式已保存");

        await Field(page, "current-password").FillAsync(DemoSeeder.Password);
        await page.ClickAsync("[data-testid=change-password]");
        await Assertions.Expect(page.Locator("[data-testid=password-changed]")).ToBeVisibleAsync();
    }
}
