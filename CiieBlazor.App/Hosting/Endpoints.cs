using CiieBlazor.App.Features.Payments;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Accounts;
using CiieBlazor.App.Features.Files;
using CiieBlazor.App.Features.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Hosting;

/// <summary>The few plain HTTP endpoints beside the Blazor pages.</summary>
public static class Endpoints
{
    /// <summary>A path on this site: "/x" but never "//host" or "/\host" (which browsers treat as another site).</summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } u && u[0] == '/' && (u.Length == 1 || (u[1] != '/' && u[1] != '\\')) && !u.Contains('\\') && Uri.IsWellFormedUriString(u, UriKind.Relative);

    public static void MapCiieEndpoints(this WebApplication app)
    {
        app.MapPayments();
        Features.Gate.GateEndpoints.MapGate(app);
        // One-time sign-in after registration or previous-edition verification (interactive pages cannot set cookies).
        app.MapGet("/account/ticket", async (string? t, string? returnUrl, SignInTickets tickets, UserManager<AppUser> users, SignInManager<AppUser> signIn) =>
        {
            var userId = tickets.Redeem(t);
            var user = userId is null ? null : await users.FindByIdAsync(userId);
            if (user is null) return Results.LocalRedirect("/account/login");
            await signIn.SignInAsync(user, isPersistent: false);
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        });

        // Uploaded files: only the owner organisation, its delegation's reviewers, operators, finance and admin.
        app.MapGet("/files/{id:guid}", async (Guid id, HttpContext http, IDbContextFactory<AppDbContext> dbs, AccessGuard access, FileStore files, CancellationToken ct) =>
        {
            if (http.User.Identity?.IsAuthenticated != true) return Results.Unauthorized();
            var actor = http.User.ToActor();
            await using var db = await dbs.CreateDbContextAsync(ct);
            var file = await db.Files.AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, ct);
            if (file?.OrganisationId is not { } owner) return Results.NotFound();
            try
            {
                await access.EnsureCanSeeOrganisationAsync(db, actor, owner, ct);
            }
            catch (AccessDeniedException)
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }
            // nosniff and the files' own CSP come with every response (SecurityHeaders).
            if (http.Request.Query["inline"] == "1")
            {
                // 查看发票 / voucher preview: shown by the browser (PDF viewer, image) under its own name.
                var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("inline");
                disposition.SetHttpFileName(file.OriginalName);
                http.Response.Headers.ContentDisposition = disposition.ToString();
                return Results.File(files.OpenRead(file), file.ContentType);
            }
            return Results.File(files.OpenRead(file), file.ContentType, file.OriginalName);
        });
    }
}
