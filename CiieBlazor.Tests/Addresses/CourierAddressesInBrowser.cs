using CiieBlazor.App.Data;
using CiieBlazor.Tests.TestSupport;
using Microsoft.Playwright;

namespace CiieBlazor.Tests.Addresses;

/// <summary>/portal/addresses in Chromium: the cascading pickers in the dialog, the default chip and the five-address limit.</summary>
[Trait("Category", "Browser")]
public sealed class CourierAddressesInBrowser(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static async Task ChooseAsync(IPage page, string testId, string name)
    {
        await page.Locator($"[data-testid={testId}]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = name, Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator($"input[data-testid={testId}]")).ToHaveValueAsync(name);
    }

    private static ILocator Field(IPage page, string testId) => page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;

    [Fact]
    public async Task VisitorAddsFiveAddressesAndTheSixthIsNotOffered()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, DemoSeeder.VisitorCode, DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(page, "/portal/addresses");
        await Assertions.Expect(page.Locator("[data-testid=addresses-empty]")).ToBeVisibleAsync();

        for (var i = 1; i <= 5; i++)
        {
            await page.ClickAsync("[data-testid=add-address]");
            await page.Locator("[data-testid=address-dialog]").WaitForAsync();
            await ChooseAsync(page, "province", "广东省");
            await ChooseAsync(page, "city", "广州市");
            await ChooseAsync(page, "district", "天河区");
            await Field(page, "street").FillAsync($"天河路{i}号");
            await Field(page, "recipient").FillAsync($"收件人{i}");
            await Field(page, "mobile").FillAsync("13800138000");
            if (i == 1) await BrowserFixture.ScreenshotAsync(page, "40-courier-address-dialog");
            await page.ClickAsync("[data-testid=save-address]");
            await Assertions.Expect(page.Locator("[data-testid=address-dialog]")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("[data-testid=address-row]")).ToHaveCountAsync(i);
        }

        await Assertions.Expect(page.Locator("[data-testid=address-row]").First).ToContainTextAsync("广东省广州市天河区天河路1号");
        await Assertions.Expect(page.Locator("[data-testid=default-chip]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=add-address]")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("[data-testid=addresses-full]")).ToContainTextAsync("常用地址最多可保存五个");
        await BrowserFixture.ScreenshotAsync(page, "41-courier-addresses-full");
    }
}
