using Bunit;
using CiieBlazor.App.Components.Shared;
using CiieBlazor.Tests.Features;
using Microsoft.Extensions.Time.Testing;

namespace CiieBlazor.Tests.Components;

/// <summary>自动保存 every 5 seconds while dirty, on a clock the test drives.</summary>
public sealed class AutosaveControllerTiming : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = VerificationCodeRules.Start;
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly List<DateTimeOffset> _saves = [];
    private Func<Task<DateTimeOffset?>>? _behaviour;
    private readonly AutosaveController _autosave;

    public AutosaveControllerTiming()
    {
        _autosave = new AutosaveController(_clock, work => work(), SaveAsync);
        _autosave.Loaded(null);
    }

    private Task<DateTimeOffset?> SaveAsync()
    {
        _saves.Add(_clock.GetUtcNow());
        return _behaviour?.Invoke() ?? Task.FromResult<DateTimeOffset?>(_clock.GetUtcNow());
    }

    [Fact]
    public void ADirtyFormIsSavedAtFiveSecondsAndNotBefore()
    {
        _autosave.MarkDirty();
        Assert.Equal(AutosaveState.Dirty, _autosave.State);

        _clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Empty(_saves);
        Assert.Equal(AutosaveState.Dirty, _autosave.State);

        _clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal([Start + TimeSpan.FromSeconds(5)], _saves);
        Assert.Equal(AutosaveState.Saved, _autosave.State);
        Assert.Equal(Start + TimeSpan.FromSeconds(5), _autosave.LastSavedAt);

        // Saved and untouched: the following ticks do nothing.
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Single(_saves);
    }

    [Fact]
    public void ACleanFormIsNeverSaved()
    {
        _clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Empty(_saves);
        Assert.Equal(AutosaveState.Clean, _autosave.State);
    }

    [Fact]
    public void EachNewChangeIsSavedOnTheNextTick()
    {
        _autosave.MarkDirty();
        _clock.Advance(TimeSpan.FromSeconds(5));
        _clock.Advance(TimeSpan.FromSeconds(1));
        _autosave.MarkDirty();

        _clock.Advance(TimeSpan.FromSeconds(3.9));
        Assert.Single(_saves);
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal([Start + TimeSpan.FromSeconds(5), Start + TimeSpan.FromSeconds(10)], _saves);
    }

    [Fact]
    public void AFailedSaveShowsItsReasonAndTheNextTickTriesAgain()
    {
        _behaviour = () => throw new InvalidOperationException("网络中断 (network down)");
        _autosave.MarkDirty();

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(AutosaveState.Failed, _autosave.State);
        Assert.Equal("网络中断 (network down)", _autosave.Error);
        Assert.True(_autosave.IsDirty);
        Assert.Null(_autosave.LastSavedAt);

        _behaviour = null;
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, _saves.Count);
        Assert.Equal(AutosaveState.Saved, _autosave.State);
        Assert.Null(_autosave.Error);
    }

    [Fact]
    public void AFaultedTaskCountsAsAFailureToo()
    {
        _behaviour = () => Task.FromException<DateTimeOffset?>(new TimeoutException("保存超时"));
        _autosave.MarkDirty();

        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal((AutosaveState.Failed, "保存超时"), (_autosave.State, _autosave.Error));
    }

    [Fact]
    public void TypingDuringASaveKeepsTheFormDirtyAndTheNextTickSavesAgain()
    {
        var pending = new TaskCompletionSource<DateTimeOffset?>();
        _behaviour = () => pending.Task;
        _autosave.MarkDirty();

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(AutosaveState.Saving, _autosave.State);
        _autosave.MarkDirty(); // typed while the save was on its way
        pending.SetResult(Start + TimeSpan.FromSeconds(5));

        Assert.Equal(AutosaveState.Dirty, _autosave.State);
        Assert.Equal(Start + TimeSpan.FromSeconds(5), _autosave.LastSavedAt);
        _behaviour = null;
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, _saves.Count);
        Assert.Equal(AutosaveState.Saved, _autosave.State);
    }

    [Fact]
    public void ASlowSaveIsNotStartedTwice()
    {
        var pending = new TaskCompletionSource<DateTimeOffset?>();
        _behaviour = () => pending.Task;
        _autosave.MarkDirty();

        _clock.Advance(TimeSpan.FromSeconds(5));
        _clock.Advance(TimeSpan.FromSeconds(5));
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Single(_saves);
        pending.SetResult(_clock.GetUtcNow());
        Assert.Equal(AutosaveState.Saved, _autosave.State);
    }

    [Fact]
    public void AConflictStopsAutosaveUntilTheUserChooses()
    {
        _behaviour = () =>
        {
            _autosave.MarkConflict("该单位信息已在其他窗口中修改");
            return Task.FromResult<DateTimeOffset?>(null);
        };
        _autosave.MarkDirty();

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(AutosaveState.Conflict, _autosave.State);
        Assert.False(_autosave.IsDirty);

        _autosave.MarkDirty(); // still typing: nothing is sent while the conflict waits
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Single(_saves);
        Assert.Equal(AutosaveState.Conflict, _autosave.State);

        // "Keep mine": dirty again, saved on the next tick.
        _behaviour = null;
        _autosave.Resolved(keepMine: true, Start + TimeSpan.FromSeconds(3));
        Assert.Equal((AutosaveState.Dirty, (string?)null), (_autosave.State, _autosave.Error));
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, _saves.Count);
        Assert.Equal(AutosaveState.Saved, _autosave.State);
    }

    [Fact]
    public void TakingTheOtherWindowsVersionLeavesTheFormClean()
    {
        _behaviour = () => Task.FromResult<DateTimeOffset?>(null);
        _autosave.MarkDirty();
        _clock.Advance(TimeSpan.FromSeconds(5));

        _autosave.Resolved(keepMine: false, Start + TimeSpan.FromSeconds(2));

        Assert.Equal((AutosaveState.Clean, Start + TimeSpan.FromSeconds(2)), (_autosave.State, _autosave.LastSavedAt));
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Single(_saves);
    }

    [Fact]
    public async Task LeavingThePageSavesAtOnceAndStopsTheTimer()
    {
        _autosave.MarkDirty();
        _clock.Advance(TimeSpan.FromSeconds(1));

        await _autosave.SaveIfDirtyAsync();
        Assert.Equal([Start + TimeSpan.FromSeconds(1)], _saves);

        await _autosave.DisposeAsync();
        _autosave.MarkDirty();
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Single(_saves);
    }

    [Fact]
    public void ChangedIsRaisedWhenTheFormTurnsDirtyAndWhenSavingStartsAndEnds()
    {
        var states = new List<AutosaveState>();
        _autosave.Changed += () => states.Add(_autosave.State);
        _autosave.MarkDirty();
        _autosave.MarkDirty(); // more typing while already dirty: nothing new to show
        _autosave.MarkDirty();

        _clock.Advance(TimeSpan.FromSeconds(5));

        // The indicator hears of the change itself: the form page does not render again for a keystroke.
        Assert.Equal([AutosaveState.Dirty, AutosaveState.Saving, AutosaveState.Saved], states);
    }

    public ValueTask DisposeAsync() => _autosave.DisposeAsync();
}

/// <summary>The indicator beside the form title: hint, unsaved, saving, saved at (China time), failed, conflict.</summary>
public sealed class AutosaveIndicatorRendering : ComponentTest
{
    private static readonly DateTimeOffset Start = VerificationCodeRules.Start; // 09:00:00 in China
    private readonly FakeTimeProvider _clock = new(Start);
    private Func<Task<DateTimeOffset?>> _save;
    private readonly AutosaveController _autosave;

    public AutosaveIndicatorRendering()
    {
        _save = () => Task.FromResult<DateTimeOffset?>(_clock.GetUtcNow());
        _autosave = new AutosaveController(_clock, work => work(), () => _save());
    }

    private IRenderedComponent<AutosaveIndicator> RenderIndicator()
    {
        _autosave.Loaded(null);
        return Render<AutosaveIndicator>(p => p.Add(c => c.Controller, _autosave));
    }

    private static string State(IRenderedComponent<AutosaveIndicator> cut) => cut.Find("[data-testid=autosave]").GetAttribute("data-state")!;

    [Fact]
    public void BeforeAnySaveItShowsTheHint()
    {
        var cut = RenderIndicator();

        Assert.Equal("Clean", State(cut));
        Assert.Contains("系统每隔5秒自动保存", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=autosave-time]"));
    }

    [Fact]
    public void AfterASaveItShowsTheTimeInChina()
    {
        var cut = RenderIndicator();
        _autosave.MarkDirty();
        cut.Render();
        Assert.Equal("Dirty", State(cut));
        Assert.Contains("有未保存的修改", cut.Markup);

        _clock.Advance(TimeSpan.FromSeconds(5));

        cut.WaitForAssertion(() => Assert.Equal("Saved", State(cut)));
        Assert.Equal("已自动保存 09:00:05", cut.Find("[data-testid=autosave-time]").TextContent.Trim());
    }

    [Fact]
    public void AfterMidnightUtcTheChinaDateLineIsCrossed()
    {
        _save = () => Task.FromResult<DateTimeOffset?>(new DateTimeOffset(2027, 10, 1, 16, 30, 15, TimeSpan.Zero));
        var cut = RenderIndicator();
        _autosave.MarkDirty();

        _clock.Advance(TimeSpan.FromSeconds(5));

        cut.WaitForAssertion(() => Assert.Equal("已自动保存 00:30:15", cut.Find("[data-testid=autosave-time]").TextContent.Trim()));
    }

    [Fact]
    public void WhileSavingItSaysSo()
    {
        var pending = new TaskCompletionSource<DateTimeOffset?>();
        _save = () => pending.Task;
        var cut = RenderIndicator();
        _autosave.MarkDirty();

        _clock.Advance(TimeSpan.FromSeconds(5));

        cut.WaitForAssertion(() => Assert.Equal("Saving", State(cut)));
        Assert.Contains("正在保存", cut.Markup);
        pending.SetResult(_clock.GetUtcNow());
        cut.WaitForAssertion(() => Assert.Equal("Saved", State(cut)));
    }

    [Fact]
    public void AFailureShowsTheReason()
    {
        _save = () => throw new InvalidOperationException("联系人不能超过50个字符");
        var cut = RenderIndicator();
        _autosave.MarkDirty();

        _clock.Advance(TimeSpan.FromSeconds(5));

        cut.WaitForAssertion(() => Assert.Equal("Failed", State(cut)));
        Assert.Contains("未保存：联系人不能超过50个字符", cut.Find("[data-testid=autosave]").TextContent);
    }

    [Fact]
    public void AFailureMessageWithMarkupIsShownAsText()
    {
        _save = () => throw new InvalidOperationException("<script>alert(1)</script>");
        var cut = RenderIndicator();
        _autosave.MarkDirty();

        _clock.Advance(TimeSpan.FromSeconds(5));

        cut.WaitForAssertion(() => Assert.Equal("Failed", State(cut)));
        Assert.Empty(cut.FindAll("script"));
        Assert.Contains("<script>alert(1)</script>", cut.Find("[data-testid=autosave]").TextContent);
    }

    [Fact]
    public void AConflictSaysAutosaveIsPaused()
    {
        _save = () =>
        {
            _autosave.MarkConflict("该单位信息已在其他窗口中修改");
            return Task.FromResult<DateTimeOffset?>(null);
        };
        var cut = RenderIndicator();
        _autosave.MarkDirty();

        _clock.Advance(TimeSpan.FromSeconds(5));

        cut.WaitForAssertion(() => Assert.Equal("Conflict", State(cut)));
        Assert.Contains("已暂停自动保存", cut.Markup);
    }

    [Fact]
    public void ALoadedDraftShowsWhenItWasSaved()
    {
        _autosave.Loaded(Start - TimeSpan.FromHours(1));
        var cut = Render<AutosaveIndicator>(p => p.Add(c => c.Controller, _autosave));

        Assert.Equal("已自动保存 08:00:00", cut.Find("[data-testid=autosave-time]").TextContent.Trim());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _autosave.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
