using System.Diagnostics.Metrics;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Organisations;
using CiieBlazor.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CiieBlazor.Tests.Features;

/// <summary>
/// <see cref="DraftWriter"/> against the real app's SQLite file: saves of many forms commit together, each save is decided
/// against the draft as stored or as an earlier save of the same batch left it, unchanged text is not written, a full
/// queue makes callers wait instead of failing.
/// </summary>
public sealed class DraftWriterBatches : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 10, 1, 1, 0, 0, TimeSpan.Zero));
    private readonly TestApp _app;

    public DraftWriterBatches()
    {
        _app = new TestApp(_clock);
        _ = _app.Services;
    }

    private DraftWriter Writer => _app.Services.GetRequiredService<DraftWriter>();

    private IDbContextFactory<AppDbContext> Dbs => _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();

    /// <summary>A writer whose loop has not started: what is written waits in its queue until <c>StartAsync</c>.</summary>
    private DraftWriter Unstarted(int capacity) =>
        new(Dbs, _clock, _app.Services.GetRequiredService<IMeterFactory>(), NullLogger<DraftWriter>.Instance, capacity);

    private static DraftWrite Save(Guid registration, string text, Guid? seen = null) =>
        new(registration, OrganisationInfoService.FormName, $"{{\"text\":\"{text}\"}}", "tester", seen);

    [Fact]
    public async Task InOneBatchTheOwnersSaveIsWrittenAndAStrangersOrASubmittedRegistrationsIsRefused()
    {
        Guid editable, editableOwner, submitted, submittedOwner;
        await using (var db = await Dbs.CreateDbContextAsync())
        {
            var current = await db.Editions.SingleAsync(e => e.IsCurrent);
            editableOwner = (await db.Organisations.SingleAsync(o => o.Code == DemoSeeder.OtherVisitorCode)).Id; // 草稿 (draft)
            submittedOwner = (await db.Organisations.SingleAsync(o => o.Code == DemoSeeder.VisitorCode)).Id;     // 已提交 (submitted)
            editable = (await db.Registrations.SingleAsync(r => r.OrganisationId == editableOwner && r.EditionId == current.Id)).Id;
            submitted = (await db.Registrations.SingleAsync(r => r.OrganisationId == submittedOwner && r.EditionId == current.Id)).Id;
        }
        var writer = Unstarted(capacity: 8);
        var mine = writer.WriteAsync(Save(editable, "mine") with { Owner = editableOwner });
        var stranger = writer.WriteAsync(Save(editable, "hostile") with { Owner = submittedOwner });
        var late = writer.WriteAsync(Save(submitted, "too late") with { Owner = submittedOwner });
        var nobody = writer.WriteAsync(Save(Guid.NewGuid(), "no such registration") with { Owner = editableOwner });
        Assert.Equal(4, writer.Queued);

        await writer.StartAsync(CancellationToken.None);
        try
        {
            Assert.IsType<DraftWriteResult.Saved>(await mine);
            Assert.IsType<DraftWriteResult.NotOwner>(await stranger);
            Assert.IsType<DraftWriteResult.NotEditable>(await late);
            Assert.IsType<DraftWriteResult.NotOwner>(await nobody);
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }
        await using var check = await Dbs.CreateDbContextAsync();
        var stored = await check.FormDrafts.AsNoTracking().Where(d => d.RegistrationId == editable || d.RegistrationId == submitted).ToListAsync();
        Assert.Equal("{\"text\":\"mine\"}", Assert.Single(stored).Json);
    }

    [Fact]
    public async Task SavesOfManyFormsAtOnceCommitTogetherAndAreAllStored()
    {
        var sizes = new List<int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DraftWriter.MeterName && instrument.Name == "ciie.autosave.batch.size") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => { lock (sizes) sizes.Add(value); });
        listener.Start();

        var forms = Enumerable.Range(0, 300).Select(_ => Guid.NewGuid()).ToList();
        var results = await Task.WhenAll(forms.Select(id => Writer.WriteAsync(Save(id, $"form {id:N}"))));

        Assert.All(results, r => Assert.True(r is DraftWriteResult.Saved { Written: true }, $"{r}"));
        await using var db = await Dbs.CreateDbContextAsync();
        var stored = await db.FormDrafts.AsNoTracking().Where(d => forms.Contains(d.RegistrationId)).ToListAsync();
        Assert.Equal(300, stored.Count);
        Assert.All(stored, d => Assert.Equal($"{{\"text\":\"form {d.RegistrationId:N}\"}}", d.Json));
        for (var i = 0; i < forms.Count; i++)
            Assert.Equal(((DraftWriteResult.Saved)results[i]).Version, stored.Single(d => d.RegistrationId == forms[i]).Version);
        lock (sizes) Assert.True(sizes.Max() > 1, $"batches of {string.Join(", ", sizes)}: every save committed alone");
    }

    [Fact]
    public async Task AWindowThatDidNotSeeTheLastSaveGetsTheOtherTextAndOverwritesNothing()
    {
        var registration = Guid.NewGuid();
        var first = Assert.IsType<DraftWriteResult.Saved>(await Writer.WriteAsync(Save(registration, "window A")));

        var other = Assert.IsType<DraftWriteResult.Conflict>(await Writer.WriteAsync(Save(registration, "window B")));
        Assert.Equal(("{\"text\":\"window A\"}", first.Version), (other.Json, other.Version));

        var next = Assert.IsType<DraftWriteResult.Saved>(await Writer.WriteAsync(Save(registration, "window A again", first.Version)));
        Assert.NotEqual(first.Version, next.Version);
        var chosen = Assert.IsType<DraftWriteResult.Saved>(await Writer.WriteAsync(Save(registration, "window B kept", first.Version) with { Overwrite = true }));
        await using var db = await Dbs.CreateDbContextAsync();
        var stored = await db.FormDrafts.AsNoTracking().SingleAsync(d => d.RegistrationId == registration);
        Assert.Equal(("{\"text\":\"window B kept\"}", chosen.Version), (stored.Json, stored.Version));
    }

    [Fact]
    public async Task UnchangedTextIsNotWrittenAgain()
    {
        var registration = Guid.NewGuid();
        var first = Assert.IsType<DraftWriteResult.Saved>(await Writer.WriteAsync(Save(registration, "same")));
        _clock.Advance(TimeSpan.FromSeconds(5));

        var again = Assert.IsType<DraftWriteResult.Saved>(await Writer.WriteAsync(Save(registration, "same", first.Version)));

        Assert.Equal((first.Version, first.SavedAt, false), (again.Version, again.SavedAt, again.Written));
        await using var db = await Dbs.CreateDbContextAsync();
        Assert.Equal(first.SavedAt, (await db.FormDrafts.AsNoTracking().SingleAsync(d => d.RegistrationId == registration)).SavedAt);
    }

    [Fact]
    public async Task ADraftThatIsGoneIsNotRecreatedFromAStaleWindow()
    {
        Assert.IsType<DraftWriteResult.Gone>(await Writer.WriteAsync(Save(Guid.NewGuid(), "stale", seen: Guid.NewGuid())));
    }

    [Fact]
    public async Task TwoWindowsInOneBatchAreDecidedInArrivalOrder()
    {
        var writer = Unstarted(capacity: 8);
        var registration = Guid.NewGuid();
        var a = writer.WriteAsync(Save(registration, "first"));
        var b = writer.WriteAsync(Save(registration, "second"));
        Assert.Equal(2, writer.Queued);

        await writer.StartAsync(CancellationToken.None);
        try
        {
            var saved = Assert.IsType<DraftWriteResult.Saved>(await a);
            var conflict = Assert.IsType<DraftWriteResult.Conflict>(await b);
            Assert.Equal(("{\"text\":\"first\"}", saved.Version), (conflict.Json, conflict.Version));
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task AFullQueueMakesTheNextSaveWaitInsteadOfFailing()
    {
        var writer = Unstarted(capacity: 2);
        var saves = Enumerable.Range(0, 3).Select(i => writer.WriteAsync(Save(Guid.NewGuid(), $"form {i}"))).ToList();
        await Task.Delay(100);
        Assert.Equal(2, writer.Queued); // the third waits for room
        Assert.All(saves, s => Assert.False(s.IsCompleted));

        await writer.StartAsync(CancellationToken.None);
        try
        {
            Assert.All(await Task.WhenAll(saves), r => Assert.IsType<DraftWriteResult.Saved>(r));
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }
    }

    public void Dispose() => _app.Dispose();
}
