using CiieBlazor.App.Data;
using CiieBlazor.Tests.TestSupport;
using Microsoft.Playwright;

namespace CiieBlazor.Tests.Browser;

[Trait("Category", "Browser")]
public sealed class PersonsInBrowser(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static ILocator Field(IPage page, string testId) => page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;

    [Fact]
    public async Task PreviousVisitorReusesInBatchAddsTwoPersonsAndSubmitsTheOrganisation()
    {
        var photo = Path.Combine(browser.App.Directory, "photo.png");
        await File.WriteAllBytesAsync(photo, DemoPhoto.Png(358, 441));

        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, DemoSeeder.PreviousVisitorCode, DemoSeeder.Password);
        await page.ClickAsync("[data-testid=join-edition-button]");
        await Assertions.Expect(page.Locator("[data-testid=registration-status]")).ToHaveAttributeAsync("data-status", "Draft");

        // 往届专业观众人员: 李明 held a badge and passed review (reusable); 周洁 was rejected (re-apply only).
        await BrowserFixture.GotoInteractiveAsync(page, "/portal/persons/previous");
        var li = page.Locator("tr", new PageLocatorOptions { HasText = "李明" });
        await Assertions.Expect(li.Locator("[data-testid=reuse-one]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr", new PageLocatorOptions { HasText = "周洁" }).Locator("[data-testid=reuse-one]")).ToHaveCountAsync(0);
        await li.Locator("input[type=checkbox]").CheckAsync();
        await BrowserFixture.ScreenshotAsync(page, "20-previous-persons");
        await page.ClickAsync("[data-testid=batch-reuse]");
        await Assertions.Expect(page.GetByText("证件服务费为申办新证的50%")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "确定" }).ClickAsync();
        await page.Locator("[data-testid=pending-count]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=person-name]", new PageLocatorOptions { HasText = "李明" })).ToBeVisibleAsync();

        // A mainland person, saved (still editable).
        await AddPersonAsync(page, "Mainland", "王建国", "320505198808081238", photo);
        await page.ClickAsync("[data-testid=p-save]");
        await BrowserFixture.ScreenshotAsync(page, "20b-after-save");
        await Assertions.Expect(page.Locator("[data-testid=person-status]")).ToHaveAttributeAsync("data-status", "Saved");

        // A Hong Kong person, submitted (read-only afterwards).
        await BrowserFixture.GotoInteractiveAsync(page, "/portal/persons");
        await AddPersonAsync(page, "HongKongMacaoTaiwan", "陈大文", "H12345678", photo);
        await Field(page, "p-nationality").FillAsync("香港");
        await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = "中国香港" }).ClickAsync();
        await BrowserFixture.ScreenshotAsync(page, "21-add-person-hk");
        await page.ClickAsync("[data-testid=p-submit]");
        await Assertions.Expect(page.GetByText("提交后将无法修改")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "确定" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=person-read-only]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=person-status]")).ToHaveAttributeAsync("data-status", "AwaitingTag");

        // The reuse person needs the commitment before the organisation is confirm-submitted with everyone.
        await BrowserFixture.GotoInteractiveAsync(page, "/portal/persons");
        await page.Locator("tr", new PageLocatorOptions { HasText = "李明" }).Locator("[data-testid=person-open]").ClickAsync();
        await BrowserFixture.InteractiveAsync(page);
        await page.Locator("[data-testid=p-commitment] input, input[data-testid=p-commitment]").First.CheckAsync();
        await page.ClickAsync("[data-testid=p-save]");
        await Assertions.Expect(page.GetByText("已保存，可继续修改")).ToBeVisibleAsync();

        await BrowserFixture.GotoInteractiveAsync(page, "/portal/persons");
        await Assertions.Expect(page.Locator("[data-testid=pending-count]")).ToContainTextAsync("2");
        // Lists show masked numbers only.
        await Assertions.Expect(page.Locator("[data-testid=person-document]", new PageLocatorOptions { HasText = "320*****238" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("320505198808081238")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "22-persons-list");
        // 确认提交 without 本人已阅读并同意《个人信息及隐私保护政策》: the message next to the box, nothing submitted.
        await page.ClickAsync("[data-testid=submit-all]");
        await Assertions.Expect(page.Locator("[data-testid=policy-error]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=pending-count]")).ToContainTextAsync("2");
        await page.GetByText("本人已阅读并同意《个人信息及隐私保护政策》").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=policy-error]")).ToHaveCountAsync(0);
        await page.ClickAsync("[data-testid=submit-all]");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "确定" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=pending-count]")).ToContainTextAsync("0");

        await BrowserFixture.GotoInteractiveAsync(page, "/");
        await Assertions.Expect(page.Locator("[data-testid=step-3]")).ToHaveAttributeAsync("data-state", "Done");
        await Assertions.Expect(page.Locator("[data-testid=registration-status]")).ToHaveAttributeAsync("data-status", "Submitted");
        await BrowserFixture.ScreenshotAsync(page, "23-flowchart-after-submit");
    }

    private static async Task AddPersonAsync(IPage page, string type, string name, string document, string photo)
    {
        await BrowserFixture.GotoInteractiveAsync(page, $"/portal/persons/new?type={type}");
        await Field(page, "p-name").FillAsync(name);
        await Field(page, "p-document").FillAsync(document);
        await Field(page, "p-position").FillAsync("采购经理");
        await Field(page, "p-mobile").FillAsync(type == "Mainland" ? "13812345678" : "+852 91234567");
        await Field(page, "p-email").FillAsync("person@example.com");
        await page.Locator("input[type=file]").SetInputFilesAsync(photo);
        await Assertions.Expect(page.Locator("[data-testid=p-photo]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=p-commitment] input, input[data-testid=p-commitment]").First.CheckAsync();
    }
}
