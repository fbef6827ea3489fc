using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Data;

/// <summary>Creates and migrates the database at start-up and, when configured, seeds the demo data.</summary>
public sealed class DatabaseInitializer(
    AppDbContextFactory factory,
    DemoSeeder seeder,
    IConfiguration configuration,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitialiseAsync(CancellationToken ct = default)
    {
        if (factory.Provider == DatabaseProvider.Sqlite)
        {
            PrepareSqliteFile();
        }
        try
        {
            await using var db = factory.CreateDbContext();
            await db.Database.MigrateAsync(ct);
            if (factory.Provider == DatabaseProvider.Sqlite)
            {
                // WAL lets readers (dashboards, grids) go on while one writer saves.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            }
        }
        catch (SqliteException ex)
        {
            throw new StartupException(
                $"无法打开数据库文件 {SqliteFile()}：{ex.Message} (the database file cannot be used: it is corrupt, not a SQLite database, or not accessible)", ex);
        }
        catch (Exception ex) when (ex is not StartupException and not OperationCanceledException)
        {
            throw new StartupException($"无法连接或迁移数据库 ({factory.Provider}): {ex.Message} (the database is not reachable or could not be migrated)", ex);
        }

        await IndexUnindexedNamesAsync(ct);
        if (configuration.GetValue("Demo:Seed", false))
        {
            await seeder.SeedAsync(ct);
        }
        logger.LogInformation("Database ready ({Provider}).", factory.Provider);
    }

    /// <summary>Persons saved before the fuzzy name index existed get their folded name and grams (once, in batches).</summary>
    private async Task IndexUnindexedNamesAsync(CancellationToken ct)
    {
        while (true)
        {
            await using var db = factory.CreateDbContext();
            var batch = await db.Persons.Where(p => EF.Property<string>(p, AppDbContext.SearchName) == "" && p.Name != "").Take(1000).ToListAsync(ct);
            // A name of punctuation only folds to "": it stays unindexed, and must not make this loop forever.
            if (batch.All(p => CiieBlazor.Domain.Search.NameGrams.Fold(p.Name).Length == 0)) return;
            foreach (var person in batch)
            {
                var name = db.Entry(person).Property(p => p.Name);
                name.OriginalValue = "";
                name.IsModified = true;
            }
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Indexed the names of {Count} persons.", batch.Count);
        }
    }

    private string SqliteFile() => new SqliteConnectionStringBuilder(factory.ConnectionString).DataSource;

    private void PrepareSqliteFile()
    {
        var file = SqliteFile();
        if (file == ":memory:") return;
        var dir = Path.GetDirectoryName(file);
        try
        {
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
        catch (Exception ex)
        {
            throw new StartupException($"无法创建数据库目录 {dir}：{ex.Message} (the database directory cannot be created)", ex);
        }
        if (Directory.Exists(file))
        {
            throw new StartupException($"数据库路径 {file} 是一个目录 (the database path is a directory, not a file)");
        }
        if (File.Exists(file) && new FileInfo(file).Length > 0)
        {
            var header = new byte[16];
            using (var stream = File.OpenRead(file))
            {
                _ = stream.Read(header, 0, header.Length);
            }
            if (System.Text.Encoding.ASCII.GetString(header) != "SQLite format 3\0")
            {
                throw new StartupException($"数据库文件 {file} 已损坏或不是SQLite数据库 (the database file is corrupt or not a SQLite database)");
            }
        }
    }
}
