using System.Globalization;
using CiieBlazor.App.Components;
using CiieBlazor.App.Data;
using CiieBlazor.App.Localization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CiieBlazor.App.Hosting;

public static class Pipeline
{
    public static async Task InitialiseDatabaseAsync(this WebApplication app)
    {
        try
        {
            await app.Services.GetRequiredService<DatabaseInitializer>().InitialiseAsync();
        }
        catch (InvalidOperationException ex) when (ex.InnerException is StartupException startup)
        {
            throw startup;
        }
    }

    public static WebApplication UseCiieBlazor(this WebApplication app)
    {
        // First, so that everything logged for the request (errors included) carries its correlation id.
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseSecurityHeaders();
        app.Use(async (http, next) =>
        {
            // A declared body over Kestrel's limit is refused before anything reads it (Kestrel itself only fails the read,
            // which a form reader such as antiforgery's turns into a misleading 400).
            if (http.Request.ContentLength > http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize)
            {
                http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await http.Response.WriteAsync("请求内容过大 (request body too large)");
                return;
            }
            await next(http);
        });
        // Routing where WebApplication would put it (first), but after the correlation id, so that its lines carry the id too.
        app.UseRouting();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts(); // browsers remember HTTPS-only for the site; not in Development (localhost over plain HTTP)
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

        var cultures = JsonStringLocalizer.Cultures.Select(c => new CultureInfo(c)).ToList();
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("zh-CN"),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            RequestCultureProviders = [new CookieRequestCultureProvider()],
        });

        app.UseRateLimiter(); // sign-in POSTs per client address (AbuseLimits.cs)
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        // 200 Healthy / 200 Degraded / 503 Unhealthy, with each check's status, description and data as JSON.
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapServerMetrics();
        app.MapGet("/culture/set", (string culture, string? redirectUri, HttpContext http) =>
        {
            if (!JsonStringLocalizer.Cultures.Contains(culture)) return Results.BadRequest("unsupported culture");
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(redirectUri is { Length: > 0 } r && r.StartsWith('/') && !r.StartsWith("//") ? r : "/");
        });
        app.MapPost("/account/logout", async (HttpContext http, SignInManager<AppUser> signIn) =>
        {
            // UseAntiforgery checks the token this endpoint's metadata asks for; a handler that binds no form must refuse itself.
            if (http.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true }) return Results.BadRequest("antiforgery token missing or invalid");
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute()); // the layout's sign-out form carries the token
        app.MapCiieEndpoints();
        app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode();
        return app;
    }

    public static void PrintDemoLogins(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Demo:Seed", false)) return;
        var urls = string.Join(", ", app.Urls);
        Console.WriteLine();
        Console.WriteLine($"CiieBlazor is running at {urls}");
        Console.WriteLine("Demo logins (password for all: " + DemoSeeder.Password + "):");
        foreach (var login in DemoSeeder.Logins)
        {
            Console.WriteLine($"  {login.Role,-9} {login.UserName,-20} {login.Who}");
        }
        Console.WriteLine();
    }
}

/// <summary>/healthz "database": Unhealthy (503) when the database does not answer.</summary>
public sealed class DatabaseHealthCheck(AppDbContextFactory factory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = factory.CreateDbContext();
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("database reachable")
                : HealthCheckResult.Unhealthy("database not reachable");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("database not reachable", ex);
        }
    }
}
