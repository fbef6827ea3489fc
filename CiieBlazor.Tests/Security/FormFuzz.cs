using System.Net;
using System.Reflection;
using AngleSharp.Dom;
using Bunit;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Common;
using Microsoft.Extensions.DependencyInjection;
using CiieBlazor.Load;
using CiieBlazor.Tests.Components;
using CiieBlazor.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace CiieBlazor.Tests.Security;

/// <summary>
/// Issue 10, part 4: every interactive page's form fields get generated bad values (empty, huge, control characters,
/// emoji, a lone surrogate, markup, SQL, wrong types), then every button of the page is pressed; nothing may throw out
/// of the page (in a browser that would kill the circuit), and the page must still render afterwards. Each page is
/// rendered as the first user the authorisation matrix lets in, against the real app's services and database. The
/// static sign-in form gets the same values over HTTP.
/// </summary>
public sealed class FormFuzz(ITestOutputHelper output) : ComponentTest
{
    /// <summary>The generated bad values, each tried in every field.</summary>
    public static readonly string[] BadValues =
    [
        "", " ", new string('字', 10_000), "\u0000\u0007\u001b[31m\r\n\t", "😀👨‍👩‍👧🇨🇳", "\uD800", "<script>alert(1)</script>",
        "' OR 1=1; DROP TABLE \"Persons\"; --", "-1", "1e309", "NaN", "2027-13-45", "%s%n{0}", "../../etc/passwd",
    ];

    /// <summary>Static (not interactive) pages: no circuit to kill; the login form is fuzzed over HTTP below.</summary>
    private static readonly HashSet<string> StaticPages = ["/", "/Error", "/not-found", "/account/login", "/account/denied", "/register", "/register/new", "/register/previous"];

    private readonly Payments.PaymentsApp _app = new();

    [Fact]
    public async Task EveryInteractivePageSurvivesBadValuesInEveryFieldAndEveryButton()
    {
        // Organisation A with a person in an order, so the pages with an id open on real records of their user.
        await _app.OrderAsync(await _app.PersonsAwaitingPaymentAsync(1));
        var ids = await IdsOfAAsync();
        var routes = typeof(App.Components.App).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (Type: t, r.Template)))
            .Where(x => !StaticPages.Contains(x.Template))
            .OrderBy(x => x.Template, StringComparer.Ordinal)
            .ToList();
        var failures = new List<string>();
        var tried = 0;
        var pages = 0;
        var dialogs = 0;
        foreach (var (type, template) in routes)
        {
            var user = AuthorisationMatrix.Pages[template].First(u => u != "anonymous");
            // A page with an id: once on the record itself, once on an id that does not exist (or is not the user's to see).
            string[] urls = template.Contains('{')
                ? [Fill(template, ids), Fill(template, ids with { Person = Guid.NewGuid(), Order = Guid.NewGuid(), Registration = Guid.NewGuid() })]
                : [template];
            foreach (var url in urls)
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var result = await FuzzPageAsync(type, url, user);
                tried += result.Events;
                dialogs += result.Dialogs;
                pages++;
                failures.AddRange(result.Problems);
                output.WriteLine($"{url} as {user}: {result.Fields} fields, {result.Dialogs} dialogs, {result.Events} events in {watch.Elapsed.TotalSeconds:0.0} s"
                    + (result.Problems.Count > 0 ? $", {result.Problems.Count} problems" : ""));
            }
        }
        output.WriteLine($"{pages} page renders, {dialogs} dialogs, {tried} generated events");
        Assert.True(dialogs >= 5, $"only {dialogs} dialogs were opened: the dialog part looked at too little");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }

    private sealed record IdsOfA(Guid Person, Guid Order, Guid Registration);

    private async Task<IdsOfA> IdsOfAAsync()
    {
        await using var db = _app.Db();
        var org = await db.Organisations.AsNoTracking().SingleAsync(o => o.Code == DemoSeeder.VisitorCode);
        return new IdsOfA(
            await db.Persons.AsNoTracking().Where(p => p.OrganisationId == org.Id).Select(p => p.Id).FirstAsync(),
            await db.Orders.AsNoTracking().Where(o => o.OrganisationId == org.Id).Select(o => o.Id).FirstAsync(),
            await db.Registrations.AsNoTracking().Where(r => r.OrganisationId == org.Id).Select(r => r.Id).FirstAsync());
    }

    private static string Fill(string template, IdsOfA ids)
    {
        var url = template.Replace("{PersonId:guid}", ids.Person.ToString()).Replace("{OrderId:guid}", ids.Order.ToString())
            .Replace("{RegistrationId:guid}", ids.Registration.ToString());
        return url.Contains('{') ? throw new InvalidOperationException($"FormFuzz does not know how to fill {template}: add its id above") : url;
    }

    /// <summary>The route's ids, given to the page as the router would (bUnit has no router).</summary>
    private static Dictionary<string, object> RouteValues(string url)
    {
        var values = new Dictionary<string, object>();
        var segments = url.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var (parent, name) in new[] { ("persons", "PersonId"), ("orders", "OrderId"), ("registration", "RegistrationId") })
        {
            var at = Array.IndexOf(segments, parent);
            if (at >= 0 && at + 1 < segments.Length && Guid.TryParse(segments[at + 1], out var id)) values[name] = id;
        }
        return values;
    }

    private sealed record FuzzResult(int Fields, int Dialogs, int Events, List<string> Problems);

    private async Task<FuzzResult> FuzzPageAsync(Type page, string template, string user)
    {
        var problems = new List<string>();
        await using var context = new FuzzContext(_app, await _app.ActorAsync(AuthorisationMatrix.LoginOf(user)), RoleOf(user));
        context.Services.GetRequiredService<NavigationManager>().NavigateTo(template.TrimStart('/'));
        IRenderedComponent<Bunit.Rendering.ContainerFragment> cut;
        try
        {
            cut = context.RenderPage(page, RouteValues(template));
            await LoadedAsync(cut);
        }
        catch (Exception ex)
        {
            return new FuzzResult(0, 0, 0, [$"{template}: does not render: {ex.GetType().Name}: {ex.Message}"]);
        }
        var fieldCount = Fields(cut).Count;
        var events = await FuzzFieldsAsync(() => Fields(cut), template, problems);
        // Then every button of the page, once, with the fields holding the last bad values. A button that opens a dialog
        // (地址, 发票, 退回理由, 人员详情…) has the dialog's fields fuzzed and its buttons pressed in turn.
        var dialogs = 0;
        var buttons = PageButtons(cut).Count;
        for (var b = 0; b < buttons; b++)
        {
            var list = PageButtons(cut);
            if (b >= list.Count) break;
            var button = list[b];
            if (!button.HasAttribute("blazor:onclick")) continue;
            var open = cut.FindAll(".mud-dialog").Count;
            events++;
            await ClickAsync(button, $"{template} button '{button.TextContent.Trim()}'", problems);
            if (cut.FindAll(".mud-dialog").Count <= open) continue;
            dialogs++;
            var where = $"{template} dialog of '{button.TextContent.Trim()}'";
            events += await FuzzFieldsAsync(() => Fields(cut, inDialog: true), where, problems);
            var dialogButtons = cut.FindAll(".mud-dialog button:not([disabled])").Count;
            for (var d = 0; d < dialogButtons && cut.FindAll(".mud-dialog").Count > open; d++)
            {
                var inDialog = cut.FindAll(".mud-dialog button:not([disabled])");
                if (d >= inDialog.Count) break;
                if (!inDialog[d].HasAttribute("blazor:onclick")) continue;
                events++;
                await ClickAsync(inDialog[d], $"{where} button '{inDialog[d].TextContent.Trim()}'", problems);
            }
        }
        try
        {
            Assert.NotEmpty(cut.Markup);
        }
        catch (Exception ex)
        {
            problems.Add($"{template}: no longer renders: {ex.Message}");
        }
        return new FuzzResult(fieldCount, dialogs, events, problems);
    }

    /// <summary>Every bad value into every field (found again before each, as fields re-render); returns the events sent.</summary>
    private static async Task<int> FuzzFieldsAsync(Func<IReadOnlyList<IElement>> find, string where, List<string> problems)
    {
        var events = 0;
        var fieldCount = find().Count;
        for (var f = 0; f < fieldCount; f++)
        {
            foreach (var value in BadValues)
            {
                var fields = find();
                if (f >= fields.Count) break;
                var field = fields[f];
                var name = field.GetAttribute("data-testid") ?? field.GetAttribute("name") ?? $"field {f}";
                // The event the field listens to for its value (input, else change), then leaving it.
                var valueEvent = field.HasAttribute("blazor:oninput") ? "oninput" : "onchange";
                foreach (var eventName in new[] { valueEvent, "onblur" })
                {
                    if (!field.HasAttribute("blazor:" + eventName)) continue;
                    events++;
                    try
                    {
                        await Settle(eventName switch
                        {
                            "oninput" => field.InputAsync(new ChangeEventArgs { Value = value }),
                            "onchange" => field.ChangeAsync(new ChangeEventArgs { Value = value }),
                            _ => field.BlurAsync(new FocusEventArgs()),
                        });
                    }
                    catch (Exception ex) when (ex is not Bunit.Rendering.UnknownEventHandlerIdException)
                    {
                        problems.Add($"{where} {name} {eventName} {Describe(value)}: {ex.GetType().Name}: {ex.Message}");
                    }
                    catch (Bunit.Rendering.UnknownEventHandlerIdException)
                    {
                        // The field re-rendered between finding it and the event: it is found again for the next value.
                    }
                }
            }
        }
        return events;
    }

    private static async Task ClickAsync(IElement button, string what, List<string> problems)
    {
        try
        {
            await Settle(button.ClickAsync(new MouseEventArgs()));
        }
        catch (Exception ex) when (ex is not Bunit.Rendering.UnknownEventHandlerIdException)
        {
            problems.Add($"{what}: {ex.GetType().Name}: {ex.Message}");
        }
        catch (Bunit.Rendering.UnknownEventHandlerIdException)
        {
            // It re-rendered between finding and clicking: nothing was sent.
        }
    }

    /// <summary>
    /// Until the page has loaded what it shows: its markup unchanged for 300 ms (at most 5 s: a page with a countdown never
    /// rests). A fixed wait was not enough on a busy PostgreSQL pass: the side events' rows, and with them their 编辑
    /// buttons and dialogs, came after the page's buttons were counted.
    /// </summary>
    private static async Task LoadedAsync(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut)
    {
        var until = DateTime.UtcNow.AddSeconds(5);
        var last = cut.Markup;
        var still = 0;
        while (still < 3 && DateTime.UtcNow < until)
        {
            await Task.Delay(100);
            var now = cut.Markup;
            still = now == last ? still + 1 : 0;
            last = now;
        }
    }

    /// <summary>The page's own buttons (not those of a dialog or popover drawn over it).</summary>
    private static List<IElement> PageButtons(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut) =>
        cut.FindAll("button:not([disabled])").Where(b => b.Closest(".mud-dialog, .mud-popover") is null).ToList();

    /// <summary>
    /// The handler's end, or 3 s: a handler may wait for the user (a dialog's answer, a debounce) — that is not a failure,
    /// and a fault it raises later still surfaces through the renderer on the next event.
    /// </summary>
    private static async Task Settle(Task handler)
    {
        try
        {
            await handler.WaitAsync(TimeSpan.FromSeconds(3));
        }
        catch (TimeoutException)
        {
        }
    }

    private static IReadOnlyList<IElement> Fields(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut, bool inDialog = false) =>
        cut.FindAll((inDialog ? ".mud-dialog " : "") + "input:not([type=file]):not([type=checkbox]):not([type=radio]):not([type=hidden]), "
            + (inDialog ? ".mud-dialog " : "") + "textarea");

    private static string RoleOf(string user) => user switch
    {
        "visitorA" or "visitorB" => "visitor",
        "sh.reviewer" or "gd.reviewer" or "gdmc.reviewer" => "reviewer",
        _ => user,
    };

    private static string Describe(string value) => value.Length > 20 ? $"[{value.Length} chars]" : $"\"{value.Replace("\0", "\\0")}\"";

    [Fact]
    public async Task TheSignInFormAnswersBadValuesWithItsMessageNeverAnErrorPage()
    {
        using var http = _app.Client();
        var baseUrl = http.BaseAddress!.ToString().TrimEnd('/');
        foreach (var value in BadValues.Where(v => !v.Contains('\uD800')))
        {
            var session = new WebSession(http, baseUrl);
            var error = await Assert.ThrowsAsync<LoadException>(() => session.SignInAsync(value, value));
            // The form answers 200 with its message (or 400 for a malformed post); never a 500 or the error page.
            Assert.DoesNotContain(" 500", error.Message);
        }
        await using var db = _app.Db();
        Assert.True(await db.Users.CountAsync() > 0);
    }

    /// <summary>A bUnit context per page: the app's services behind it, the user's sign-in in front.</summary>
    private sealed class FuzzContext : ComponentTest
    {
        // The app's services from a scope of its own (a circuit's scope, as the page would have), bUnit's in front.
        private readonly IServiceScope _scope;

        public FuzzContext(Payments.PaymentsApp app, Actor actor, string role)
        {
            _scope = app.Host.Services.CreateScope();
            Services.AddFallbackServiceProvider(_scope.ServiceProvider);
            Services.AddScoped<CurrentActor>();
            this.SignInAs(actor, role);
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing) _scope.Dispose();
        }
    }
}
