using System.Net;
using System.Text.RegularExpressions;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Hosting;
using CiieBlazor.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;

namespace CiieBlazor.Tests.Security;

/// <summary>The security headers of Hosting/SecurityHeaders.cs on pages, errors, static files, endpoints and uploads.</summary>
public sealed partial class SecurityHeadersOverHttp : IDisposable
{
    private readonly TestApp _app = new();

    public void Dispose() => _app.Dispose();

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content) : "";

    [Theory]
    [InlineData("/account/login", HttpStatusCode.OK)]
    [InlineData("/healthz", HttpStatusCode.OK)]
    [InlineData("/js/ciie.js", HttpStatusCode.OK)]
    [InlineData("/no/such/page", HttpStatusCode.NotFound)]
    [InlineData("/sandbox/pay/00000000-0000-0000-0000-000000000001", HttpStatusCode.NotFound)]
    public async Task EveryResponseCarriesThePagePolicyAndTheOtherHeaders(string path, HttpStatusCode expected)
    {
        using var http = _app.CreateClient();
        var response = await http.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        var csp = Header(response, "Content-Security-Policy");
        Assert.Matches("^default-src 'self'; script-src 'self' 'nonce-[0-9A-F]{32}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; ", csp);
        foreach (var directive in new[] { "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'" })
        {
            Assert.Contains(directive, csp);
        }
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("", Header(response, "Strict-Transport-Security")); // Development
    }

    [Fact]
    public async Task ThePagesOnlyInlineScriptIsTheImportMapWithThisResponsesNonce()
    {
        using var http = _app.CreateClient();
        var first = await http.GetAsync("/account/login");
        var html = await first.Content.ReadAsStringAsync();
        var nonce = NoncePattern().Match(Header(first, "Content-Security-Policy")).Groups[1].Value;
        var inline = InlineScript().Matches(html).Select(m => m.Value).ToList();
        Assert.Equal([$"<script type=\"importmap\" nonce=\"{nonce}\">"], inline);

        // A new nonce for every response.
        var second = await http.GetAsync("/account/login");
        Assert.NotEqual(nonce, NoncePattern().Match(Header(second, "Content-Security-Policy")).Groups[1].Value);
    }

    [Fact]
    public async Task UploadedFilesMayBeFramedByOurPagesOnlyAndRunNothing()
    {
        using var http = _app.CreateClient();
        var response = await http.GetAsync($"/files/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(SecurityHeaders.FilePolicy, Header(response, "Content-Security-Policy"));
        Assert.StartsWith("default-src 'none';", SecurityHeaders.FilePolicy);
        Assert.Equal("SAMEORIGIN", Header(response, "X-Frame-Options"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task TheSandboxCountdownIsAFileNotAnInlineScript()
    {
        using var http = _app.CreateClient();
        var script = await http.GetAsync("/js/sandbox-pay.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("getElementById('left')", await script.Content.ReadAsStringAsync());
        var source = await File.ReadAllTextAsync(Path.Combine(Paths.RepositoryRoot, "CiieBlazor.App", "Features", "Payments", "SandboxPages.cs"));
        Assert.DoesNotContain("<script>", source);
        Assert.Contains("<script src=\\\"/js/sandbox-pay.js\\\"></script>", source);
    }

    [Fact]
    public async Task OutsideDevelopmentHttpsResponsesCarryHsts()
    {
        // Production has no development keys: it is given its own, as a deployment would be.
        using var production = _app.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            foreach (var (key, value) in PersonalDataOptions.Random().AsSettings()) b.UseSetting(key, value);
        });
        using var http = production.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://ciie.example/") });
        var response = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", Header(response, "Strict-Transport-Security"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NoncePattern();

    /// <summary>Every script element without a src (inline code), as written.</summary>
    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>")]
    private static partial Regex InlineScript();
}
