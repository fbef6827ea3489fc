using System.Net;
using System.Reflection;
using CiieBlazor.App.Data;
using CiieBlazor.Load;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CiieBlazor.Tests.TestSupport;
using Xunit.Abstractions;

namespace CiieBlazor.Tests.Security;

/// <summary>
/// Issue 10, part 1: every page route and every HTTP endpoint of the app, asked for by every kind of user over real
/// HTTP (the sign-in cookie of the login form), against the table below of who may. A route or endpoint without an
/// entry fails the test, so a new page cannot slip in unlisted. Routes with an id are asked for with the ids of
/// organisation A's own records: the other organisation and reviewers of another delegation must not see them (IDOR),
/// and each such refusal is audited.
/// </summary>
public sealed class AuthorisationMatrix(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The users of the matrix: anonymous, the two visitor organisations (A = 上海, B = 广东贸促分团), reviewers of
    /// A's delegation, of B's parent delegation and of B's sub-delegation, operator, finance, admin.</summary>
    public static readonly string[] Users = ["anonymous", "visitorA", "visitorB", "sh.reviewer", "gd.reviewer", "gdmc.reviewer", "operator", "finance", "admin"];

    private static readonly string[] Everyone = Users;
    private static readonly string[] SignedIn = Users[1..];
    private static readonly string[] Visitors = ["visitorA", "visitorB"];
    private static readonly string[] Reviewers = ["sh.reviewer", "gd.reviewer", "gdmc.reviewer"];
    private static readonly string[] OperatorsAdmin = ["operator", "admin"];

    private static string[] Of(params string[][] groups) => groups.SelectMany(g => g).Distinct().ToArray();

    /// <summary>
    /// Who may open each page (a route template as in <c>@page</c>). For a route with an id, the id is one of
    /// organisation A's records: "may" then means may see that record.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Pages = new Dictionary<string, string[]>
    {
        ["/"] = Everyone,
        ["/Error"] = Everyone,
        ["/not-found"] = Everyone,
        ["/account/login"] = Everyone,
        ["/account/denied"] = Everyone,
        ["/register"] = Everyone,
        ["/register/new"] = Everyone,
        ["/register/previous"] = Everyone,
        ["/account/manage"] = SignedIn,
        ["/portal/organisation"] = Visitors,
        ["/portal/persons"] = Visitors,
        ["/portal/persons/new"] = Visitors,
        ["/portal/persons/previous"] = Visitors,
        ["/portal/persons/{PersonId:guid}"] = ["visitorA"],
        ["/portal/preview"] = Visitors,
        ["/portal/badges"] = Visitors,
        ["/portal/badge-progress"] = Visitors,
        ["/portal/orders"] = Visitors,
        ["/portal/orders/{OrderId:guid}"] = ["visitorA"],
        ["/portal/addresses"] = Visitors,
        ["/portal/registration"] = SignedIn,
        ["/portal/registration/{RegistrationId:guid}"] = ["visitorA", "sh.reviewer", "operator", "finance", "admin"],
        ["/portal/side-events"] = Of(Visitors, OperatorsAdmin),
        ["/review/organisations"] = Of(Reviewers, OperatorsAdmin),
        ["/review/persons"] = Of(Reviewers, OperatorsAdmin),
        ["/operations/review"] = OperatorsAdmin,
        ["/operations/badges"] = OperatorsAdmin,
        ["/operations/gate"] = OperatorsAdmin,
        ["/operations/outbox"] = OperatorsAdmin,
        ["/operations/referrals"] = OperatorsAdmin,
        ["/operations/side-events"] = OperatorsAdmin,
        ["/operations/dashboard"] = ["operator", "finance", "admin"],
        ["/finance/transfers"] = ["finance", "admin"],
        ["/finance/refunds"] = ["finance", "admin"],
        ["/finance/invoices"] = ["finance", "admin"],
        ["/admin/accounts"] = ["admin"],
        ["/admin/audit"] = ["admin"],
        ["/admin/settings"] = ["admin"],
    };

    /// <summary>
    /// The plain HTTP endpoints: who may, and what guards the rest. Machine endpoints are not for users at all: they are
    /// guarded by a signature or key, which the matrix checks by asking without one.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Endpoints = new Dictionary<string, string>
    {
        ["* /healthz"] = "everyone, any method (no personal data: statuses only)",
        ["GET /metrics"] = "loopback only, whoever asks (circuit and memory counts, no personal data)",
        ["GET /culture/set"] = "everyone (sets the language cookie; local redirects only)",
        ["POST /account/logout"] = "everyone (signs the caller out)",
        ["GET /account/ticket"] = "holder of a one-time ticket (issued after registration / previous-edition verification)",
        ["GET /files/{id:guid}"] = "the file's organisation, reviewers of its delegation, operator, finance, admin",
        ["POST /payments/notify/{provider}"] = "payment providers: a valid signature",
        ["GET /sandbox/pay/{attemptId:guid}"] = "the sandbox provider's pay page (sandbox only): holder of the pay link",
        ["POST /sandbox/pay/{attemptId:guid}"] = "the sandbox provider's pay page (sandbox only): holder of the pay link",
        ["POST /api/gate/scans"] = "gate scanners: a configured device key",
    };

    /// <summary>Who may download organisation A's file (a person's photo).</summary>
    private static readonly string[] FileOfA = ["visitorA", "sh.reviewer", "operator", "finance", "admin"];

    // The demo data plus an unpaid order of organisation A (its person tagged by 上海交易团), so that order pages have an id.
    private readonly Payments.PaymentsApp _app = new();
    private readonly Dictionary<string, WebSession> _sessions = new();
    private HttpClient _http = null!;
    private Ids _a = null!;

    private sealed record Ids(Guid Organisation, Guid Registration, Guid Person, string PersonName, Guid? Order, string? OrderNumber, Guid? File);

    public async Task InitializeAsync()
    {
        await _app.OrderAsync(await _app.PersonsAwaitingPaymentAsync(1));
        _http = _app.Client();
        var baseUrl = _http.BaseAddress!.ToString().TrimEnd('/');
        foreach (var user in Users)
        {
            var session = new WebSession(_http, baseUrl);
            if (user != "anonymous")
            {
                await session.SignInAsync(LoginOf(user), DemoSeeder.Password);
            }
            _sessions[user] = session;
        }
        await using var db = _app.Db();
        var org = await db.Organisations.AsNoTracking().SingleAsync(o => o.Code == DemoSeeder.VisitorCode);
        var registration = await db.Registrations.AsNoTracking().Where(r => r.OrganisationId == org.Id).Select(r => r.Id).FirstAsync();
        var person = await db.Persons.AsNoTracking().Where(p => p.OrganisationId == org.Id).Select(p => new { p.Id, p.Name }).FirstAsync();
        var order = await db.Orders.AsNoTracking().Where(o => o.OrganisationId == org.Id).Select(o => new { o.Id, o.Number }).FirstOrDefaultAsync();
        var file = await db.Files.AsNoTracking().Where(f => f.OrganisationId == org.Id).Select(f => (Guid?)f.Id).FirstOrDefaultAsync();
        _a = new Ids(org.Id, registration, person.Id, person.Name, order?.Id, order?.Number, file);
    }

    public Task DisposeAsync()
    {
        _http.Dispose();
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void EveryPageOfTheAppHasAnEntryAndEveryEntryIsAPage()
    {
        var routes = typeof(App.Components.App).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => r.Template))
            .ToHashSet();
        Assert.Empty(routes.Except(Pages.Keys));
        Assert.Empty(Pages.Keys.Except(routes));
        output.WriteLine($"{routes.Count} page routes × {Users.Length} users = {routes.Count * Users.Length} cells");
    }

    [Fact]
    public void EveryHttpEndpointHasAnEntryAndEveryEntryIsAnEndpoint()
    {
        var endpoints = _app.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !IsPageOrFramework(e))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {Normalise(e.RoutePattern.RawText!)}"))
            .ToHashSet();
        Assert.Empty(endpoints.Except(Endpoints.Keys));
        Assert.Empty(Endpoints.Keys.Except(endpoints));
    }

    [Fact]
    public async Task EveryPageAnswersEveryUserAsTheTableSays()
    {
        Assert.NotNull(_a.Order);
        var wrong = new List<string>();
        var cells = 0;
        foreach (var (template, allowed) in Pages)
        {
            var path = template
                .Replace("{PersonId:guid}", _a.Person.ToString())
                .Replace("{OrderId:guid}", _a.Order.ToString())
                .Replace("{RegistrationId:guid}", _a.Registration.ToString());
            foreach (var user in Users)
            {
                cells++;
                var may = allowed.Contains(user);
                var (outcome, sees) = await AskAsync(user, path, template);
                var ok = may ? outcome == "ok" && sees : outcome != "ok" || !sees;
                if (!ok) wrong.Add($"{template} as {user}: {outcome}{(outcome == "ok" ? (sees ? " and sees the record" : " without the record") : "")}, expected {(may ? "allowed" : "refused")}");
            }
        }
        output.WriteLine($"{cells} page cells checked");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task AskingForAnotherOrganisationsRecordByItsIdIsRefusedAndAudited()
    {
        Assert.NotNull(_a.Order);
        foreach (var (user, path) in new[]
        {
            ("visitorB", $"/portal/persons/{_a.Person}"), ("visitorB", $"/portal/orders/{_a.Order}"), ("visitorB", $"/portal/registration/{_a.Registration}"),
            ("gd.reviewer", $"/portal/registration/{_a.Registration}"), ("gdmc.reviewer", $"/portal/registration/{_a.Registration}"),
        })
        {
            var before = await DeniedAsync();
            var (outcome, sees) = await AskAsync(user, path, path);
            Assert.False(outcome == "ok" && sees, $"{user} saw {path}");
            Assert.True(await DeniedAsync() > before, $"{user} asking for {path}: no refusal audited");
        }
    }

    [Fact]
    public async Task FilesAreServedOnlyToThoseWhoMaySeeTheirOrganisation()
    {
        Assert.NotNull(_a.File);
        foreach (var user in Users)
        {
            using var response = await _sessions[user].SendAsync(HttpMethod.Get, $"/files/{_a.File}");
            var expected = FileOfA.Contains(user) ? HttpStatusCode.OK : user == "anonymous" ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
            Assert.True(expected == response.StatusCode, $"/files as {user}: {(int)response.StatusCode}, expected {(int)expected}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
                Assert.NotNull(response.Content.Headers.ContentDisposition);
            }
        }
        using var unknown = await _sessions["admin"].SendAsync(HttpMethod.Get, $"/files/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task MachineEndpointsRefuseEveryUserWithoutTheirSignatureOrKey()
    {
        foreach (var user in Users)
        {
            var session = _sessions[user];
            using var notify = await session.SendAsync(HttpMethod.Post, "/payments/notify/sandbox", new StringContent("{\"attemptId\":\"" + Guid.NewGuid() + "\"}"));
            Assert.Equal(HttpStatusCode.BadRequest, notify.StatusCode);
            using var gate = await session.SendAsync(HttpMethod.Post, "/api/gate/scans", new StringContent("{\"code\":\"CIIE10-X\"}"));
            Assert.True(gate.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"gate scan as {user}: {(int)gate.StatusCode}");
            using var ticket = await session.SendAsync(HttpMethod.Get, "/account/ticket?t=forged");
            Assert.Equal("/account/login", ticket.Headers.Location?.OriginalString);
            // Not loopback here (the test server has no remote address): nobody gets the metrics, whatever their role.
            using var metrics = await session.SendAsync(HttpMethod.Get, "/metrics");
            Assert.Equal(HttpStatusCode.Forbidden, metrics.StatusCode);
        }
    }

    /// <summary>ok / sign-in / denied / not-found / status, and whether organisation A's record shows.</summary>
    private async Task<(string Outcome, bool Sees)> AskAsync(string user, string path, string template)
    {
        using var response = await _sessions[user].SendAsync(HttpMethod.Get, path);
        var location = response.Headers.Location?.OriginalString ?? "";
        if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
        {
            return (location.Contains("/account/login", StringComparison.Ordinal) ? "sign-in" : location.Contains("/account/denied", StringComparison.Ordinal) ? "denied" : $"redirect {location}", false);
        }
        if (response.StatusCode != HttpStatusCode.OK) return (response.StatusCode == HttpStatusCode.NotFound ? "not-found" : $"{(int)response.StatusCode}", false);
        // Prerendered text is HTML-encoded (Chinese as character references): compare with the decoded page.
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var marker = template.Contains("{PersonId", StringComparison.Ordinal) ? _a.PersonName
            : template.Contains("{OrderId", StringComparison.Ordinal) ? _a.OrderNumber
            : template.Contains("{RegistrationId", StringComparison.Ordinal) ? DemoSeeder.VisitorCode
            : path.StartsWith("/portal/persons/", StringComparison.Ordinal) && path.Contains(_a.Person.ToString(), StringComparison.Ordinal) ? _a.PersonName
            : path.StartsWith("/portal/orders/", StringComparison.Ordinal) ? _a.OrderNumber
            : path.StartsWith("/portal/registration/", StringComparison.Ordinal) ? DemoSeeder.VisitorCode
            : null;
        return ("ok", marker is null || html.Contains(marker, StringComparison.Ordinal));
    }

    private Task<int> DeniedAsync() => DeniedAsync(_app);

    /// <summary>The demo login of a matrix user: the visitors sign in with their credit codes.</summary>
    internal static string LoginOf(string user) => user switch { "visitorA" => DemoSeeder.VisitorCode, "visitorB" => DemoSeeder.OtherVisitorCode, _ => user };

    /// <summary>Refusals audited so far (<c>AccessGuard.DenyAsync</c>).</summary>
    internal static async Task<int> DeniedAsync(Payments.PaymentsApp app)
    {
        await using var db = app.Db();
        return await db.AuditRecords.CountAsync(a => a.Machine == "Access" && a.To == "Denied");
    }

    /// <summary>Blazor's own endpoints, the static assets and the page routes (checked by the page test) are not listed here.</summary>
    private static bool IsPageOrFramework(RouteEndpoint e) =>
        e.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null
        || e.RoutePattern.RawText is not { } raw
        || raw.StartsWith("/_", StringComparison.Ordinal) || raw.StartsWith("_", StringComparison.Ordinal)
        || raw == "{**path:file}" // the static files' fallback (wwwroot)
        || e.Metadata.Any(m => m.GetType().Name.Contains("StaticAsset", StringComparison.Ordinal));

    private static string Normalise(string raw) => raw.StartsWith('/') ? raw : "/" + raw;
}
