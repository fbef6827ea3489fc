using System.Net;
using CiieBlazor.App.Data;
using CiieBlazor.Tests.TestSupport;

namespace CiieBlazor.Tests.Features;

public sealed class SignInByRole : IClassFixture<SignInByRole.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public TestApp App { get; } = new();
        public void Dispose() => App.Dispose();
    }

    private readonly TestApp _app;

    public SignInByRole(Fixture fixture) => _app = fixture.App;

    public static TheoryData<string, string> EveryDemoLogin()
    {
        var data = new TheoryData<string, string>();
        foreach (var login in DemoSeeder.Logins) data.Add(login.UserName, login.Role);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryDemoLogin))]
    public async Task DemoLoginSignsInAndSeesItsHomePage(string userName, string role)
    {
        using var client = SignIn.Client(_app);

        var response = await SignIn.PostLoginAsync(client, userName, DemoSeeder.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", SignIn.PathOf(response.Headers.Location));
        var home = WebUtility.HtmlDecode(await client.GetStringAsync("/"));
        if (role == "visitor")
        {
            // The visitor's home page is its progress flowchart, prerendered with its own name.
            Assert.Contains("data-testid=\"flowchart\"", home);
            Assert.Contains(DemoSeeder.Logins.First(l => l.UserName == userName).Who.Split(' ')[0], home);
        }
        else
        {
            Assert.DoesNotContain("data-testid=\"flowchart\"", home);
            Assert.Contains("data-testid=\"signed-in-as\"", home);
        }
    }

    [Fact]
    public async Task ReviewPageIsRefusedToVisitors()
    {
        using var client = SignIn.Client(_app);
        await SignIn.PostLoginAsync(client, DemoSeeder.VisitorCode, DemoSeeder.Password);

        var response = await client.GetAsync("/review/organisations");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/denied", SignIn.PathOf(response.Headers.Location));
    }

    [Fact]
    public async Task WrongPasswordShowsAMessageOnThePage()
    {
        using var client = SignIn.Client(_app);

        var response = await SignIn.PostLoginAsync(client, "finance", "not-the-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"login-error\"", html);
        Assert.Contains("账号或密码错误", html);
    }

    [Fact]
    public async Task UnknownUserGetsTheSameMessageAsAWrongPassword()
    {
        using var client = SignIn.Client(_app);

        var html = await SignIn.HtmlAsync(await SignIn.PostLoginAsync(client, "nobody.here", "whatever-password"));

        Assert.Contains("账号或密码错误", html);
    }

    [Fact]
    public async Task CreditCodeWithAWrongCheckCharacterIsNamedAtTheField()
    {
        using var client = SignIn.Client(_app);

        var html = await SignIn.HtmlAsync(await SignIn.PostLoginAsync(client, "91310115MA1K4DEM06", DemoSeeder.Password));

        Assert.Contains("data-testid=\"username-error\"", html);
        Assert.Contains("校验位不正确", html);
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccount()
    {
        using var app = new TestApp(); // its own database: the lock must not spill into the other tests
        using var client = SignIn.Client(app);
        for (var i = 0; i < 5; i++)
        {
            await SignIn.PostLoginAsync(client, "gdmc.reviewer", "wrong-password-" + i);
        }

        var response = await SignIn.PostLoginAsync(client, "gdmc.reviewer", DemoSeeder.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("已被锁定", await SignIn.HtmlAsync(response));
    }
}

public sealed class LocalUrls
{
    [Theory]
    [InlineData("/", true)]
    [InlineData("/portal/organisation", true)]
    [InlineData("/portal/persons?type=Mainland", true)]
    [InlineData("//evil.example", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("/portal\\..\\x", false)]
    [InlineData("https://evil.example", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void OnlyPathsOnThisSiteAreLocal(string? url, bool local) =>
        Assert.Equal(local, CiieBlazor.App.Hosting.Endpoints.IsLocal(url));
}
