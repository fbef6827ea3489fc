using System.Text.RegularExpressions;
using CiieBlazor.App.Data;
using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Common;
using CiieBlazor.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace CiieBlazor.Tests.Browser;

/// <summary>
/// One professional visitor from registration to the gate, through the four roles, in Chromium on the real clock. The
/// administrator first moves the current edition around today (系统配置), so that the gate can admit the visitor today.
/// Screenshots: artifacts/test/90-journey-*.png, one per step.
/// </summary>
[Trait("Category", "Browser")]
public sealed class FullJourneyInBrowser(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Organisation = "上海全程演示贸易有限公司";
    private const string Person = "赵全程";
    private const string Document = "320505198808081238";
    private const string Password = "Journey2027ok";

    private static ILocator Field(IPage page, string testId) => page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;

    [Fact]
    public async Task AProfessionalVisitorIsRegisteredReviewedPaidBadgedAndAdmittedAtTheGate()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow + OrderNumber.ChinaOffset);

        // 0. 系统配置: the administrator puts the current edition's days around today (the demo's are a year ahead).
        var admin = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(admin, "admin", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(admin, "/admin/settings");
        var edition = admin.Locator("[data-testid=edition-row][data-edition='10']");
        await edition.Locator("[data-testid=edit-edition]").ClickAsync();
        await PickDateAsync(admin, Field(admin, "edit-first"), today.AddDays(-1));
        await PickDateAsync(admin, Field(admin, "edit-last"), today.AddDays(3));
        await edition.Locator("[data-testid=edit-save]").ClickAsync();
        await Assertions.Expect(edition.Locator("td").Nth(1)).ToHaveTextAsync($"{today.AddDays(-1):yyyy-MM-dd}");
        await Assertions.Expect(edition.Locator("td").Nth(2)).ToHaveTextAsync($"{today.AddDays(3):yyyy-MM-dd}");
        await BrowserFixture.ScreenshotAsync(admin, "90-journey-00-admin-edition-days");
        await admin.Context.CloseAsync();

        // 1. 新用户注册: a new organisation of 上海交易团 with a valid credit code (check character computed).
        var code = "91310115MA1JRNY78" + UnifiedSocialCreditCode.CheckCharacter("91310115MA1JRNY78");
        var visitor = await browser.NewPageAsync();
        await BrowserFixture.GotoInteractiveAsync(visitor, "/register");
        await visitor.GetByText("我已阅读并同意隐私条款").ClickAsync();
        await visitor.ClickAsync("[data-testid=new-user]");
        await visitor.Locator("[data-testid=delegation]").ClickAsync();
        await visitor.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = "上海交易团", Exact = true }).ClickAsync();
        await Field(visitor, "org-name").FillAsync(Organisation);
        await Field(visitor, "org-code").FillAsync(code);
        await Field(visitor, "org-code").BlurAsync();
        await Field(visitor, "password").FillAsync(Password);
        await Field(visitor, "confirm-password").FillAsync(Password);
        await Assertions.Expect(visitor.GetByText("校验位不正确")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(visitor, "90-journey-01-register");
        await visitor.ClickAsync("[data-testid=register-next]");

        // 单位信息: contacts, purchasing intent and an industry; the form saves itself.
        await visitor.WaitForURLAsync(url => url.Contains("/portal/organisation"));
        await BrowserFixture.InteractiveAsync(visitor);
        await Assertions.Expect(visitor.Locator("[data-testid=registration-status]")).ToHaveAttributeAsync("data-status", "Draft");
        await Field(visitor, "contact-name").FillAsync("钱联系");
        await Field(visitor, "contact-mobile").FillAsync("13912345678");
        await Field(visitor, "contact-email").FillAsync("journey@example.com");
        await Field(visitor, "next-year-min").FillAsync("100");
        await Field(visitor, "next-year-max").FillAsync("500");
        await Field(visitor, "five-years-min").FillAsync("1000");
        await Field(visitor, "five-years-max").FillAsync("3000");
        await Field(visitor, "interest-text").FillAsync("药品");
        await visitor.Locator("[data-testid=interest-suggestions] .mud-list-item").First.ClickAsync();
        await Assertions.Expect(visitor.Locator("[data-testid=chosen-interests] .mud-chip")).ToHaveCountAsync(1);
        await Assertions.Expect(visitor.Locator("[data-testid=autosave]")).ToHaveAttributeAsync("data-state", "Saved", new LocatorAssertionsToHaveAttributeOptions { Timeout = 8_000 });
        await BrowserFixture.ScreenshotAsync(visitor, "90-journey-02-organisation-autosaved");

        // 添加人员: one mainland professional visitor with a photo, entering from today; saved.
        await BrowserFixture.GotoInteractiveAsync(visitor, "/portal/persons/new?type=Mainland");
        await Field(visitor, "p-name").FillAsync(Person);
        await Field(visitor, "p-document").FillAsync(Document);
        await Field(visitor, "p-position").FillAsync("采购总监");
        await Field(visitor, "p-mobile").FillAsync("13812345678");
        await Field(visitor, "p-email").FillAsync("zhao@example.com");
        await visitor.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "photo.png", MimeType = "image/png", Buffer = TestFiles.Png(358, 441) });
        await Assertions.Expect(visitor.Locator("[data-testid=p-photo]")).ToBeVisibleAsync();
        await visitor.Locator("[data-testid=p-entry-from]").ClickAsync();
        await visitor.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = today.ToString("M月d日"), Exact = true }).ClickAsync();
        await Assertions.Expect(visitor.Locator("[data-testid=p-entry-from]")).ToContainTextAsync(today.ToString("M月d日"));
        await Assertions.Expect(visitor.Locator("[data-testid=p-entry-to]")).ToContainTextAsync(today.AddDays(3).ToString("M月d日"));
        await visitor.Locator("[data-testid=p-commitment] input, input[data-testid=p-commitment]").First.CheckAsync();
        await visitor.ClickAsync("[data-testid=p-save]");
        await Assertions.Expect(visitor.Locator("[data-testid=person-status]")).ToHaveAttributeAsync("data-status", "Saved");
        await BrowserFixture.ScreenshotAsync(visitor, "90-journey-03-person-saved");

        // 确认提交 on the person list: the saved person and the organisation form as autosaved go to the delegation together.
        await BrowserFixture.GotoInteractiveAsync(visitor, "/portal/persons");
        await Assertions.Expect(visitor.Locator("[data-testid=person-name]")).ToHaveTextAsync(Person);
        await Assertions.Expect(visitor.Locator("[data-testid=pending-count]")).ToContainTextAsync("1");
        await visitor.GetByText("本人已阅读并同意《个人信息及隐私保护政策》").ClickAsync();
        await visitor.ClickAsync("[data-testid=submit-all]");
        await visitor.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "确定" }).ClickAsync();
        await Assertions.Expect(visitor.Locator("[data-testid=pending-count]")).ToContainTextAsync("0");
        await Assertions.Expect(visitor.Locator("[data-testid=person-status]")).ToHaveAttributeAsync("data-status", "AwaitingTag");
        await BrowserFixture.GotoInteractiveAsync(visitor, "/portal/organisation");
        await Assertions.Expect(visitor.Locator("[data-testid=read-only]")).ToBeVisibleAsync();
        await Assertions.Expect(Field(visitor, "contact-name")).ToHaveValueAsync("钱联系");
        await BrowserFixture.GotoInteractiveAsync(visitor, "/");
        await Assertions.Expect(visitor.Locator("[data-testid=registration-status]")).ToHaveAttributeAsync("data-status", "Submitted");
        await Assertions.Expect(visitor.Locator("[data-testid=step-3]")).ToHaveAttributeAsync("data-state", "Done");
        await Assertions.Expect(visitor.Locator("[data-testid=step-4]")).ToHaveAttributeAsync("data-detail", "AwaitingOrganisationReview");
        await BrowserFixture.ScreenshotAsync(visitor, "90-journey-04-organisation-submitted");

        // 2. 上海交易团 approves the organisation and tags the person 专业观众: the fee is due.
        await PayableVisitor.PrepareAsync(browser, Organisation, Person, "90-journey-05-reviewer");
        await Assertions.Expect(visitor.Locator("[data-testid=step-4]")).ToHaveAttributeAsync("data-state", "Done");
        await Assertions.Expect(visitor.Locator("[data-testid=step-5]")).ToHaveAttributeAsync("data-state", "InProgress");

        // 3. 人员证件申办 → 提交办证 → 确认订单, then 转账支付 with the bank's voucher.
        await BrowserFixture.GotoInteractiveAsync(visitor, "/portal/badges");
        await visitor.Locator($"[data-testid=payable-row][data-person={Person}] input[type=checkbox]").CheckAsync();
        await visitor.Locator("[data-testid=apply]").ClickAsync();
        await Assertions.Expect(visitor.Locator("[data-testid=order-line]")).ToContainTextAsync("320*****238");
        await Assertions.Expect(visitor.Locator("[data-testid=preview-total]")).ToContainTextAsync("¥200.00");
        await BrowserFixture.ScreenshotAsync(visitor, "90-journey-06-confirm-order");
        await visitor.Locator("[data-testid=create-order]").ClickAsync();
        await Assertions.Expect(visitor.Locator("[data-testid=order-status]")).ToHaveAttributeAsync("data-status", "Unpaid");
        await visitor.Locator("[data-testid=pay-transfer]").ClickAsync();
        await Field(visitor, "remitter").FillAsync(Organisation);
        await Field(visitor, "remitter").BlurAsync();
        await Assertions.Expect(Field(visitor, "transfer-amount")).ToHaveValueAsync("200.00");
        await visitor.Locator("[data-testid=voucher-upload] input[type=file], input[type=file][data-testid=voucher-upload]").First
            .SetInputFilesAsync(new FilePayload { Name = "转账回单.png", MimeType = "image/png", Buffer = TestFiles.Png(400, 300) });
        await Assertions.Expect(visitor.Locator("[data-testid=voucher-name]")).ToHaveTextAsync("转账回单.png");
        await visitor.Locator("[data-testid=transfer-submit]").ClickAsync();
        await Assertions.Expect(visitor.Locator("[data-testid=order-status]")).ToHaveAttributeAsync("data-status", "AwaitingTransferCheck");
        await BrowserFixture.ScreenshotAsync(visitor, "90-journey-07-transfer-submitted");

        // 4. 财务 confirms the transfer against the voucher; the visitor's order turns paid without a reload.
        var finance = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(finance, "finance", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(finance, "/finance/transfers");
        var transfer = finance.Locator("[data-testid=transfer-row]", new PageLocatorOptions { HasText = Organisation });
        await Assertions.Expect(transfer.Locator("img[data-testid=voucher-preview]")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(finance, "90-journey-08-finance-transfer-desk");
        await transfer.Locator("[data-testid=confirm-transfer]").ClickAsync();
        await Assertions.Expect(finance.Locator("[data-testid=no-transfers]")).ToBeVisibleAsync();
        await finance.Context.CloseAsync();
        await Assertions.Expect(visitor.Locator("[data-testid=order-status]")).ToHaveAttributeAsync("data-status", "Paid");
        await Assertions.Expect(visitor.Locator("[data-testid=paid-at]")).ToContainTextAsync("转账");
        await BrowserFixture.ScreenshotAsync(visitor, "90-journey-09-order-paid");

        // 5. 运营: 人员信息审核 (photo, full document number) → approve; 证件制作 → produce and print; 证件发放 → hand to 上海交易团.
        var op = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(op, "operator", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(op, "/operations/review");
        await op.Locator("tr", new PageLocatorOptions { HasText = Person }).Locator("[data-testid=row-open]").ClickAsync();
        var detail = op.Locator(".mud-dialog");
        await Assertions.Expect(detail.Locator("[data-testid=detail-document]")).ToHaveTextAsync(Document);
        await Assertions.Expect(detail.Locator("[data-testid=detail-nationality]")).ToHaveTextAsync("中国");
        await Assertions.Expect(detail.Locator("img[data-testid=review-photo]")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(op, "90-journey-10-operator-review");
        await detail.Locator("[data-testid=detail-approve]").ClickAsync();
        await Assertions.Expect(op.Locator("[data-testid=review-empty]")).ToBeVisibleAsync();

        await BrowserFixture.GotoInteractiveAsync(op, "/operations/badges");
        await op.Locator("tr", new PageLocatorOptions { HasText = Person }).Locator("input[type=checkbox]").CheckAsync();
        await op.Locator("[data-testid=produce]").ClickAsync();
        await Assertions.Expect(op.Locator("[data-testid=badge-empty]")).ToBeVisibleAsync();
        await op.Locator(".mud-tab", new PageLocatorOptions { HasText = "已制作" }).ClickAsync();
        var produced = op.Locator("tr", new PageLocatorOptions { HasText = Person });
        await Assertions.Expect(produced.Locator("[data-testid=badge-number]")).ToHaveTextAsync(new Regex(@"^CIIE10-SH-\d{6}$"));
        var badgeNumber = await produced.Locator("[data-testid=badge-number]").InnerTextAsync();
        await produced.Locator("input[type=checkbox]").CheckAsync();
        var card = await op.RunAndWaitForDownloadAsync(() => op.Locator("[data-testid=print-cards]").ClickAsync());
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes((await card.PathAsync())!), 0, 4));
        await BrowserFixture.ScreenshotAsync(op, "90-journey-11-badge-produced");
        var list = await op.RunAndWaitForDownloadAsync(() => op.Locator("[data-testid=hand-over]").ClickAsync());
        Assert.StartsWith("交接单-JJ10-", list.SuggestedFilename);
        await Assertions.Expect(op.Locator("[data-testid=shipment-row]")).ToContainTextAsync("上海交易团");
        await BrowserFixture.ScreenshotAsync(op, "90-journey-12-badge-handed-over");

        // 6. The visitor sees where the badge is, and every step of the flowchart done.
        await BrowserFixture.GotoInteractiveAsync(visitor, "/portal/badge-progress");
        var progress = visitor.Locator("[data-testid=badge-progress-row]", new PageLocatorOptions { HasText = Person });
        await Assertions.Expect(progress).ToContainTextAsync(badgeNumber);
        await Assertions.Expect(progress.Locator("[data-testid=badge-progress-where]")).ToContainTextAsync("已交交易团");
        await BrowserFixture.ScreenshotAsync(visitor, "90-journey-13-visitor-badge-progress");
        await BrowserFixture.GotoInteractiveAsync(visitor, "/");
        await Assertions.Expect(visitor.Locator("[data-testid=flowchart] li[data-state=Done]")).ToHaveCountAsync(8);
        await Assertions.Expect(visitor.Locator("[data-testid=step-8-count]")).ToHaveTextAsync("(1/1)");
        await BrowserFixture.ScreenshotAsync(visitor, "90-journey-14-visitor-flowchart-done");

        // 7. 入馆核验: the scanner types the badge's QR text (number and serial as stored, signed with the app's key):
        // admitted today; the same code again is refused, already inside.
        var token = await BadgeTokenAsync(badgeNumber);
        await BrowserFixture.GotoInteractiveAsync(op, "/operations/gate");
        var scan = Field(op, "gate-code");
        var result = op.Locator("[data-testid=gate-result]");
        await scan.FillAsync(token);
        await scan.PressAsync("Enter");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-admit", "true");
        await Assertions.Expect(result.Locator("[data-testid=gate-name-shown]")).ToHaveTextAsync(Person);
        await Assertions.Expect(result.Locator("[data-testid=gate-message]")).ToContainTextAsync("准许通行");
        await BrowserFixture.ScreenshotAsync(op, "90-journey-15-gate-admitted");
        await scan.FillAsync(token);
        await scan.PressAsync("Enter");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-reason", "AlreadyInside");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-admit", "false");
        await Assertions.Expect(result.Locator("[data-testid=gate-message]")).ToContainTextAsync("已在馆内");
        await Assertions.Expect(op.Locator("[data-testid=gate-history] tbody tr")).ToHaveCountAsync(2);
        await BrowserFixture.ScreenshotAsync(op, "90-journey-16-gate-already-inside");
    }

    /// <summary>Picks a day on a MudDatePicker the way a user does: open it, page to the month, click the day.</summary>
    private static async Task PickDateAsync(IPage page, ILocator input, DateOnly day)
    {
        await input.ClickAsync();
        var picker = page.Locator(".mud-picker-popover.mud-popover-open");
        var month = picker.Locator(".mud-button-month");
        var target = $"{day.Year}年{day.Month}月";
        for (var i = 0; i < 36; i++)
        {
            var shown = await month.InnerTextAsync();
            if (shown == target) break;
            var (year, m) = ParseMonth(shown);
            var forward = (day.Year, day.Month).CompareTo((year, m)) > 0;
            await picker.Locator(forward ? ".mud-picker-nav-button-next" : ".mud-picker-nav-button-prev").ClickAsync();
            await Assertions.Expect(month).Not.ToHaveTextAsync(shown);
        }
        await picker.Locator("button.mud-picker-calendar-day:not(.mud-hidden)").Filter(new LocatorFilterOptions { HasTextRegex = new Regex($"^{day.Day}$") }).ClickAsync();
        await Assertions.Expect(input).ToHaveValueAsync(day.ToString("yyyy-MM-dd"));
        await Assertions.Expect(picker).ToHaveCountAsync(0);
    }

    private static (int Year, int Month) ParseMonth(string shown)
    {
        var m = Regex.Match(shown, @"(\d{4})年(\d{1,2})月");
        return (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value));
    }

    /// <summary>The QR text printed on the badge: its number and current serial as the app stored them, signed with the app's key.</summary>
    private async Task<string> BadgeTokenAsync(string badgeNumber)
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(browser.App.Directory, "app.db")};Mode=ReadOnly");
        await db.OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT Serial FROM Badges WHERE BadgeNumber = $number";
        query.Parameters.AddWithValue("$number", badgeNumber);
        var serial = Convert.ToInt32(await query.ExecuteScalarAsync());
        var key = Convert.FromBase64String(File.ReadAllText(Path.Combine(browser.App.Directory, "keys", "badge-token.key")).Trim());
        return BadgeToken.Create(new BadgeTokenClaims(badgeNumber, serial), key);
    }
}
