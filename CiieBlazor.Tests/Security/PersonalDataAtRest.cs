using System.Data.Common;
using System.Security.Cryptography;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Persons;
using CiieBlazor.App.Features.Review;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CiieBlazor.Tests.Security;

/// <summary>Identity document numbers and phone numbers are encrypted at rest, found by a blind index, and re-encrypted on key rotation.</summary>
public sealed class PersonalDataAtRest : IAsyncLifetime
{
    private const string ZhangDocument = "310115198503122018";
    private const string ZhangMobile = "13800138000";
    private readonly TestApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void EqualValuesEncryptDifferentlyAndComeBack()
    {
        var cipher = PersonalDataCipher.Create(PersonalDataOptions.Random());
        var a = cipher.Protect(ZhangDocument);
        var b = cipher.Protect(ZhangDocument);
        Assert.NotEqual(a, b);
        Assert.StartsWith(cipher.CurrentPrefix, a);
        Assert.DoesNotContain(ZhangDocument, a);
        Assert.Equal(ZhangDocument, cipher.Unprotect(a));
        Assert.Equal(ZhangDocument, cipher.Unprotect(b));
        Assert.Equal("", cipher.Protect(""));
        // The blind index is the same for the same number, and another index key gives another one.
        Assert.Equal(cipher.Index(ZhangDocument), cipher.Index(ZhangDocument));
        Assert.NotEqual(cipher.Index(ZhangDocument), PersonalDataCipher.Create(PersonalDataOptions.Random()).Index(ZhangDocument));
    }

    [Fact]
    public void ATamperedValueOrAnUnknownKeyIsRefusedNotMisread()
    {
        var cipher = PersonalDataCipher.Create(PersonalDataOptions.Random());
        var stored = cipher.Protect(ZhangMobile);
        var flipped = stored[..^2] + (stored[^2] == 'A' ? 'B' : 'A') + stored[^1];
        Assert.ThrowsAny<CryptographicException>(() => cipher.Unprotect(flipped));
        var other = PersonalDataCipher.Create(PersonalDataOptions.Random("k2"));
        var ex = Assert.ThrowsAny<CryptographicException>(() => cipher.Unprotect(other.Protect(ZhangMobile)));
        Assert.Contains("'k2'", ex.Message);
        // A value from before encryption reads as it was (the rewrap job encrypts it).
        Assert.Equal(ZhangMobile, cipher.Unprotect(ZhangMobile));
    }

    [Theory]
    [InlineData(null, "k1", "IndexKey", "未配置")]
    [InlineData("c2hvcnQ=", "k1", "IndexKey", "32")]
    [InlineData("not base64!", "k1", "IndexKey", "base64")]
    [InlineData("VALID", "missing", "IndexKey", "CurrentKey")]
    [InlineData("VALID", "k1", "SAME", "IndexKey")]
    public void MissingOrMalformedKeysStopTheStartWithWhatToSet(string? key, string current, string index, string said)
    {
        var valid = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        key = key == "VALID" ? valid : key;
        var options = new PersonalDataOptions
        {
            CurrentKey = current,
            IndexKey = index == "SAME" ? valid : Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        if (key is not null) options.Keys["k1"] = key;
        var ex = Assert.Throws<StartupException>(() => PersonalDataCipher.Create(options));
        Assert.Contains(said, ex.Message);
    }

    [Fact]
    public async Task NoProtectedColumnHoldsAPlainValueAndTheFileHoldsNoDocumentNumber()
    {
        // The demo data went in through the app: a person, registrations with contact phones, accounts, addresses.
        await using var db = _app.Db();
        var cipher = db.Cipher;
        var columns = ProtectedColumns(db).ToList();
        Assert.Contains(("Persons", "DocumentNumber"), columns);
        Assert.Contains(("Persons", "Mobile"), columns);
        Assert.Contains(("Registrations", "ContactMobile"), columns);
        Assert.Contains(("AspNetUsers", "PhoneNumber"), columns);
        Assert.Contains(("CourierAddresses", "Mobile"), columns);
        Assert.Contains(("Outbox", "Recipient"), columns);
        Assert.Contains(("FormDrafts", "Json"), columns);
        var seen = 0;
        foreach (var (table, column) in columns)
        {
            foreach (var value in await ColumnAsync(db, table, column))
            {
                Assert.True(value.Length == 0 || value.StartsWith(cipher.CurrentPrefix, StringComparison.Ordinal), $"{table}.{column} holds a plain value");
                seen += value.Length > 0 ? 1 : 0;
            }
        }
        Assert.True(seen >= 10, $"only {seen} protected values were seeded: the check looked at too little");
    }

    [Fact]
    [Trait("Database", "SqliteOnly")]
    public async Task TheDatabaseFileHoldsNoSeededDocumentNumberInClear()
    {
        await using var db = _app.Db();
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        var files = Directory.GetFiles(Path.GetDirectoryName(_app.DatabaseFile)!, Path.GetFileName(_app.DatabaseFile) + "*");
        Assert.Contains(_app.DatabaseFile, files);
        foreach (var file in files)
        {
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(file);
            }
            catch (FileNotFoundException) when (file != _app.DatabaseFile)
            {
                // The -wal and -shm files go when SQLite's last connection to the file closes (the app's background services
                // open and close theirs): one listed a moment ago may be gone, and holds nothing then (failed once in CI).
                continue;
            }
            Assert.Equal(-1, bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(ZhangDocument)));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes("440101199001011866")));
        }
    }

    [Fact]
    public async Task WholeNumbersAreShownOnlyInTheDetailViewsAndEachSuchViewIsOnRecord()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);
        var operatorActor = await _app.ActorAsync("operator");
        var reviewer = await _app.ActorAsync("sh.reviewer");
        Guid personId, registrationId;
        await using (var db = _app.Db())
        {
            var person = await db.Persons.AsNoTracking().FirstAsync(p => p.Name == "张伟华" && p.OrganisationId == visitor.OrganisationId);
            (personId, registrationId) = (person.Id, person.RegistrationId);
        }

        // The owner's form and the operator's 人员审核 detail: whole numbers, each view audited.
        var own = await _app.Get<PersonService>().GetAsync(visitor, personId);
        Assert.Equal(ZhangDocument, own.Input.DocumentNumber);
        var detail = await _app.Get<App.Features.Operations.PersonReviewService>().DetailAsync(operatorActor, personId);
        Assert.Equal((ZhangDocument, ZhangMobile), (detail.DocumentNumber, detail.Mobile));
        // The delegation reviewer's organisation detail shows the contact whole; the list beside it does not.
        var registration = await _app.Get<App.Features.Organisations.RegistrationQueries>().GetForReviewAsync(reviewer, registrationId);
        Assert.Matches("^1[0-9]{10}$", registration.Registration.ContactMobile);
        var list = await _app.Get<App.Features.Review.RegistrationReviewService>().ListAsync(reviewer);
        var row = Assert.Single(list, r => r.RegistrationId == registrationId);
        Assert.Matches(@"^1[0-9]{2}\*{4}[0-9]{4}$", row.ContactMobile);
        Assert.Equal(CiieBlazor.Domain.Common.Masking.Phone(registration.Registration.ContactMobile), row.ContactMobile);
        // The same registration asked for outside the review detail comes masked to the reviewer.
        var plain = await _app.Get<App.Features.Organisations.RegistrationQueries>().GetAsync(reviewer, registrationId);
        Assert.Equal(row.ContactMobile, plain.ContactMobile);

        await using (var db = _app.Db())
        {
            var views = await db.AuditRecords.AsNoTracking().Where(a => a.Machine == AccessGuard.PersonalDataMachine).OrderBy(a => a.Id).ToListAsync();
            Assert.Equal(
                [("Person", personId, visitor.Name), ("Person", personId, operatorActor.Name), ("Registration", registrationId, reviewer.Name)],
                views.Select(v => (v.From, v.EntityId, v.ActorName)).ToList());
            Assert.All(views, v => Assert.Equal(("Unmasked", "View"), (v.To, v.Trigger)));
            Assert.Contains("人员审核", views[1].Reason);
            // No view log holds the number itself.
            Assert.All(views, v => Assert.DoesNotContain(ZhangDocument, v.Reason));
        }
    }

    [Fact]
    public async Task APersonIsFoundByTheExactDocumentNumberThroughTheBlindIndex()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);
        var persons = _app.Get<PersonService>();
        // Typed as a user would: lower case, with spaces around it.
        var found = await persons.ListAsync(visitor, new PersonFilter(DocumentNumber: " 310115198503122018 "));
        var row = Assert.Single(found.Rows);
        Assert.Equal("310*****018", row.MaskedDocumentNumber);
        Assert.Empty((await persons.ListAsync(visitor, new PersonFilter(DocumentNumber: "310115198503122019"))).Rows);
        // Part of a number finds nothing: the index matches whole numbers only.
        Assert.Empty((await persons.ListAsync(visitor, new PersonFilter(DocumentNumber: "310115"))).Rows);

        // The reviewer grid's quick search (快速搜索) goes the same way.
        var reviewer = await _app.ActorAsync("sh.reviewer");
        var grid = await _app.Get<ReviewerPersonQueries>().PageAsync(reviewer, new ReviewerPersonFilter { Keyword = ZhangDocument.ToLowerInvariant() });
        Assert.Contains(grid.Rows, r => r.Name == "张伟华");

        await using var db = _app.Db();
        var stored = await db.Persons.Where(p => p.Name == "张伟华").Select(p => EF.Property<string>(p, AppDbContext.DocumentIndex)).ToListAsync();
        Assert.All(stored, s => Assert.Equal(db.DocumentIndexOf(ZhangDocument), s));
    }

    [Fact]
    public async Task ValuesFromBeforeEncryptionAndUnderAnOldKeyAreRewrappedWithoutChangingVersions()
    {
        Guid id;
        Guid version;
        await using (var db = _app.Db())
        {
            var person = await db.Persons.AsNoTracking().FirstAsync(p => p.Name == "张伟华");
            (id, version) = (person.Id, person.Version);
            // As a database from before this change holds it: the number and mobile in clear, no index.
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE \"Persons\" SET \"DocumentNumber\" = {ZhangDocument}, \"Mobile\" = {ZhangMobile}, \"DocumentIndex\" = '' WHERE \"Id\" = {id}");
        }
        var rewrap = _app.Get<PersonalDataRewrap>();
        // The app's own background run may get there first (it starts with the app): what counts is the end state, and
        // that a run afterwards finds nothing left to do.
        await rewrap.RunAsync();
        Assert.Equal(0, await rewrap.RunAsync());
        await using (var db = _app.Db())
        {
            var raw = await RawAsync(db, id);
            Assert.StartsWith(db.Cipher.CurrentPrefix, raw.Document);
            Assert.StartsWith(db.Cipher.CurrentPrefix, raw.Mobile);
            Assert.Equal(db.DocumentIndexOf(ZhangDocument), raw.Index);
            var person = await db.Persons.AsNoTracking().SingleAsync(p => p.Id == id);
            Assert.Equal((ZhangDocument, ZhangMobile, version), (person.DocumentNumber, person.Mobile, person.Version));
        }

        // A new key becomes current; the old one stays to read with. At its start the app moves every value to the new key.
        var options = new PersonalDataOptions { Keys = { ["rotated-2"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }, CurrentKey = "rotated-2" };
        await using var rotated = _app.WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in options.AsSettings().Where(s => !s.Key.EndsWith("IndexKey", StringComparison.Ordinal))) b.UseSetting(key, value);
        });
        await rotated.Services.GetRequiredService<PersonalDataRewrap>().RunAsync();
        await using (var db = rotated.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext())
        {
            Assert.Equal("pd1.rotated-2.", db.Cipher.CurrentPrefix);
            foreach (var (table, column) in ProtectedColumns(db))
            {
                Assert.All(await ColumnAsync(db, table, column), v => Assert.True(v.Length == 0 || v.StartsWith("pd1.rotated-2.", StringComparison.Ordinal), $"{table}.{column} not rewrapped"));
            }
            var person = await db.Persons.AsNoTracking().SingleAsync(p => p.Id == id);
            Assert.Equal((ZhangDocument, ZhangMobile, version), (person.DocumentNumber, person.Mobile, person.Version));
            // The index key did not change, so the index still finds the person.
            Assert.Equal(db.DocumentIndexOf(ZhangDocument), (await RawAsync(db, id)).Index);
        }
    }

    private static IEnumerable<(string Table, string Column)> ProtectedColumns(AppDbContext db) =>
        from entity in db.Model.GetEntityTypes()
        let table = entity.GetTableName()
        where table is not null
        from property in entity.GetProperties()
        where property.GetValueConverter()?.GetType().Name == "ProtectedConverter"
        select (table, property.GetColumnName(Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, null))!);

    private static async Task<List<string>> ColumnAsync(AppDbContext db, string table, string column)
    {
        var values = new List<string>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"{column}\" FROM \"{table}\" WHERE \"{column}\" IS NOT NULL";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }

    private static async Task<(string Document, string Mobile, string Index)> RawAsync(AppDbContext db, Guid id)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"DocumentNumber\", \"Mobile\", \"DocumentIndex\" FROM \"Persons\" WHERE \"Id\" = @id";
        var p = command.CreateParameter();
        p.ParameterName = "@id";
        p.Value = TestApp.PostgreSqlServer is null ? id.ToString().ToUpperInvariant() : id;
        command.Parameters.Add(p);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetString(1), reader.GetString(2));
    }
}
