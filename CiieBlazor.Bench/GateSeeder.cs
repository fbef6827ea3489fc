using System.Diagnostics;
using CiieBlazor.App.Data;
using Microsoft.EntityFrameworkCore;
using static CiieBlazor.Bench.SqlRows;

namespace CiieBlazor.Bench;

/// <summary>
/// The gate's population on top of the demo seed: <c>count</c> approved persons of the current edition whose entry dates
/// cover today (in Shanghai), each with a dispatched badge CIIE10-GATE-0000001…; every 100th person is cancelled and
/// every 100th badge (offset 50) revoked, so that the gate meets its refusals. Rows are copied from the demo's own.
/// </summary>
public static class GateSeeder
{
    public const string Prefix = "CIIE10-GATE-";

    public static string Number(int i) => $"{Prefix}{i:D7}";
    public static bool Cancelled(int i) => i % 100 == 0;
    public static bool Revoked(int i) => i % 100 == 50;

    public static async Task SeedAsync(AppDbContextFactory factory, int count)
    {
        Guid editionId;
        await using (var db = factory.CreateDbContext())
        {
            editionId = await db.Editions.Where(e => e.IsCurrent).Select(e => e.Id).SingleAsync();
            if (await db.Badges.CountAsync(b => b.BadgeNumber!.StartsWith(Prefix)) >= count) return;
        }
        var watch = Stopwatch.StartNew();
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        await using var connection = await OpenBulkAsync(factory, sqliteCacheKiB: 200_000);
        await using var person = await Template(connection, "Persons", $"SELECT * FROM \"Persons\" WHERE \"EditionId\" = '{Text(editionId)}' ORDER BY \"Id\" LIMIT 1");
        await using var badge = await Template(connection, "Badges", "SELECT * FROM \"Badges\" ORDER BY \"Id\" LIMIT 1");
        for (var start = 1; start <= count; start += 10_000)
        {
            await using var tx = await connection.BeginTransactionAsync();
            person.Transaction = tx;
            badge.Transaction = tx;
            for (var i = start; i < start + 10_000 && i <= count; i++)
            {
                var personId = Guid.CreateVersion7();
                person.Set("Id", personId);
                person.Set("Version", Guid.NewGuid());
                person.Set("Name", $"观众{i}");
                person.Set("SearchName", $"观众{i}");
                person.Set("Status", Cancelled(i) ? "Cancelled" : "Approved");
                person.Set("Tag", "ProfessionalVisitor");
                person.Set("EntryFrom", today.AddDays(-1));
                person.Set("EntryTo", today.AddDays(3));
                person.Set("BadgeStatus", "None");
                await person.ExecuteAsync();
                badge.Set("Id", Guid.CreateVersion7());
                badge.Set("Version", Guid.NewGuid());
                badge.Set("PersonId", personId);
                badge.Set("EditionId", editionId);
                badge.Set("Status", Revoked(i) ? "Revoked" : "Dispatched");
                badge.Set("BadgeNumber", Number(i));
                badge.Set("Serial", 1);
                badge.Set("ShipmentId", null);
                await badge.ExecuteAsync();
            }
            await tx.CommitAsync();
        }
        await AnalyseAsync(connection);
        Console.WriteLine($"  seeded {count:N0} gate badges in {watch.Elapsed.TotalSeconds:0} s");
    }
}
