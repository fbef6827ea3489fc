using System.Net;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Accounts;
using CiieBlazor.App.Hosting;
using CiieBlazor.Tests.Features;
using CiieBlazor.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CiieBlazor.Tests.Security;

/// <summary>
/// Per-client-address limits (Hosting/AbuseLimits.cs, Security:RateLimits) with small windows set here: sign-in POSTs
/// through ASP.NET Core's rate limiter, registrations and previous-edition password checks inside the services.
/// </summary>
public sealed class AbuseLimitsOverHttp : IDisposable
{
    private readonly TestApp _base = new();
    private readonly WebApplicationFactory<Program> _app;

    public AbuseLimitsOverHttp() => _app = _base.WithWebHostBuilder(b =>
    {
        b.UseSetting("Security:RateLimits:SignIn:PermitLimit", "3");
        b.UseSetting("Security:RateLimits:SignIn:Window", "00:10:00");
        b.UseSetting("Security:RateLimits:Registration:PermitLimit", "2");
    });

    public void Dispose()
    {
        _app.Dispose();
        _base.Dispose();
    }

    private T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    private AppDbContext Db() => Get<IDbContextFactory<AppDbContext>>().CreateDbContext();

    [Fact]
    public async Task TheFourthSignInPostFromOneAddressIsAnswered429WithAMessageInBothLanguages()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        for (var i = 0; i < 3; i++)
        {
            var answered = await SignIn.PostLoginAsync(client, "finance", "wrong-password-" + i);
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode); // the form again, with its error
        }

        var refused = await SignIn.PostLoginAsync(client, "finance", DemoSeeder.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("600", refused.Headers.GetValues("Retry-After").Single());
        var html = await SignIn.HtmlAsync(refused);
        Assert.Contains("该网络地址登录尝试过于频繁，请1分钟后再试", html);
        Assert.Contains("Too many sign-in attempts from your network address", html);
        Assert.Contains("href=\"/account/login\"", html);
        Assert.DoesNotContain("Exception", html);
        // Only the POST is limited: the form itself still opens, and the refused attempt never reached the password check.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
        await using var db = Db();
        Assert.Equal(3, await db.Set<SignInRecord>().CountAsync(r => r.UserName == "finance"));
    }

    [Fact]
    public async Task RegistrationsAreLimitedPerAddressAndOtherAddressesStillRegister()
    {
        var service = Get<NewRegistrationService>();
        await service.RegisterAsync(await InputAsync("91310000MA1K7RN8A"), "203.0.113.5");
        await service.RegisterAsync(await InputAsync("91310000MA1K7RN8B"), "203.0.113.5");

        var refused = await Assert.ThrowsAsync<ClientLimitException>(async () => await service.RegisterAsync(await InputAsync("91310000MA1K7RN8C"), "203.0.113.5"));

        Assert.Equal(ClientLimit.Registration, refused.Limit);
        await service.RegisterAsync(await InputAsync("91310000MA1K7RN8C"), "198.51.100.7");
        await using var db = Db();
        Assert.Equal(3, await db.Organisations.CountAsync(o => o.Code.StartsWith("91310000MA1K7RN8")));
    }

    [Fact]
    public async Task InvalidRegistrationsDoNotUseUpTheAddressesAllowance()
    {
        var service = Get<NewRegistrationService>();
        for (var i = 0; i < 3; i++)
        {
            var input = await InputAsync("91310000MA1K7RN8A");
            input.ConfirmPassword = "different2027";
            await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => service.RegisterAsync(input, "203.0.113.9"));
        }
        await service.RegisterAsync(await InputAsync("91310000MA1K7RN8A"), "203.0.113.9");
    }

    [Fact]
    public async Task PreviousEditionPasswordChecksShareTheSignInLimitPerAddress()
    {
        var service = Get<PreviousEditionService>();
        for (var i = 0; i < 3; i++)
        {
            var wrong = await Assert.ThrowsAsync<VerificationRefusedException>(() => service.VerifyByPasswordAsync("nobody-" + i, "x", "203.0.113.20"));
            Assert.Contains("账号或密码错误", wrong.Message);
        }

        var refused = await Assert.ThrowsAsync<VerificationRefusedException>(() => service.VerifyByPasswordAsync(DemoSeeder.PreviousVisitorCode, DemoSeeder.Password, "203.0.113.20"));

        Assert.Equal("该网络地址验证尝试过于频繁，请1分钟后再试 (too many attempts from your network address; please wait a minute)", refused.Message);
        var other = await service.VerifyByPasswordAsync(DemoSeeder.PreviousVisitorCode, DemoSeeder.Password, "198.51.100.20");
        Assert.True(other.CarriedOver);
    }

    private async Task<NewRegistrationInput> InputAsync(string first17)
    {
        await using var db = Db();
        return await TestData.RegistrationAsync(db, first17, "上海限流测试贸易有限公司", "Limit2027abc");
    }
}
