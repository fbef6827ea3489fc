using System.Globalization;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Review;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Hosting;
using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using CiieBlazor.Domain.Persons;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Bench;

/// <summary>
/// The reviewer grid at scale (issue 5): seeds the population once (kept in the database file for later runs) and
/// measures <see cref="ReviewerPersonQueries"/> — the service the grid calls, so the figures are the server's time for
/// a page: query, count, quota bar and row building — for the Shanghai reviewer (the largest delegation) and an
/// operator (every person).
/// </summary>
public static class GridBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var work = Path.Combine(Path.GetDirectoryName(options.Database)!, "ciie-bench-work");
        Directory.CreateDirectory(work);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = work, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = options.PostgreSql is null ? "Sqlite" : "PostgreSql",
            ["Database:ConnectionString"] = options.PostgreSql is { } server
                ? new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = options.PostgreSqlDatabase }.ToString()
                : $"Data Source={options.Database}",
            ["Demo:Seed"] = "true",
            ["Privacy:PolicyVersion"] = "bench", // required by the app (consents are recorded against it); nobody consents here
            // Personal data is encrypted with keys kept beside the bench's database (made on its first run).
            ["PersonalData:KeyFile"] = CiieBlazor.App.Features.Security.PersonalDataOptions.EnsureKeyFile(System.IO.Path.Combine(work, "personal-data-keys.json")),
            ["Storage:Root"] = Path.Combine(work, "uploads"),
            ["Storage:Keys"] = Path.Combine(work, "keys"),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Query"] = Environment.GetEnvironmentVariable("BENCH_QUERY") is null ? "Warning" : "Debug",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = Environment.GetEnvironmentVariable("BENCH_SQL") is null ? "Warning" : "Information",
        });
        builder.Services.AddCiieBlazor();
        await using var app = builder.Build();

        Console.WriteLine($"database: {(options.PostgreSql is null ? options.Database : $"PostgreSQL {options.PostgreSqlDatabase}")}");
        await app.InitialiseDatabaseAsync();
        var factory = app.Services.GetRequiredService<AppDbContextFactory>();
        await new GridSeeder(factory, options).SeedAsync();

        var queries = app.Services.GetRequiredService<ReviewerPersonQueries>();
        await using (var db = factory.CreateDbContext())
        {
            Console.WriteLine($"population: {await db.Persons.CountAsync():N0} persons, {await db.Organisations.CountAsync():N0} organisations, "
                + $"{await db.Delegations.CountAsync(d => d.ParentId == null)} delegations (+{await db.Delegations.CountAsync(d => d.ParentId != null)} sub-delegations), "
                + $"{await db.PersonNameGrams.CountAsync():N0} name grams, {await db.PersonCounts.CountAsync():N0} counter rows, {await db.Badges.CountAsync():N0} badges; "
                + (options.PostgreSql is null
                    ? $"file {new FileInfo(options.Database).Length / 1024.0 / 1024:0} MB"
                    : $"database {await db.Database.SqlQuery<long>($"SELECT pg_database_size(current_database()) AS \"Value\"").SingleAsync() / 1024.0 / 1024:0} MB"));
        }

        var results = new List<Stats.Result>();
        foreach (var user in new[] { "sh.reviewer", "operator" })
        {
            var actor = await ActorAsync(app, user);
            var first = await queries.PageAsync(actor, new ReviewerPersonFilter());
            Console.WriteLine($"{user}: {first.Total:N0} persons in scope");
            var orgName = (await queries.PageAsync(actor, new ReviewerPersonFilter { PageSize = 10 })).Rows[5].OrganisationName;
            var orgFragment = orgName[2..6];
            var orgCode = await CodeOfAsync(factory, first.Rows[3].OrganisationId);
            var document = await DocumentOfAsync(factory, first.Rows[7].Id);

            async Task Case(string name, ReviewerPersonFilter filter) =>
                results.Add(await Stats.MeasureAsync($"{user}: {name}", options.Iterations, async () =>
                {
                    var page = await queries.PageAsync(actor, filter);
                    return (page.Rows.Count, $"{page.Total:N0}{(page.TotalIsLowerBound ? "+" : "")}");
                }));

            await Case("first page, unfiltered", new ReviewerPersonFilter());
            await Case("status = 待审核", new ReviewerPersonFilter { Status = PersonStatus.AwaitingReview });
            await Case("status = 审核不通过 (rare)", new ReviewerPersonFilter { Status = PersonStatus.Rejected });
            await Case("type = 外国人", new ReviewerPersonFilter { Type = PersonType.Foreign });
            await Case("tag = VIP", new ReviewerPersonFilter { Tags = [PersonTag.Vip] });
            await Case("tags = VIP + 工作人员", new ReviewerPersonFilter { Tags = [PersonTag.Vip, PersonTag.Staff] });
            await Case("entry date = 11-07", new ReviewerPersonFilter { EntryDate = new DateOnly(2027, 11, 7) });
            await Case("pickup = 交易团领取", new ReviewerPersonFilter { Pickup = PickupMethod.DelegationCollects });
            await Case("badge = 已制作", new ReviewerPersonFilter { Badge = BadgeStatus.Produced });
            await Case("badge = 未制证", new ReviewerPersonFilter { Badge = BadgeStatus.None });
            await Case("reuse = 是", new ReviewerPersonFilter { Reuse = true });
            await Case($"organisation name ~ {orgFragment}", new ReviewerPersonFilter { Organisation = orgFragment });
            await Case("organisation credit code", new ReviewerPersonFilter { Organisation = orgCode });
            await Case("status + tag + pickup", new ReviewerPersonFilter { Status = PersonStatus.Approved, Tags = [PersonTag.ProfessionalVisitor], Pickup = PickupMethod.Courier });
            await Case("entry date + reuse + type", new ReviewerPersonFilter { EntryDate = new DateOnly(2027, 11, 6), Reuse = true, Type = PersonType.Mainland });
            await Case("fuzzy name 伟华 (2 chars)", new ReviewerPersonFilter { PersonName = "伟华" });
            await Case("fuzzy name 张子轩 (3 chars)", new ReviewerPersonFilter { PersonName = "张子轩" });
            await Case("fuzzy name 王 (surname)", new ReviewerPersonFilter { PersonName = "王" });
            await Case("fuzzy name smith (Latin)", new ReviewerPersonFilter { PersonName = "smith" });
            await Case("quick keyword 伟华", new ReviewerPersonFilter { Keyword = "伟华" });
            await Case("quick keyword document number", new ReviewerPersonFilter { Keyword = document });

            // Page 5,000 (or the last page when the scope is smaller): reached by seeking from page 4,999's last row,
            // as the grid does when the reviewer pages forward, and by a direct jump (skip) for comparison.
            var size = 50;
            var lastPage = Math.Min(4_999, (first.Total - 1) / size);
            var before = await queries.PageAsync(actor, new ReviewerPersonFilter { Page = lastPage - 1, PageSize = size });
            var anchor = before.Rows[^1].Id;
            await Case($"page {lastPage + 1:N0}, sought from page {lastPage:N0}", new ReviewerPersonFilter { Page = lastPage, PageSize = size, After = anchor });
            await Case($"page {lastPage + 1:N0}, direct jump", new ReviewerPersonFilter { Page = lastPage, PageSize = size });
            var last = (first.Total - 1) / size;
            await Case($"last page ({last + 1:N0}), direct jump", new ReviewerPersonFilter { Page = last, PageSize = size });
            results.Add(await Stats.MeasureAsync($"{user}: quota bar", options.Iterations, async () =>
            {
                var bar = await queries.QuotaBarAsync(actor);
                return (1, $"VIP {bar.VipUsed}/{bar.VipQuota}, 专业观众 {bar.ProfessionalVisitorsTagged:N0}");
            }));
        }

        // 运营看板 (issue 8): counts by step and delegation, quota use and money per day, as the page refreshes them.
        var dashboards = app.Services.GetRequiredService<CiieBlazor.App.Features.Dashboards.DashboardService>();
        var operatorActor = await ActorAsync(app, "operator");
        results.Add(await Stats.MeasureAsync("operator: dashboard (every count of the edition)", options.Iterations, async () =>
        {
            var board = await dashboards.GetAsync(operatorActor);
            return (board.Delegations.Count, $"{board.Total.PersonsSubmitted:N0} submitted, {board.Total.Registered:N0} organisations");
        }));

        Console.WriteLine();
        Console.WriteLine($"| case | p50 ms | p95 ms | p99 ms | max ms | rows | total |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.P50:0.0} | {r.P95:0.0} | {r.P99:0.0} | {r.Max:0.0} | {r.Rows} | {r.Note} |"));
        }
        var slow = results.Where(r => r.P95 > 20).ToList();
        Console.WriteLine();
        Console.WriteLine(slow.Count == 0 ? "every case: p95 ≤ 20 ms" : $"p95 above 20 ms: {string.Join("; ", slow.Select(r => r.Name))}");
        return 0;
    }

    private static async Task<Actor> ActorAsync(WebApplication app, string userName)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"no user {userName}");
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
        return CiieClaims.ToActor(principal);
    }

    private static async Task<string> CodeOfAsync(AppDbContextFactory factory, Guid organisationId)
    {
        await using var db = factory.CreateDbContext();
        return await db.Organisations.Where(o => o.Id == organisationId).Select(o => o.Code).SingleAsync();
    }

    private static async Task<string> DocumentOfAsync(AppDbContextFactory factory, Guid personId)
    {
        await using var db = factory.CreateDbContext();
        return await db.Persons.Where(p => p.Id == personId).Select(p => p.DocumentNumber).SingleAsync();
    }
}
