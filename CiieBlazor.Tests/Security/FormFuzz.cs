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
        var routes = typeof(App.Components.App).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (Type: t, r.Template)))
            .Where(x => !StaticPages.Contains(x.Template) && !x.Template.Contains('{'))
            .OrderBy(x => x.Template, StringComparer.Ordinal)
            .ToList();
        var failures = new List<string>();
        var tried = 0;
        var pages = 0;
        foreach (var (type, template) in routes)
        {
            var user = AuthorisationMatrix.Pages[template].First(u => u != "anonymous");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var (fields, events, problems) = await FuzzPageAsync(type, template, user);
            tried += events;
            pages++;
            failures.AddRange(problems);
            File.AppendAllText(Path.Combine(Path.GetTempPath(), "ciie-form-fuzz.log"), $"{DateTime.UtcNow:HH:mm:ss} {template}: {fields} fields, {events} events, {problems.Count} problems\n");
            output.WriteLine($"{template} as {user}: {fields} fields, {events} events in {watch.Elapsed.TotalSeconds:0.0} s{(problems.Count > 0 ? $", {problems.Count} problems" : "")}");
        }
        output.WriteLine($"{pages} pages, {tried} generated events");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }

    private async Task<(int Fields, int Events, List<string> Problems)> FuzzPageAsync(Type page, string template, string user)
    {
        var problems = new List<string>();
        await using var context = new FuzzContext(_app, await _app.ActorAsync(AuthorisationMatrix.LoginOf(user)), RoleOf(user));
        context.Services.GetRequiredService<NavigationManager>().NavigateTo(template.TrimStart('/'));
        IRenderedComponent<Bunit.Rendering.ContainerFragment> cut;
        try
        {
            cut = context.RenderPage(page);
            await Task.Delay(300);
        }
        catch (Exception ex)
        {
            return (0, 0, [$"{template}: does not render: {ex.GetType().Name}: {ex.Message}"]);
        }
        var events = 0;
        var fieldCount = Fields(cut).Count;
        for (var f = 0; f < fieldCount; f++)
        {
            foreach (var value in BadValues)
            {
                var fields = Fields(cut);
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
                        problems.Add($"{template} {name} {eventName} {Describe(value)}: {ex.GetType().Name}: {ex.Message}");
                    }
                    catch (Bunit.Rendering.UnknownEventHandlerIdException)
                    {
                        // The field re-rendered between finding it and the event: it is found again for the next value.
                    }
                }
            }
        }
        // Then every button, once, with the fields holding the last bad values.
        var buttons = cut.FindAll("button:not([disabled])").Count;
        for (var b = 0; b < buttons; b++)
        {
            var list = cut.FindAll("button:not([disabled])");
            if (b >= list.Count) break;
            var button = list[b];
            if (!button.HasAttribute("blazor:onclick")) continue;
            events++;
            try
            {
                await Settle(button.ClickAsync(new MouseEventArgs()));
            }
            catch (Exception ex) when (ex is not Bunit.Rendering.UnknownEventHandlerIdException)
            {
                problems.Add($"{template} button '{button.TextContent.Trim()}': {ex.GetType().Name}: {ex.Message}");
            }
            catch (Bunit.Rendering.UnknownEventHandlerIdException)
            {
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
        return (fieldCount, events, problems);
    }

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

    private static IReadOnlyList<IElement> Fields(IRenderedComponent<Bunit.Rendering.ContainerFragment> cut) =>
        cut.FindAll("input:not([type=file]):not([type=checkbox]):not([type=radio]):not([type=hidden]), textarea");

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
