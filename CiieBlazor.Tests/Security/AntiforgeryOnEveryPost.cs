using System.Net;
using CiieBlazor.App.Data;
using CiieBlazor.Tests.TestSupport;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CiieBlazor.Tests.Security;

/// <summary>Every endpoint of the running app that accepts a POST validates an antiforgery token, or is listed here with the reason it does not.</summary>
public sealed class AntiforgeryOnEveryPost : IDisposable
{
    /// <summary>POST endpoints without antiforgery, on purpose: callers that are not our pages in a signed-in browser.</summary>
    private static readonly Dictionary<string, string> Exempt = new()
    {
        ["/payments/notify/{provider}"] = "machine-to-machine: the payment provider's notification, verified by its HMAC signature",
        ["/api/gate/scans"] = "machine-to-machine: turnstile scanners, authenticated by their bearer device key",
        ["/sandbox/pay/{attemptId:guid}"] = "the sandbox wallet's/bank's own page (stands in for a third-party site); no cookie or session is involved",
        ["/_blazor/negotiate"] = "SignalR negotiation: starts the circuit connection; changes nothing, and the hub rejects cross-origin WebSockets' lack of a connection token",
        ["/_blazor"] = "the Blazor hub's transports (WebSocket / long polling), protected by the negotiated connection token, not a form",
        ["/_blazor/disconnect/"] = "Blazor's beacon that closes one's own circuit (circuit id + secret), not a form",
        ["/_blazor/initializers/"] = "Blazor's client start-up data (GET in practice), no state change",
        ["/healthz"] = "health probe (mapped for every method); answers the same for any method and changes nothing",
    };

    private readonly TestApp _app = new();

    public void Dispose() => _app.Dispose();

    private static bool AcceptsPost(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods || methods.HttpMethods.Count == 0
        || methods.HttpMethods.Contains(HttpMethods.Post, StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void EveryPostEndpointRequiresAntiforgeryOrIsAJustifiedException()
    {
        _ = _app.Server; // start the app: its endpoints exist once the pipeline is built
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var posts = endpoints.Where(AcceptsPost).ToList();
        Assert.Contains(posts, e => e.RoutePattern.RawText == "/account/login"); // the list is the real one

        var unprotected = posts
            .Where(e => e.Metadata.GetMetadata<IAntiforgeryMetadata>() is not { RequiresValidation: true })
            .Select(e => e.RoutePattern.RawText ?? e.DisplayName ?? "?")
            .Distinct().Order().ToList();

        var unexplained = unprotected.Where(p => !Exempt.ContainsKey(p)).ToList();
        Assert.True(unexplained.Count == 0, "POST without antiforgery: " + string.Join(", ", unexplained));
        // The list holds nothing stale: every exception is a real unprotected endpoint (the machine-to-machine ones among them).
        Assert.Equal(Exempt.Keys.Order(), unprotected);
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/account/logout")]
    [InlineData("/register")]
    public async Task APostWithoutTheTokenIsRefusedWith400(string path)
    {
        using var client = SignIn.Client(_app);
        var response = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "login" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SignOutWithTheLayoutsTokenWorksAndWithoutItTheCookieStays()
    {
        using var client = SignIn.Client(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostLoginAsync(client, "operator", DemoSeeder.Password)).StatusCode);

        var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/operations/outbox")).StatusCode); // still signed in

        var page = await client.GetStringAsync("/");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        Assert.True(token.Success, "the layout's sign-out form has no token");
        var signedOut = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        var after = await client.GetAsync("/operations/outbox");
        Assert.Contains("/account/login", SignIn.PathOf(after.Headers.Location));
    }
}
