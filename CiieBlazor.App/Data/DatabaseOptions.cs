using CiieBlazor.App.Features.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CiieBlazor.App.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

/// <summary>The "Database" section of appsettings.json.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    public string ConnectionString { get; set; } = "Data Source=data/ciieblazor.db";

    /// <summary>For SQLite: the absolute database file path, relative paths taken from <paramref name="contentRoot"/>.</summary>
    public string ResolveSqliteConnectionString(string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(ConnectionString);
        if (string.IsNullOrWhiteSpace(csb.DataSource))
        {
            throw new StartupException("Database:ConnectionString 没有指定 SQLite 数据库文件 (no SQLite file is named: use \"Data Source=path/to/file.db\")");
        }
        if (csb.DataSource != ":memory:" && !Path.IsPathRooted(csb.DataSource))
        {
            csb.DataSource = Path.GetFullPath(Path.Combine(contentRoot, csb.DataSource));
        }
        csb.ForeignKeys = true; // (Default Timeout: 30 s unless the connection string says otherwise; it is also the busy wait)
        return csb.ToString();
    }
}

/// <summary>A configuration or environment problem found at start-up; the app prints it and exits non-zero.</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Creates the provider's context; registered as the app's <see cref="IDbContextFactory{AppDbContext}"/>.</summary>
public sealed class AppDbContextFactory : IDbContextFactory<AppDbContext>
{
    private readonly Func<AppDbContext> _create;

    public AppDbContextFactory(DatabaseProvider provider, string connectionString, PersonalDataCipher cipher, ILoggerFactory? logging = null)
    {
        Provider = provider;
        ConnectionString = connectionString;
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = new DbContextOptionsBuilder<SqliteAppDbContext>()
                    .UseSqlite(connectionString, o => o.MigrationsAssembly(typeof(AppDbContext).Assembly.FullName))
                    .UseLoggerFactory(logging)
                    .ConfigureWarnings(IgnoredWarnings)
                    .ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, CipherModelCacheKeyFactory>()
                    .AddInterceptors(new SqliteTuning())
                    .Options;
                _create = () => new SqliteAppDbContext(sqlite, cipher);
                break;
            case DatabaseProvider.SqlServer:
                var sqlServer = new DbContextOptionsBuilder<SqlServerAppDbContext>()
                    .UseSqlServer(connectionString, o => o.EnableRetryOnFailure(3))
                    .UseLoggerFactory(logging)
                    .ConfigureWarnings(IgnoredWarnings)
                    .ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, CipherModelCacheKeyFactory>()
                    .Options;
                _create = () => new SqlServerAppDbContext(sqlServer, cipher);
                break;
            case DatabaseProvider.PostgreSql:
                var postgres = new DbContextOptionsBuilder<PostgreSqlAppDbContext>()
                    .UseNpgsql(connectionString, o => o.EnableRetryOnFailure(3))
                    .UseLoggerFactory(logging)
                    .ConfigureWarnings(IgnoredWarnings)
                    .ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, CipherModelCacheKeyFactory>()
                    .Options;
                _create = () => new PostgreSqlAppDbContext(postgres, cipher);
                break;
            default:
                throw new StartupException($"不支持的数据库类型 {provider} (unsupported Database:Provider; use Sqlite, SqlServer or PostgreSql)");
        }
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    /// <summary>
    /// "Take without OrderBy" is on purpose where any N rows will do (counting up to a cap, collecting at most N
    /// candidates): an ORDER BY there would only make the database sort.
    /// </summary>
    private static void IgnoredWarnings(Microsoft.EntityFrameworkCore.Diagnostics.WarningsConfigurationBuilder w) =>
        w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.RowLimitingOperationWithoutOrderByWarning);

    public AppDbContext CreateDbContext() => _create();
}

/// <summary>Lets `dotnet ef` build each provider's context without starting the app.</summary>
internal static class DesignTime
{
    /// <summary>Throwaway keys: migrations need the model's shape, never a stored value.</summary>
    public static readonly PersonalDataCipher Cipher = PersonalDataCipher.Create(PersonalDataOptions.Random());
}

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=design.db").Options, DesignTime.Cipher);
}

public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlAppDbContext>
{
    public PostgreSqlAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql("Host=localhost;Database=ciieblazor;Username=postgres").Options, DesignTime.Cipher);
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerAppDbContext>
{
    public SqlServerAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerAppDbContext>().UseSqlServer("Server=localhost;Database=CiieBlazor;Trusted_Connection=True;TrustServerCertificate=True").Options, DesignTime.Cipher);
}
