using CiieBlazor.App.Data;
using CiieBlazor.Domain.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CiieBlazor.Tests.TestSupport;

/// <summary>
/// The real app in-process on its own SQLite file (migrated and seeded with the demo data at start-up),
/// deleted afterwards. One instance per test class that changes data.
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    private readonly TimeProvider? _clock;

    /// <param name="clock">A clock the test drives (e.g. FakeTimeProvider); the real one when null.</param>
    public TestApp(TimeProvider? clock = null)
    {
        _clock = clock;
        Directory = Path.Combine(Path.GetTempPath(), "ciie-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        DatabaseFile = Path.Combine(Directory, "app.db");
    }

    /// <summary>The longest retention period allowed (100 years): no demo edition is ever due in an ordinary test.</summary>
    public const string PrivacyRetentionDaysForTests = "36500";

    public string Directory { get; }
    public string DatabaseFile { get; }

    /// <summary>
    /// CIIE_TEST_POSTGRES (a connection string without a database, e.g. <c>Host=localhost;Username=postgres;Password=…</c>):
    /// when set, every test app runs on its own PostgreSQL database instead of a SQLite file.
    /// </summary>
    public static string? PostgreSqlServer => Environment.GetEnvironmentVariable("CIIE_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    /// <summary>The database of this app on <see cref="PostgreSqlServer"/> (created by the migration at start-up).</summary>
    public string PostgreSqlDatabase => $"ciie_test_{System.IO.Path.GetFileName(Directory)}";

    private string PostgreSqlConnectionString(string server) => new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = PostgreSqlDatabase }.ToString();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        if (PostgreSqlServer is { } server)
        {
            // The integration suite's second pass (scripts/test.sh): a fresh PostgreSQL database per app, dropped afterwards.
            builder.UseSetting("Database:Provider", "PostgreSql");
            builder.UseSetting("Database:ConnectionString", PostgreSqlConnectionString(server));
        }
        else
        {
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:ConnectionString", $"Data Source={DatabaseFile}");
        }
        builder.UseSetting("Storage:Root", Path.Combine(Directory, "uploads"));
        builder.UseSetting("Storage:Keys", Path.Combine(Directory, "keys"));
        builder.UseSetting("Demo:Seed", "true");
        // The console shows warnings and errors only: a thousand apps' information lines would bury the test results.
        // Other log providers (the tests' own captures among them) keep their levels.
        builder.UseSetting("Logging:Console:LogLevel:Default", "Warning");
        // Two warnings every test app gives by design (SQLite's table rebuild in a migration; keys kept unencrypted in the test folder).
        builder.UseSetting("Logging:Console:LogLevel:Microsoft.EntityFrameworkCore.Migrations", "Error");
        builder.UseSetting("Logging:Console:LogLevel:Microsoft.AspNetCore.DataProtection", "Error");
        // The suite signs in and registers far more often from one address than a person would; Security/AbuseLimitsOverHttp
        // sets the real limits back with WithWebHostBuilder.
        builder.UseSetting("Security:RateLimits:SignIn:PermitLimit", "100000");
        builder.UseSetting("Security:RateLimits:Registration:PermitLimit", "100000");
        // The retention job runs at every start: with the demo's editions and the suite's clocks it would erase the 9th
        // edition's persons that other tests reuse. Privacy/RetentionTests sets a real period back with WithWebHostBuilder.
        builder.UseSetting("Privacy:RetentionDays", PrivacyRetentionDaysForTests);
        // Likewise the aged messages, sign-in records and unused photos (tests move their clocks by days and months).
        builder.UseSetting("Privacy:MessageRetentionDays", "3650");
        builder.UseSetting("Privacy:UnusedPhotoDays", "365");
        if (_clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(_clock));
        }
    }

    public AppDbContext Db() => Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>The domain actor of a seeded user, as the sign-in cookie would carry it.</summary>
    public async Task<Actor> ActorAsync(string userName)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"no user {userName}");
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        var principal = await factory.CreateAsync(user);
        return App.Features.Security.CiieClaims.ToActor(principal);
    }

    /// <summary>
    /// Drops a test database on <see cref="PostgreSqlServer"/> — best effort, like a test's directory: a database left
    /// behind is litter, not a failed test.
    /// </summary>
    public static void DropPostgreSqlDatabase(string name)
    {
        try
        {
            using var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(PostgreSqlServer!) { Database = "postgres" }.ToString());
            connection.Open();
            using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
        catch (Npgsql.NpgsqlException ex)
        {
            Console.Error.WriteLine($"test database {name} not dropped: {ex.Message}");
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (PostgreSqlServer is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            DropPostgreSqlDatabase(PostgreSqlDatabase);
        }
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
