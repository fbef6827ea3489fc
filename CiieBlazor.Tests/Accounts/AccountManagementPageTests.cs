using Bunit;
using CiieBlazor.App.Components.Account;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Accounts;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Tests.Components;
using CiieBlazor.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CiieBlazor.Tests.Accounts;

/// <summary>/account/manage rendered with bUnit against the real account service and Identity store.</summary>
public sealed class AccountManagementPageBehaviour : ComponentTest
{
    private readonly TestApp _app = new();
    private AccountService Service => _app.Get<AccountService>();

    public AccountManagementPageBehaviour()
    {
        Services.AddSingleton(Service);
        Services.AddScoped<CurrentActor>();
    }

    private async Task<IRenderedComponent<Bunit.Rendering.ContainerFragment>> RenderAsync(string userName, string role)
    {
        this.SignInAs(await _app.ActorAsync(userName), role);
        var cut = this.RenderPage<AccountManagementPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=password-form]")));
        return cut;
    }

    private static async Task FillAsync(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut, string testId, string value) =>
        await cut.Find($"input[data-testid={testId}]").ChangeAsync(new ChangeEventArgs { Value = value });

    [Fact]
    public async Task AWrongCurrentPasswordIsShownNextToThatField()
    {
        var cut = await RenderAsync("finance", Roles.Finance);

        await FillAsync(cut, "current-password", "Wrong2027pass");
        await FillAsync(cut, "new-password", "Finance2027new");
        await FillAsync(cut, "confirm-password", "Finance2027new");
        await cut.Find("[data-testid=change-password]").ClickAsync();

        cut.WaitForAssertion(() => Assert.Contains("当前密码错误", cut.FieldText("current-password")));
        Assert.DoesNotContain("当前密码错误", cut.FieldText("new-password"));
        Assert.Empty(cut.FindAll("[data-testid=password-changed]"));
    }

    [Fact]
    public async Task BadInputIsShownOnItsFieldsBeforeAnythingIsSent()
    {
        var cut = await RenderAsync("operator", Roles.Operator);

        await FillAsync(cut, "new-password", "short1");
        await FillAsync(cut, "confirm-password", "short2");
        await cut.Find("[data-testid=change-password]").ClickAsync();
        await FillAsync(cut, "contact-phone", "1380013800");
        await FillAsync(cut, "contact-email", "operator@");
        await cut.Find("[data-testid=save-contact]").ClickAsync();

        cut.WaitForAssertion(() => Assert.Contains("请输入当前密码", cut.FieldText("current-password")));
        Assert.Contains("密码至少8位", cut.FieldText("new-password"));
        Assert.Contains("两次输入的密码不一致", cut.FieldText("confirm-password"));
        Assert.Contains("手机号应为11位中国大陆手机号码", cut.FieldText("contact-phone"));
        Assert.Contains("邮箱格式不正确", cut.FieldText("contact-email"));
        Assert.Null((await Service.ProfileAsync(await _app.ActorAsync("operator"))).Phone);
    }

    [Fact]
    public async Task APasswordChangeSucceedsAndTheFormIsCleared()
    {
        var cut = await RenderAsync(DemoSeeder.OtherVisitorCode, Roles.Visitor);

        await FillAsync(cut, "current-password", DemoSeeder.Password);
        await FillAsync(cut, "new-password", "Visitor2027new");
        await FillAsync(cut, "confirm-password", "Visitor2027new");
        await cut.Find("[data-testid=change-password]").ClickAsync();

        cut.WaitForAssertion(() => Assert.Contains("密码已修改", cut.Find("[data-testid=password-changed]").TextContent));
        Assert.Equal("", cut.Find("input[data-testid=current-password]").GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task TheHistoryShowsOnlyTheSignedInUsersAttemptsNewestFirst()
    {
        var admin = await _app.ActorAsync("admin");
        var op = await _app.ActorAsync("operator");
        await Service.RecordSignInAsync(admin.UserId, "admin", SignInOutcome.WrongPassword, "203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64) Chrome/140");
        await Service.RecordSignInAsync(admin.UserId, "admin", SignInOutcome.Succeeded, "203.0.113.8", "Mozilla/5.0 (X11; Linux x86_64) Chrome/140");
        await Service.RecordSignInAsync(op.UserId, "operator", SignInOutcome.LockedOut, "198.51.100.9", "OperatorBrowser");

        var cut = await RenderAsync("admin", Roles.Admin);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=history-outcome]").Count));
        Assert.Equal(new[] { "Succeeded", "WrongPassword" }, cut.FindAll("[data-testid=history-outcome]").Select(c => c.GetAttribute("data-outcome")));
        Assert.Equal(new[] { "登录成功", "密码错误" }, cut.FindAll("[data-testid=history-outcome]").Select(c => c.TextContent.Trim()));
        Assert.Equal(new[] { "203.0.113.8", "203.0.113.7" }, cut.FindAll("[data-testid=history-address]").Select(c => c.TextContent.Trim()));
        Assert.DoesNotContain("198.51.100.9", cut.Markup);
        Assert.DoesNotContain("OperatorBrowser", cut.Markup);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _app.Dispose();
    }
}
