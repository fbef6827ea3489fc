using System.Net;
using System.Text.RegularExpressions;

namespace CiieBlazor.Load;

/// <summary>
/// One visitor's HTTP side, as a browser has it: its own cookies (kept here, so thousands of sessions share one
/// connection pool), the sign-in through the login form with its antiforgery token, and page loads.
/// </summary>
public sealed partial class WebSession(HttpClient http, string baseUrl)
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public string BaseUrl { get; } = baseUrl;

    public string CookieHeader => string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}"));

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(method, BaseUrl + path) { Content = content };
        if (_cookies.Count > 0) request.Headers.Add("Cookie", CookieHeader);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var header in setCookies)
            {
                var pair = header.Split(';', 2)[0];
                var eq = pair.IndexOf('=');
                if (eq <= 0) continue;
                var name = pair[..eq].Trim();
                var value = pair[(eq + 1)..].Trim();
                if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) _cookies.Remove(name);
                else _cookies[name] = value;
            }
        }
        return response;
    }

    /// <summary>Signs in through 登录 (the static login form): GET for the antiforgery token, POST the form, expect the redirect.</summary>
    public async Task SignInAsync(string userName, string password, CancellationToken ct = default)
    {
        using var page = await SendAsync(HttpMethod.Get, "/account/login", null, ct);
        var html = await page.Content.ReadAsStringAsync(ct);
        if (page.StatusCode != HttpStatusCode.OK) throw new LoadException($"GET /account/login answered {(int)page.StatusCode}");
        var token = TokenInput().Match(html);
        if (!token.Success) throw new LoadException("the login page has no antiforgery token");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
        using var posted = await SendAsync(HttpMethod.Post, "/account/login", form, ct);
        if (posted.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
        {
            var body = await posted.Content.ReadAsStringAsync(ct);
            var error = LoginError().Match(body);
            throw new LoadException($"sign-in of {userName} answered {(int)posted.StatusCode}{(error.Success ? ": " + WebUtility.HtmlDecode(error.Groups[1].Value) : "")}");
        }
    }

    /// <summary>A page as prerendered for this visitor (the HTML that holds the circuit's component markers).</summary>
    public async Task<string> GetPageAsync(string path, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, ct);
        if (response.StatusCode != HttpStatusCode.OK) throw new LoadException($"GET {path} answered {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync(ct);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    [GeneratedRegex("data-testid=\"login-error\">([^<]*)<")]
    private static partial Regex LoginError();
}

/// <summary>A failure of the load run itself (a refused sign-in, a page without markers), reported as an error.</summary>
public sealed class LoadException(string message) : Exception(message);
