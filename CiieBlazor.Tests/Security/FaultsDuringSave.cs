using System.Diagnostics;
using Bunit;
using CiieBlazor.App.Components.Portal;
using CiieBlazor.App.Components.Portal.Persons;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Organisations;
using CiieBlazor.App.Features.Persons;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Tests.Components;
using CiieBlazor.Tests.Features;
using CiieBlazor.Tests.TestSupport;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CiieBlazor.Tests.Security;

/// <summary>
/// The database cannot take a write — another writer holds SQLite's lock longer than the app waits (1 s here instead of
/// 30 s), or the disk is full — while a visitor saves: the page says "not saved" in plain words, what was typed stays on
/// the page, nothing half-written stays on the disk, the circuit lives on, and the next try (autosave tick or click)
/// saves it once the database is back. The disk is a real one: the app's folder (its SQLite file, uploads and keys) is a
/// small tmpfs mounted for the test — it needs root, as the README's test command has in CI — which a file of the test's
/// own fills to the last byte.
/// </summary>
[Trait("Database", "SqliteOnly")]
public sealed class FaultsDuringSave : ComponentTest
{
    private readonly FakeTimeProvider _clock = new(VerificationCodeRules.Start);
    private readonly TestApp _app;
    private readonly WebApplicationFactory<Program> _host;
    private readonly IServiceScope _scope;
    private readonly string _filler;

    public FaultsDuringSave()
    {
        _app = new TestApp(_clock);
        Run("mount", $"-t tmpfs -o size=48m tmpfs {_app.Directory}");
        _filler = Path.Combine(_app.Directory, "filler");
        // Waits for a locked database at most 1 s (the connection's Default Timeout is also SQLite's busy wait).
        _host = _app.WithWebHostBuilder(b => b.UseSetting("Database:ConnectionString", $"Data Source={_app.DatabaseFile};Default Timeout=1"));
        Services.AddSingleton(_host.Services.GetRequiredService<OrganisationInfoService>());
        Services.AddSingleton(_host.Services.GetRequiredService<PersonService>());
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddScoped<CurrentActor>();
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        // The app's other services from a scope of their own, as a circuit's would be.
        _scope = _host.Services.CreateScope();
        Services.AddFallbackServiceProvider(_scope.ServiceProvider);
    }

    /// <summary>Another writer takes the database's write lock and keeps it until disposed (SQLite WAL: readers go on).</summary>
    private async Task<SqliteConnection> LockAsync()
    {
        // Not pooled: closing it really closes it, and its open transaction (the lock) ends with it.
        var blocker = new SqliteConnection($"Data Source={_app.DatabaseFile};Pooling=False");
        await blocker.OpenAsync();
        await using var begin = blocker.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        await begin.ExecuteNonQueryAsync();
        return blocker;
    }

    private AppDbContext Db() => _host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    /// <summary>Starts the fault; disposing the result ends it (the lock released, the filling file deleted).</summary>
    private async Task<IAsyncDisposable> FaultAsync(string fault) => fault switch
    {
        "locked" => await LockAsync(),
        "full" => FillTheDisk(),
        _ => throw new ArgumentOutOfRangeException(nameof(fault)),
    };

    [Theory]
    [InlineData("locked", "系统繁忙")]
    [InlineData("full", "服务器存储空间不足")]
    public async Task AnAutosaveMeetingAStorageFaultSaysNotSavedKeepsTheTextAndSavesItOnceTheFaultIsGone(string fault, string said)
    {
        var owner = await _app.ActorAsync(DemoSeeder.OtherVisitorCode);
        this.SignInAs(owner, "visitor");
        var registrationId = (await _host.Services.GetRequiredService<OrganisationInfoService>().LoadAsync(owner))!.RegistrationId;
        var host = this.RenderPage<OrganisationInfoPage>();
        var page = host.FindComponent<OrganisationInfoPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=contact-name]")), TimeSpan.FromSeconds(10));
        var name = page.Find("input[data-testid=contact-name], [data-testid=contact-name] input");
        string State() => page.Find("[data-testid=autosave]").GetAttribute("data-state")!;

        name.Input("王晓明");
        _clock.Advance(TimeSpan.FromSeconds(5));
        page.WaitForAssertion(() => Assert.Equal("Saved", State()), TimeSpan.FromSeconds(10));

        await using (await FaultAsync(fault))
        {
            page.Find("input[data-testid=contact-name], [data-testid=contact-name] input").Input("王晓明明");
            _clock.Advance(TimeSpan.FromSeconds(5));
            page.WaitForAssertion(() => Assert.Equal("Failed", State()), TimeSpan.FromSeconds(15));
            var shown = page.Find("[data-testid=autosave]").TextContent;
            Assert.Contains("未保存", shown);
            Assert.Contains(said, shown);
            Assert.DoesNotContain("SQLite", shown);
            // What was typed is still on the page; what was saved before is still saved.
            Assert.Equal("王晓明明", page.Find("input[data-testid=contact-name], [data-testid=contact-name] input").GetAttribute("value"));
            Assert.Equal("王晓明", (await DraftAsync(registrationId))!.ContactName);
        }

        // The lock is gone, or there is room again: the next tick saves what was typed, nothing else needed.
        _clock.Advance(TimeSpan.FromSeconds(5));
        page.WaitForAssertion(() => Assert.Equal("Saved", State()), TimeSpan.FromSeconds(10));
        Assert.Equal("王晓明明", (await DraftAsync(registrationId))!.ContactName);
    }

    [Fact]
    public async Task SavingAPersonIntoALockedDatabaseSaysNotSavedAndTheFormIsStillThereForTheNextClick()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);
        this.SignInAs(visitor, "visitor");
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"portal/persons/new?type={PersonType.Mainland}");
        var cut = Render<PersonEditPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=p-document]")), TimeSpan.FromSeconds(10));
        int Persons() { using var db = Db(); return db.Persons.Count(p => p.Position == "故障测试经理"); }
        cut.Find("input[data-testid=p-position], [data-testid=p-position] input").Input("故障测试经理");

        await using (await LockAsync())
        {
            cut.Find("[data-testid=p-save]").Click();
            cut.WaitForAssertion(() => Assert.Contains("未保存：系统繁忙", cut.Find("[data-testid=person-action-error]").TextContent), TimeSpan.FromSeconds(15));
            Assert.Equal("故障测试经理", cut.Find("input[data-testid=p-position], [data-testid=p-position] input").GetAttribute("value"));
            Assert.Equal(0, Persons());
        }

        cut.Find("[data-testid=p-save]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=person-action-error]")), TimeSpan.FromSeconds(10));
        Assert.Equal(1, Persons());
    }

    [Fact]
    public async Task APhotoUploadedOntoAFullDiskIsRefusedInPlainWordsAndLeavesNoFileBehind()
    {
        this.SignInAs(await _app.ActorAsync(DemoSeeder.VisitorCode), "visitor");
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"portal/persons/new?type={PersonType.Mainland}");
        var cut = Render<PersonEditPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=p-document]")), TimeSpan.FromSeconds(10));
        var uploads = Path.Combine(_app.Directory, "uploads");
        string[] Stored() => Directory.GetFiles(uploads, "*", SearchOption.AllDirectories).Order().ToArray();
        int Rows() { using var db = Db(); return db.Files.Count(); }
        var filesBefore = Stored();
        var rowsBefore = Rows();
        void Upload() => cut.FindComponents<MudBlazor.MudFileUpload<IBrowserFile>>().Single().FindComponent<InputFile>()
            .UploadFiles(InputFileContent.CreateFromBinary(DemoPhoto.Png(358, 441), "zhang.png", contentType: "image/png"));

        await using (FillTheDisk())
        {
            Upload();
            cut.WaitForAssertion(() => Assert.Contains("服务器存储空间不足，文件未上传", cut.Find("[data-testid=p-photo-error]").TextContent), TimeSpan.FromSeconds(10));
            // Neither a row nor a file cut short (the write had made an empty one before the disk said no).
            Assert.Equal(rowsBefore, Rows());
            Assert.Equal(filesBefore, Stored());
        }

        Upload();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=p-photo-error]")), TimeSpan.FromSeconds(10));
        Assert.Equal(rowsBefore + 1, Rows());
        Assert.Equal(filesBefore.Length + 1, Stored().Length);
    }

    /// <summary>
    /// Fills the mounted disk to the last byte until disposed. The database's write-ahead log is emptied first (a
    /// checkpoint that truncates it): SQLite reuses log space it already holds, so only then must the next write take room
    /// that is not there.
    /// </summary>
    private FileStream FillTheDisk()
    {
        using (var connection = new SqliteConnection($"Data Source={_app.DatabaseFile};Pooling=False"))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            using var result = checkpoint.ExecuteReader();
            Assert.True(result.Read());
            Assert.Equal(0L, result.GetInt64(0)); // not blocked by another connection
        }
        Assert.Equal(0L, new FileInfo(_app.DatabaseFile + "-wal").Length);
        var filler = new FileStream(_filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.DeleteOnClose);
        foreach (var size in new[] { 1 << 20, 4096, 1 })
        {
            var chunk = new byte[size];
            try
            {
                while (true) filler.Write(chunk);
            }
            catch (IOException)
            {
                // This size no longer fits; the next, smaller one takes what is left.
            }
        }
        Assert.Equal(0L, new DriveInfo(_app.Directory).AvailableFreeSpace);
        return filler;
    }

    private static void Run(string command, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"'{command} {arguments}' failed ({error.Trim()}): this test mounts a tmpfs and needs root, as the README's test command has in CI.");
    }

    [Theory]
    [InlineData(5, "系统繁忙")] // SQLITE_BUSY: another writer held the lock past the wait
    [InlineData(6, "系统繁忙")] // SQLITE_LOCKED
    [InlineData(13, "存储空间不足")] // SQLITE_FULL: database or disk is full
    [InlineData(10, "系统繁忙")] // SQLITE_IOERR
    public void AStorageFaultIsToldInPlainWordsAndARefusedRowIsNot(int code, string said)
    {
        var fault = new DbUpdateException("save failed", new SqliteException("SQLite Error", code));
        Assert.True(StorageFault.Is(fault));
        Assert.Contains(said, StorageFault.Describe(fault));
        Assert.Contains("仍在页面上", StorageFault.Describe(fault));
        // A constraint the row broke (SQLITE_CONSTRAINT) is about the data, not the database being away.
        Assert.False(StorageFault.Is(new DbUpdateException("save failed", new SqliteException("UNIQUE constraint failed", 19))));
        Assert.False(StorageFault.Is(new InvalidOperationException("a bug")));
    }

    private async Task<OrganisationInfoInput?> DraftAsync(Guid registrationId)
    {
        await using var db = Db();
        return await db.OrganisationDraftAsync(registrationId);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        _scope.Dispose();
        _host.Dispose();
        _app.Dispose();
        // Lazily: a handle the runtime has not let go of yet does not keep the mount.
        Run("umount", $"-l {_app.Directory}");
        Directory.Delete(_app.Directory, recursive: true);
    }
}
