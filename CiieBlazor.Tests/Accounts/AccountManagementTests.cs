using System.Net;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Accounts;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Common;
using CiieBlazor.Tests.TestSupport;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CiieBlazor.Tests.Accounts;

/// <summary>账户管理 on the real app: Identity's store, the login page's sign-in records and the SQLite database.</summary>
public sealed class AccountManagementBehaviour : IDisposable
{
    private const string NewPassword = "Ciie2027new";
    private readonly TestApp _app = new();

    private AccountService Service => _app.Get<AccountService>();

    private async Task<bool> PasswordWorksAsync(string userName, string password)
    {
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.CheckPasswordAsync((await users.FindByNameAsync(userName))!, password);
    }

    private static ChangePasswordInput Change(string current = DemoSeeder.Password, string next = NewPassword, string? confirm = null) =>
        new() { CurrentPassword = current, NewPassword = next, ConfirmPassword = confirm ?? next };

    [Fact]
    public async Task AfterAPasswordChangeOnlyTheNewPasswordSignsIn()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);

        await Service.ChangePasswordAsync(visitor, Change());

        Assert.False(await PasswordWorksAsync(DemoSeeder.VisitorCode, DemoSeeder.Password));
        Assert.True(await PasswordWorksAsync(DemoSeeder.VisitorCode, NewPassword));
        var client = SignIn.Client(_app);
        var refused = await SignIn.PostLoginAsync(client, DemoSeeder.VisitorCode, DemoSeeder.Password);
        Assert.Contains("data-testid=\"login-error\"", await SignIn.HtmlAsync(refused));
        var signedIn = await SignIn.PostLoginAsync(client, DemoSeeder.VisitorCode, NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        await using var db = _app.Db();
        var audit = await db.AuditRecords.SingleAsync(a => a.Machine == "Account" && a.Trigger == "ChangePassword");
        Assert.Equal(visitor.UserId, audit.ActorId);
    }

    [Fact]
    public async Task AWrongCurrentPasswordIsRefusedOnThatFieldAndChangesNothing()
    {
        var op = await _app.ActorAsync("operator");

        var refused = await Assert.ThrowsAsync<ValidationException>(() => Service.ChangePasswordAsync(op, Change(current: "Wrong2027pass")));

        var failure = Assert.Single(refused.Errors);
        Assert.Equal((nameof(ChangePasswordInput.CurrentPassword), "当前密码错误 (the current password is wrong)"), (failure.PropertyName, failure.ErrorMessage));
        Assert.True(await PasswordWorksAsync("operator", DemoSeeder.Password));
        Assert.False(await PasswordWorksAsync("operator", NewPassword));
    }

    [Theory]
    [InlineData("", NewPassword, null, "CurrentPassword", "请输入当前密码")]
    [InlineData(DemoSeeder.Password, "", "", "NewPassword", "请输入新密码")]
    [InlineData(DemoSeeder.Password, "abc123", null, "NewPassword", "密码至少8位")]
    [InlineData(DemoSeeder.Password, "abcdefghij", null, "NewPassword", "密码须同时包含字母和数字")]
    [InlineData(DemoSeeder.Password, DemoSeeder.Password, null, "NewPassword", "新密码不能与当前密码相同")]
    [InlineData(DemoSeeder.Password, NewPassword, "Ciie2027nwe", "ConfirmPassword", "两次输入的密码不一致")]
    public async Task BadPasswordInputGetsItsMessageOnItsField(string current, string next, string? confirm, string field, string message)
    {
        var finance = await _app.ActorAsync("finance");

        var refused = await Assert.ThrowsAsync<ValidationException>(() => Service.ChangePasswordAsync(finance, Change(current, next, confirm)));

        Assert.Contains(refused.Errors, e => e.PropertyName == field && e.ErrorMessage.Contains(message));
        Assert.True(await PasswordWorksAsync("finance", DemoSeeder.Password));
    }

    [Fact]
    public async Task ContactMobileAndEmailAreCheckedThenSaved()
    {
        var reviewer = await _app.ActorAsync("sh.reviewer");

        var bad = await Assert.ThrowsAsync<ValidationException>(() => Service.ChangeContactAsync(reviewer, new ContactInput { Phone = "12345678901", Email = "not-an-email" }));
        Assert.Equal(new[] { ("Phone", "手机号应为11位中国大陆手机号码 (an 11-digit mainland mobile number)"), ("Email", "邮箱格式不正确 (invalid email address)") },
            bad.Errors.Select(e => (e.PropertyName, e.ErrorMessage)));
        var missing = await Assert.ThrowsAsync<ValidationException>(() => Service.ChangeContactAsync(reviewer, new ContactInput()));
        Assert.Equal(2, missing.Errors.Count());
        Assert.Null((await Service.ProfileAsync(reviewer)).Phone);

        var saved = await Service.ChangeContactAsync(reviewer, new ContactInput { Phone = " 13912345678 ", Email = "Reviewer.SH@example.com" });

        Assert.Equal(("13912345678", "Reviewer.SH@example.com"), (saved.Phone, saved.Email));
        Assert.Equal(saved, await Service.ProfileAsync(reviewer));
        await using var db = _app.Db();
        Assert.Equal("Phone, Email", (await db.AuditRecords.SingleAsync(a => a.Machine == "Account" && a.Trigger == "ChangeContact")).Reason);
    }

    [Fact]
    public async Task EverySignInAttemptIsRecordedNewestFirstAndOnlyForItsOwnAccount()
    {
        var client = SignIn.Client(_app);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("CiieTestBrowser/1.0");
        await SignIn.PostLoginAsync(client, "gd.reviewer", "Wrong2027pass");
        await SignIn.PostLoginAsync(client, "gd.reviewer", DemoSeeder.Password);
        await SignIn.PostLoginAsync(SignIn.Client(_app), "gdmc.reviewer", DemoSeeder.Password);
        await SignIn.PostLoginAsync(SignIn.Client(_app), "nobody.here", DemoSeeder.Password);

        var gd = await _app.ActorAsync("gd.reviewer");
        var history = await Service.HistoryAsync(gd, 0, 10);

        Assert.Equal(2, history.Total);
        Assert.Equal(new[] { SignInOutcome.Succeeded, SignInOutcome.WrongPassword }, history.Rows.Select(r => r.Outcome));
        Assert.All(history.Rows, r => Assert.Equal("CiieTestBrowser/1.0", r.UserAgent));
        Assert.True(history.Rows[0].At >= history.Rows[1].At);
        var gdmc = await Service.HistoryAsync(await _app.ActorAsync("gdmc.reviewer"), 0, 10);
        Assert.Equal(SignInOutcome.Succeeded, Assert.Single(gdmc.Rows).Outcome);
        Assert.DoesNotContain(gdmc.Rows, r => history.Rows.Any(h => h.Id == r.Id));
        await using var db = _app.Db();
        var unknown = await db.SignInRecords.SingleAsync(r => r.Outcome == SignInOutcome.UnknownUser);
        Assert.Equal(("nobody.here", null), (unknown.UserName, unknown.UserId));
    }

    [Fact]
    public async Task TheFifthWrongPasswordLocksAndFurtherAttemptsAreRecordedAsLockedOut()
    {
        var client = SignIn.Client(_app);
        for (var i = 0; i < 5; i++) await SignIn.PostLoginAsync(client, "admin", "Wrong2027pass");
        await SignIn.PostLoginAsync(client, "admin", DemoSeeder.Password); // right password, still locked

        var admin = await _app.ActorAsync("admin");
        var history = await Service.HistoryAsync(admin, 0, 10);

        Assert.Equal(new[] { SignInOutcome.LockedOut, SignInOutcome.LockedOut, SignInOutcome.WrongPassword, SignInOutcome.WrongPassword,
            SignInOutcome.WrongPassword, SignInOutcome.WrongPassword }, history.Rows.Select(r => r.Outcome));
        Assert.All(history.Rows, r => Assert.False(string.IsNullOrEmpty(r.ClientAddress)));
    }

    [Fact]
    public async Task HistoryIsPaged()
    {
        for (var i = 0; i < 7; i++) await Service.RecordSignInAsync((await _app.ActorAsync("operator")).UserId, "operator", SignInOutcome.Succeeded, "10.0.0." + i, "UA");
        var op = await _app.ActorAsync("operator");

        var first = await Service.HistoryAsync(op, 0, 5);
        var second = await Service.HistoryAsync(op, 1, 5);

        Assert.Equal((7, 5, 2), (first.Total, first.Rows.Count, second.Rows.Count));
        Assert.Equal("10.0.0.6", first.Rows[0].ClientAddress);
        Assert.Equal("10.0.0.0", second.Rows[^1].ClientAddress);
    }

    [Fact]
    public async Task AnActorWithoutAnAccountIsRefused()
    {
        var ghost = new Actor("no-such-user", "ghost", ActorRole.Visitor, Guid.NewGuid());
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.ChangePasswordAsync(ghost, Change()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.ProfileAsync(ghost));
        Assert.Empty((await Service.HistoryAsync(ghost, 0, 10)).Rows);
    }

    public void Dispose() => _app.Dispose();
}
