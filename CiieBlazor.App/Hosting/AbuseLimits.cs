using System.Threading.RateLimiting;
using CiieBlazor.App.Localization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CiieBlazor.App.Hosting;

/// <summary>At most <see cref="PermitLimit"/> attempts per <see cref="Window"/> from one client address.</summary>
public sealed class WindowLimit
{
    public int PermitLimit { get; set; }
    public TimeSpan Window { get; set; }
}

/// <summary>Security:RateLimits — per-client-address limits on what an attacker would repeat.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Security:RateLimits";

    /// <summary>Sign-in form POSTs (/account/login) and previous-edition password checks: credential stuffing across many
    /// accounts from one address (each account also locks after 5 wrong passwords).</summary>
    public WindowLimit SignIn { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) };

    /// <summary>New registrations (新用户注册): one address creating accounts in bulk.</summary>
    public WindowLimit Registration { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromHours(1) };
}

public enum ClientLimit
{
    SignIn,
    Registration,
}

/// <summary>A client address used up its window for <see cref="Limit"/>; the page shows RateLimit.{Limit}.</summary>
public sealed class ClientLimitException(ClientLimit limit) : Exception($"Too many {limit} attempts from one client address.")
{
    public ClientLimit Limit { get; } = limit;
}

/// <summary>
/// In-memory fixed windows per client address, for what happens inside a circuit (no HTTP request to limit):
/// registration and the previous-edition password check. The HTTP sign-in POST goes through ASP.NET Core's rate
/// limiter with the same settings (<see cref="AbuseLimits.AddCiieRateLimiting"/>).
/// </summary>
public sealed class ClientLimits : IDisposable
{
    private readonly Dictionary<ClientLimit, PartitionedRateLimiter<string>> _limiters;

    public ClientLimits(IOptions<RateLimitOptions> options)
    {
        _limiters = new()
        {
            [ClientLimit.SignIn] = Create(options.Value.SignIn),
            [ClientLimit.Registration] = Create(options.Value.Registration),
        };
    }

    private static PartitionedRateLimiter<string> Create(WindowLimit limit) =>
        PartitionedRateLimiter.Create<string, string>(address => AbuseLimits.Window(address, limit));

    /// <summary>Takes one attempt for that address; false when its window is used up.</summary>
    public bool TryAcquire(ClientLimit kind, string? clientAddress)
    {
        using var lease = _limiters[kind].AttemptAcquire(string.IsNullOrWhiteSpace(clientAddress) ? "unknown" : clientAddress);
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values) limiter.Dispose();
    }
}

public static class AbuseLimits
{
    public const string SignInPath = "/account/login";

    internal static RateLimitPartition<string> Window(string key, WindowLimit limit) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, limit.PermitLimit),
            Window = limit.Window > TimeSpan.Zero ? limit.Window : TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    public static IServiceCollection AddCiieRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section);
        services.AddSingleton<ClientLimits>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((o, limits) =>
        {
            var signIn = limits.Value.SignIn;
            // Only sign-in POSTs are limited here; every other request gets no limiter at all.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                HttpMethods.IsPost(http.Request.Method) && http.Request.Path.Equals(SignInPath, StringComparison.OrdinalIgnoreCase)
                    ? Window("signin:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"), signIn)
                    : RateLimitPartition.GetNoLimiter(""));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, ct) => WriteTooManyAsync(context.HttpContext, signIn.Window, ct);
        });
        return services;
    }

    /// <summary>429 with a small page in Chinese and English and a way back to the form.</summary>
    private static async ValueTask WriteTooManyAsync(HttpContext http, TimeSpan window, CancellationToken ct)
    {
        var table = ((JsonStringLocalizer)http.RequestServices.GetRequiredService<IStringLocalizerFactory>().Create(typeof(SharedResource))).Table;
        var text = table["RateLimit.SignIn"];
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(window.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>429</title></head><body>" +
            $"<p role=\"alert\" data-testid=\"rate-limited\">{System.Net.WebUtility.HtmlEncode(text["zh"])}<br>{System.Net.WebUtility.HtmlEncode(text["en"])}</p>" +
            $"<p><a href=\"{SignInPath}\">返回登录 (back to sign-in)</a></p></body></html>", ct);
    }
}
