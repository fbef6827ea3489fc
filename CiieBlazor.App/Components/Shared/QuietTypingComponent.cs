using Microsoft.AspNetCore.Components;

namespace CiieBlazor.App.Components.Shared;

/// <summary>
/// A form page on which a keystroke in a text field changes nothing but that field: a field's bind-after calls
/// <see cref="TypedOnly"/>, and the page is then not rendered again for that event (the field shows its own text, the
/// autosave indicator its own state). A form page holds well over a hundred components, and rendering them again at every
/// keystroke was most of a keystroke's cost on the server (docs/PERFORMANCE.md, headless circuits). Every other event
/// renders the page exactly as <see cref="ComponentBase"/> does.
/// </summary>
public abstract class QuietTypingComponent : ComponentBase, IHandleEvent
{
    private bool _typedOnly;

    /// <summary>This event only changed the field it came from: do not render the page for it.</summary>
    protected void TypedOnly() => _typedOnly = true;

    Task IHandleEvent.HandleEventAsync(EventCallbackWorkItem callback, object? arg)
    {
        _typedOnly = false;
        var task = callback.InvokeAsync(arg);
        if (_typedOnly && task.IsCompletedSuccessfully)
        {
            _typedOnly = false;
            return Task.CompletedTask;
        }
        _typedOnly = false;
        StateHasChanged();
        return task.Status is TaskStatus.RanToCompletion or TaskStatus.Canceled ? Task.CompletedTask : RenderAfterAsync(task);
    }

    // As ComponentBase: render again once an asynchronous handler finished (not when it was cancelled).
    private async Task RenderAfterAsync(Task task)
    {
        try
        {
            await task;
        }
        catch when (task.IsCanceled)
        {
            return;
        }
        StateHasChanged();
    }
}
