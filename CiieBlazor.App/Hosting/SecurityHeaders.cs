using System.Security.Cryptography;

namespace CiieBlazor.App.Hosting;

/// <summary>
/// Security headers on every response: a Content-Security-Policy that allows what Blazor Server and MudBlazor need and
/// nothing more, plus nosniff, a referrer policy and no framing by other sites. HSTS is added by <c>UseHsts</c> outside
/// Development (Pipeline.cs).
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "ciie.csp-nonce";

    /// <summary>
    /// The policy of pages. Each source, and why:
    /// <list type="bullet">
    /// <item>script-src 'self' + a per-response nonce: our files, blazor.web.js and MudBlazor.min.js; none of them needs
    /// eval. The nonce is only for the one inline script the framework writes, <c>&lt;ImportMap /&gt;</c>'s
    /// <c>&lt;script type="importmap"&gt;</c> (App.razor passes the nonce to it). No inline handlers exist.</item>
    /// <item>style-src 'unsafe-inline': MudBlazor writes style attributes (popover positions, grid widths, the theme's
    /// CSS variables in a &lt;style&gt; element) and Blazor's reconnect UI injects a &lt;style&gt;; a nonce does not
    /// cover style attributes. Styles cannot run script, so this keeps script injection closed.</item>
    /// <item>img-src data: blob: — payment QR codes are data: PNGs (QrImage.DataUrl); photos and vouchers come from
    /// /files (same origin).</item>
    /// <item>connect-src 'self': the SignalR hub on the same origin; CSP Level 3 browsers let 'self' match ws:/wss: of
    /// that origin (checked in Chromium by Security/CspInBrowser).</item>
    /// <item>frame-src falls back to default-src 'self': the finance desk previews a PDF voucher from /files in an
    /// iframe.</item>
    /// </list>
    /// </summary>
    public static string PagePolicy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    /// <summary>
    /// Uploaded files (/files/{id}): nothing in them may run or load anything, but our own pages may frame them (the
    /// finance desk's PDF preview) and Chromium's PDF viewer embeds the file itself (object-src 'self').
    /// </summary>
    public const string FilePolicy = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'";

    /// <summary>The nonce of this response's CSP (for the framework's inline import map).</summary>
    public static string CspNonce(this HttpContext http) =>
        http.Items.TryGetValue(NonceKey, out var nonce) && nonce is string s ? s : "";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        // Hex, not base64: '+' and '/' would be written as character references in the page's attribute.
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        http.Items[NonceKey] = nonce;
        var isFile = http.Request.Path.StartsWithSegments("/files");
        // Set as the response starts, so the exception handler's and status-code pages' responses carry them too.
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = isFile ? FilePolicy : PagePolicy(nonce);
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.XFrameOptions = isFile ? "SAMEORIGIN" : "DENY";
            return Task.CompletedTask;
        });
        return next(http);
    });
}
