namespace CiieBlazor.App.Components.Shared;

public enum AutosaveState
{
    /// <summary>Nothing typed since the last save.</summary>
    Clean,
    /// <summary>Changes waiting for the next 5-second tick.</summary>
    Dirty,
    Saving,
    Saved,
    /// <summary>The last try failed; the reason is shown and the next tick tries again.</summary>
    Failed,
    /// <summary>Another window saved in between: autosave stops until the user chooses.</summary>
    Conflict,
}

/// <summary>
/// 自动保存: while the form is dirty, saves it every 5 seconds (on the given <see cref="TimeProvider"/>, so tests
/// drive the clock) through the supplied save function, and reports its state for the indicator.
/// </summary>
public sealed class AutosaveController : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly Func<Func<Task>, Task> _dispatch;
    private readonly Func<Task<DateTimeOffset?>> _save;
    private readonly TimeProvider _clock;
    private readonly ITimer _timer;
    private int _changeCounter;
    private bool _disposed;

    /// <param name="dispatch">Runs work on the component's renderer (the component's <c>InvokeAsync</c>).</param>
    /// <param name="save">
    /// Saves the current form state and returns when it was saved; returns null after it reported a conflict
    /// (<see cref="MarkConflict"/>); throws with a message to show when saving failed.
    /// </param>
    public AutosaveController(TimeProvider clock, Func<Func<Task>, Task> dispatch, Func<Task<DateTimeOffset?>> save)
    {
        _clock = clock;
        _dispatch = dispatch;
        _save = save;
        _timer = clock.CreateTimer(_ => _ = _dispatch(TickAsync), null, Interval, Interval);
    }

    public AutosaveState State { get; private set; } = AutosaveState.Clean;
    public DateTimeOffset? LastSavedAt { get; private set; }
    public string? Error { get; private set; }

    public event Action? Changed;

    public void Loaded(DateTimeOffset? savedAt)
    {
        LastSavedAt = savedAt;
        State = AutosaveState.Clean;
    }

    public void MarkDirty()
    {
        _changeCounter++;
        if (State is not (AutosaveState.Clean or AutosaveState.Saved)) return;
        State = AutosaveState.Dirty;
        Changed?.Invoke(); // the indicator shows 有未保存的修改 even when the page itself does not render again
    }

    public void MarkConflict(string message)
    {
        State = AutosaveState.Conflict;
        Error = message;
    }

    /// <summary>After the user resolved a conflict: clean (took theirs) or dirty (keeps mine, saves on the next tick).</summary>
    public void Resolved(bool keepMine, DateTimeOffset? savedAt)
    {
        Error = null;
        LastSavedAt = savedAt ?? LastSavedAt;
        State = keepMine ? AutosaveState.Dirty : AutosaveState.Clean;
        Changed?.Invoke();
    }

    /// <summary>Unsaved changes that the next tick will save (not while a conflict waits for the user).</summary>
    public bool IsDirty => State is AutosaveState.Dirty or AutosaveState.Failed;

    /// <summary>Saves now if there are unsaved changes (the timer calls this; so does leaving the page).</summary>
    public async Task SaveIfDirtyAsync()
    {
        if (!IsDirty) return;
        var counterAtStart = _changeCounter;
        State = AutosaveState.Saving;
        Changed?.Invoke();
        try
        {
            var savedAt = await _save();
            if (savedAt is null)
            {
                State = AutosaveState.Conflict;
            }
            else
            {
                LastSavedAt = savedAt;
                Error = null;
                // Typing that happened while saving keeps the form dirty for the next tick.
                State = _changeCounter == counterAtStart ? AutosaveState.Saved : AutosaveState.Dirty;
            }
        }
        catch (Exception ex)
        {
            State = AutosaveState.Failed;
            // A database that cannot take the write is said in plain words; the form stays dirty and the next tick tries again.
            Error = CiieBlazor.App.Data.StorageFault.Is(ex) ? CiieBlazor.App.Data.StorageFault.Describe(ex) : ex.Message;
        }
        Changed?.Invoke();
    }

    private Task TickAsync() => SaveIfDirtyAsync();

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _timer.DisposeAsync();
    }
}
