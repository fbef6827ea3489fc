using System.Text.RegularExpressions;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Localization;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Progress;
using CiieBlazor.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Tests.Hosting;

public sealed class PersistenceBehaviour : IDisposable
{
    private readonly TestApp _app = new();

    [Fact]
    public async Task SecondWriterOfTheSameAggregateGetsAConcurrencyConflict()
    {
        _ = _app.Services; // start the host: migrate and seed
        await using var first = _app.Db();
        await using var second = _app.Db();
        var a = await first.Registrations.SingleAsync(r => r.ContactName == null);
        var b = await second.Registrations.SingleAsync(r => r.Id == a.Id);

        a.UpdateContacts("李雷", "13900139000", "lilei@example.com", null);
        await first.SaveChangesAsync();
        b.UpdateContacts("韩梅梅", "13700137000", "hmm@example.com", null);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        await using var check = _app.Db();
        Assert.Equal("李雷", (await check.Registrations.SingleAsync(r => r.Id == a.Id)).ContactName);
    }

    [Fact]
    public async Task AuditEntriesAreSavedWithTheStateChange()
    {
        _ = _app.Services;
        await using var db = _app.Db();
        var registration = await db.Registrations.SingleAsync(r => r.Status == RegistrationStatus.Submitted && db.Editions.Any(e => e.Id == r.EditionId && e.IsCurrent));
        var before = await db.AuditRecords.CountAsync();

        registration.Return("请补充联系人信息", new Actor("u1", "审核员", ActorRole.Admin), null, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();

        Assert.Equal(before + 1, await db.AuditRecords.CountAsync());
        var last = await db.AuditRecords.OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal(("Submitted", "Returned", "请补充联系人信息"), (last.From, last.To, last.Reason));
    }

    public void Dispose() => _app.Dispose();
}

public sealed class StringTable
{
    private static readonly IReadOnlyDictionary<string, Dictionary<string, string>> Table = JsonStringLocalizerFactory.Load();

    [Fact]
    public void EveryEntryHasChineseAndEnglish()
    {
        var incomplete = Table.Where(e => !e.Value.TryGetValue("zh", out var zh) || string.IsNullOrWhiteSpace(zh)
                                          || !e.Value.TryGetValue("en", out var en) || string.IsNullOrWhiteSpace(en)).Select(e => e.Key);
        Assert.Empty(incomplete);
    }

    [Fact]
    public void EveryKeyUsedInAComponentExists()
    {
        var components = Directory.EnumerateFiles(Path.Combine(Paths.RepositoryRoot, "CiieBlazor.App", "Components"), "*.razor", SearchOption.AllDirectories);
        var used = components.SelectMany(f => Regex.Matches(File.ReadAllText(f), "L\\[\"([A-Za-z.]+)\"").Select(m => m.Groups[1].Value)).ToHashSet();
        // Keys built from enums in components.
        used.UnionWith(Enum.GetNames<ProgressStepKind>().Select(n => "Step." + n));
        used.UnionWith(Enum.GetNames<StepState>().Select(n => "StepState." + n));
        used.UnionWith(Enum.GetNames<StepDetail>().Where(n => n != nameof(StepDetail.None)).Select(n => "StepDetail." + n));
        used.UnionWith(Enum.GetNames<RegistrationStatus>().Select(n => "RegistrationStatus." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.Domain.Persons.PersonStatus>().Select(n => "PersonStatus." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.Domain.Persons.PersonType>().Select(n => "PersonType." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.Domain.Persons.PersonTag>().Select(n => "Tag." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.Domain.Persons.DocumentType>().Select(n => "DocumentType." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.Domain.Persons.Gender>().Select(n => "Gender." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.Domain.Persons.PickupMethod>().Select(n => "Pickup." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.Domain.Badges.BadgeStatus>().Select(n => "BadgeStatus." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.Domain.Organisations.OrganisationCategory>().Select(n => "Category." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.Domain.Organisations.OrganisationRegion>().Select(n => "Region." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.App.Data.MessageChannel>().Select(n => "Channel." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.App.Features.Review.ReviewSort>().Select(n => "ReviewSort." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.Domain.Orders.OrderStatus>().Select(n => "OrderStatus." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.Domain.Orders.PaymentMethod>().Select(n => "PaymentMethod." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.Domain.Invoices.InvoiceStatus>().Select(n => "InvoiceStatus." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.Domain.Invoices.InvoiceKind>().Select(n => "InvoiceKind." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.Domain.Invoices.BuyerType>().Select(n => "BuyerType." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.Domain.Refunds.RefundStatus>().Select(n => "RefundStatus." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.Domain.Refunds.RefundMethod>().Select(n => "RefundMethod." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.Domain.Orders.LedgerEntryKind>().Select(n => "LedgerEntryKind." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.App.Features.Orders.OrderTab>().Select(n => "OrderTab." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.Domain.Badges.DispatchMethod>().Select(n => "Dispatch." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.Domain.Badges.GateDirection>().Select(n => "Gate." + n));
        used.UnionWith(CiieBlazor.App.Data.Roles.All.Select(r => "Role." + r));
        used.UnionWith(Enum.GetNames<CiieBlazor.Domain.Badges.BadgeWhereabouts>().Select(n => "Whereabouts." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.Domain.SideEvents.SideEventStatus>().Select(n => "SideEventStatus." + n));
        used.UnionWith(Enum.GetNames<CiieBlazor.App.Data.SignInOutcome>().Select(n => "SignInOutcome." + n));

        Assert.DoesNotContain(used, k => !Table.ContainsKey(k));
    }
}

public sealed class ProviderMigrations
{
    [Fact]
    public void SqliteMigrationsMatchTheModel()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed: add a SQLite migration (see README).");
    }

    [Fact]
    public void SqlServerMigrationsMatchTheModelAndScriptWithoutAServer()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed: add a SQL Server migration (see README).");
        var script = db.Database.GenerateCreateScript();
        Assert.Contains("CREATE TABLE [Persons]", script);
        Assert.Contains("[Version] uniqueidentifier NOT NULL", script);
    }

    [Fact]
    public void TheConfiguredProviderIsUsed()
    {
        var sqlServer = new AppDbContextFactory(DatabaseProvider.SqlServer, "Server=db.example;Database=CiieBlazor;TrustServerCertificate=True",
            PersonalDataCipher.Create(PersonalDataOptions.Random()));
        using var db = sqlServer.CreateDbContext();
        Assert.IsType<SqlServerAppDbContext>(db);
        Assert.Equal("Microsoft.EntityFrameworkCore.SqlServer", db.Database.ProviderName);
    }
}
