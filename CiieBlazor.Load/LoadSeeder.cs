using System.Diagnostics;
using CiieBlazor.App.Data;
using CiieBlazor.App.Hosting;
using CiieBlazor.Domain.Catalogue;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Organisations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CiieBlazor.Load;

/// <summary>
/// Prepares a database for the load driver: the app's own migrations and demo data (edition, delegations, roles, demo
/// logins), then N visitor organisations of the Shanghai delegation, each with its account (user name = its credit code,
/// the demo password) and an organisation form in 草稿 (draft) with its contacts filled, as a visitor who has begun.
/// The password is hashed once with Identity's hasher and the hash shared: the server still verifies it in full at every
/// sign-in, as it would for distinct passwords.
/// </summary>
public static class LoadSeeder
{
    private const int Chunk = 500;

    /// <summary>The credit code of load organisation <paramref name="index"/> (0-based): 91310115LD + 7 hex digits + check.</summary>
    public static string Code(int index)
    {
        var first17 = $"91310115LD{index:X7}";
        return first17 + UnifiedSocialCreditCode.CheckCharacter(first17);
    }

    public static async Task<int> RunAsync(LoadOptions options)
    {
        var watch = Stopwatch.StartNew();
        var work = Path.GetFullPath(options.Work);
        Directory.CreateDirectory(work);
        var database = Path.Combine(work, "load.db");
        foreach (var file in new[] { database, database + "-wal", database + "-shm" }) File.Delete(file);
        var connection = $"Data Source={database}";

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = work, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(AppSettings(work, connection));
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddCiieBlazor();
        await using var app = builder.Build();
        await app.InitialiseDatabaseAsync();

        var factory = app.Services.GetRequiredService<AppDbContextFactory>();
        Guid editionId, delegationId;
        string roleId;
        await using (var db = factory.CreateDbContext())
        {
            editionId = (await db.Editions.SingleAsync(e => e.IsCurrent)).Id;
            delegationId = (await db.Delegations.SingleAsync(d => d.Code == "SH")).Id;
            roleId = (await db.Roles.SingleAsync(r => r.Name == Roles.Visitor)).Id;
        }

        var hash = new PasswordHasher<AppUser>().HashPassword(new AppUser(), DemoSeeder.Password);
        var now = DateTimeOffset.UtcNow;
        var intent = new PurchasingIntent(new AmountRange(1000, 1000), new AmountRange(8000, 8000),
            [new CountryInterest("US", ProcurementStage.DemandForecast)], ["MED.PHARMA.DRUGS"], []);
        for (var first = 0; first < options.Organisations; first += Chunk)
        {
            await using var db = factory.CreateDbContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var o = first; o < Math.Min(options.Organisations, first + Chunk); o++)
            {
                var code = Code(o);
                var organisation = new Organisation(OrganisationRegion.Mainland, OrganisationCategory.Enterprise, $"压测采购商贸易有限公司{o}", code, now);
                var registration = new OrganisationRegistration(organisation.Id, editionId, delegationId, null);
                registration.UpdateDetails($"联系人{o}", "采购经理", $"137{o:D8}", null, $"load{o}@load.example.com", "上海市闵行区申长路100号", intent);
                var user = new AppUser
                {
                    UserName = code,
                    NormalizedUserName = code.ToUpperInvariant(),
                    DisplayName = organisation.Name,
                    OrganisationId = organisation.Id,
                    CreatedAt = now,
                    LockoutEnabled = true,
                    PasswordHash = hash,
                    SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
                    ConcurrencyStamp = Guid.NewGuid().ToString(),
                };
                db.Organisations.Add(organisation);
                db.Registrations.Add(registration);
                db.Users.Add(user);
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleId });
            }
            await db.SaveChangesAsync();
        }
        Console.WriteLine($"seeded {options.Organisations:N0} visitor organisations (draft forms, accounts {Code(0)} … {Code(options.Organisations - 1)}) " +
                          $"into {database} in {watch.Elapsed.TotalSeconds:0.0}s");
        return 0;
    }

    /// <summary>The app's settings while seeding (scripts/load.sh starts the app with the same ones).</summary>
    private static Dictionary<string, string?> AppSettings(string work, string connection) => new()
    {
        ["Database:Provider"] = "Sqlite",
        ["Database:ConnectionString"] = connection,
        ["Demo:Seed"] = "true",
        ["Privacy:PolicyVersion"] = "load", // required by the app (consents are recorded against it)
        // Personal data is encrypted with keys kept beside the load database; scripts/load.sh gives the app the same file.
        ["PersonalData:KeyFile"] = CiieBlazor.App.Features.Security.PersonalDataOptions.EnsureKeyFile(Path.Combine(work, "personal-data-keys.json")),
        ["Storage:Root"] = Path.Combine(work, "uploads"),
        ["Storage:Keys"] = Path.Combine(work, "keys"),
        ["Payments:Reconciliation:Enabled"] = "false",
    };
}
