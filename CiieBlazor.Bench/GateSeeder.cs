using System.Diagnostics;
using CiieBlazor.App.Data;
using Microsoft.Data.Sqlite;
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
        await using var connection = new SqliteConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await Exec(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;");
        var person = await Template(connection, "Persons", $"SELECT * FROM Persons WHERE EditionId = '{Text(editionId)}' ORDER BY rowid LIMIT 1");
        var badge = await Template(connection, "Badges", "SELECT * FROM Badges ORDER BY rowid LIMIT 1");
        for (var start = 1; start <= count; start += 10_000)
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
            person.Command.Transaction = tx;
            badge.Command.Transaction = tx;
            for (var i = start; i < start + 10_000 && i <= count; i++)
            {
                var personId = Guid.CreateVersion7();
                person.Set("Id", Text(personId));
                person.Set("Version", Text(Guid.NewGuid()));
                person.Set("Name", $"观众{i}");
                person.Set("SearchName", $"观众{i}");
                person.Set("Status", Cancelled(i) ? "Cancelled" : "Approved");
                person.Set("Tag", "ProfessionalVisitor");
                person.Set("EntryFrom", today.AddDays(-1).ToString("yyyy-MM-dd"));
                person.Set("EntryTo", today.AddDays(3).ToString("yyyy-MM-dd"));
                person.Set("BadgeStatus", "None");
                await person.Command.ExecuteNonQueryAsync();
                badge.Set("Id", Text(Guid.CreateVersion7()));
                badge.Set("Version", Text(Guid.NewGuid()));
                badge.Set("PersonId", Text(personId));
                badge.Set("EditionId", Text(editionId));
                badge.Set("Status", Revoked(i) ? "Revoked" : "Dispatched");
                badge.Set("BadgeNumber", Number(i));
                badge.Set("Serial", 1);
                badge.Set("ShipmentId", null);
                await badge.Command.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }
        await Exec(connection, "ANALYZE; PRAGMA optimize;");
        Console.WriteLine($"  seeded {count:N0} gate badges in {watch.Elapsed.TotalSeconds:0} s");
    }
}
