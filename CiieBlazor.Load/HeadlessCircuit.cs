using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CiieBlazor.Load;

/// <summary>
/// One Blazor Server circuit driven the way blazor.web.js drives it, without a browser: the prerendered page's server
/// component markers, the <c>/_blazor</c> hub (negotiate, WebSockets, "blazorpack"), <c>StartCircuit</c> then
/// <c>UpdateRootComponents</c>, every render batch applied to a <see cref="RenderTree"/> and acknowledged, every
/// JS interop call answered, and keystrokes sent as the browser sends them (<c>DispatchEventAsync</c> on the renderer's
/// interop object, with the input's current event-handler id and field value).
/// </summary>
public sealed partial class HeadlessCircuit : IAsyncDisposable
{
    private readonly WebSession _session;
    private readonly string _path;
    private readonly LoadStats _stats;
    private readonly RenderTree _tree = new();
    private readonly object _gate = new();
    // Orders what goes on the wire as the browser's single thread does: an event is read from the page and sent before a
    // batch that replaces its handler is applied and acknowledged (after the acknowledgement the old handler id is gone).
    private readonly SemaphoreSlim _wire = new(1, 1);
    private readonly Dictionary<string, long> _pendingEvents = [];
    private readonly TaskCompletionSource _attached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HubConnection? _connection;
    private long _interopObjectId = -1;
    private long _callId;
    private long _lastBatchAt;
    private string? _autosaveState;
    private ElementNode? _autosave;
    private bool _stopping;

    public HeadlessCircuit(WebSession session, string path, LoadStats stats)
    {
        _session = session;
        _path = path;
        _stats = stats;
    }

    public bool Alive { get; private set; }

    /// <summary>Components the page holds now (as the render batches built them).</summary>
    public int Components
    {
        get { lock (_gate) return _tree.Components; }
    }

    /// <summary>The JS interop identifiers the server called, with counts (to see what a page needs from its client).</summary>
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> InteropCalls = new();

    public async Task StartAsync(CancellationToken ct)
    {
        var html = await _session.GetPageAsync(_path, ct);
        var markers = Markers(html);
        if (markers.Count == 0) throw new LoadException($"{_path} has no server component markers (not signed in?)");
        var state = StateComment().Match(html) is { Success: true } m ? m.Groups[1].Value : "";

        var builder = new HubConnectionBuilder()
            .WithUrl(_session.BaseUrl + "/_blazor", options =>
            {
                options.Headers["Cookie"] = _session.CookieHeader;
                options.Transports = HttpTransportType.WebSockets;
            });
        builder.Services.RemoveAll<IHubProtocol>();
        builder.Services.AddSingleton<IHubProtocol, BlazorPackProtocol>();
        var connection = _connection = builder.Build();

        connection.On<long, byte[]>("JS.RenderBatch", OnRenderBatchAsync);
        connection.On<long, string, string, int, long, int>("JS.BeginInvokeJS", OnBeginInvokeJSAsync);
        connection.On<string, bool, string>("JS.EndInvokeDotNet", OnEndInvokeDotNet);
        connection.On<int, string>("JS.AttachComponent", (componentId, _) =>
        {
            lock (_gate) _tree.Attach(componentId);
        });
        connection.On<long>("JS.EndUpdateRootComponents", _ => { });
        connection.On<int, byte[]>("JS.ReceiveByteArray", (_, _) => { });
        connection.On<string>("JS.Error", message =>
        {
            _stats.Error($"JS.Error: {message}");
            Alive = false;
        });
        connection.Closed += error =>
        {
            if (!_stopping) _stats.Error($"connection closed: {error?.Message ?? "by the server"}");
            Alive = false;
            return Task.CompletedTask;
        };

        await connection.StartAsync(ct);
        var baseUri = _session.BaseUrl + "/";
        var circuitId = await connection.InvokeAsync<string?>("StartCircuit", baseUri, _session.BaseUrl + _path, "[]", state, ct);
        if (circuitId is null) throw new LoadException("StartCircuit answered null");
        Alive = true;

        var operations = new JsonArray();
        for (var i = 0; i < markers.Count; i++)
        {
            var marker = markers[i];
            marker["uniqueId"] = i;
            operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = marker });
        }
        var batch = new JsonObject { ["batchId"] = 1, ["operations"] = operations };
        await connection.SendAsync("UpdateRootComponents", batch.ToJsonString(), state, ct);
        await _attached.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
    }

    /// <summary>Waits until an element with this <c>data-testid</c> has a handler for the event; returns it.</summary>
    public async Task<ElementNode> WaitForAsync(string testId, string eventName, TimeSpan timeout, CancellationToken ct)
    {
        var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            lock (_gate)
            {
                var element = _tree.Find(testId, "input");
                if (element is not null && element.Handlers.ContainsKey(eventName)) return element;
            }
            if (Stopwatch.GetTimestamp() > until) throw new LoadException($"no <input data-testid=\"{testId}\"> with an {eventName} handler after {timeout.TotalSeconds:0}s");
            await Task.Delay(50, ct);
        }
    }

    /// <summary>The events a key press makes in a browser, in order (the page listens to some of them).</summary>
    public static readonly string[] KeystrokeEvents = ["keydown", "keypress", "input", "keyup"];

    /// <summary>
    /// One keystroke into the input: the events a browser dispatches for it that the page listens to (keydown, input,
    /// keyup), each timed from sending to the render batch that answered it.
    /// </summary>
    public async Task TypeAsync(ElementNode input, string oldValue, string newValue, char key, CancellationToken ct)
    {
        foreach (var eventName in KeystrokeEvents)
        {
            await _wire.WaitAsync(ct);
            try
            {
                (ulong Id, int ComponentId) handler;
                lock (_gate)
                {
                    if (!input.Handlers.TryGetValue(eventName, out handler)) continue;
                }
                // As EventFieldInfo.fromEvent: the input's value as the event finds it (before the key on keydown).
                var fieldInfo = new { componentId = handler.ComponentId, fieldValue = eventName == "keydown" ? oldValue : newValue };
                object args = eventName == "input"
                    ? new { value = newValue }
                    : new { key = key.ToString(), code = "Key" + char.ToUpperInvariant(key), location = 0, repeat = false, ctrlKey = false, shiftKey = false, altKey = false, metaKey = false, type = eventName, isComposing = false };
                var descriptor = new { eventHandlerId = handler.Id, eventName, eventFieldInfo = fieldInfo };
                var argsJson = JsonSerializer.Serialize(new object[] { descriptor, args });
                var callId = Interlocked.Increment(ref _callId).ToString(CultureInfo.InvariantCulture);
                lock (_gate) _pendingEvents[callId] = Stopwatch.GetTimestamp();
                await _connection!.SendAsync("BeginInvokeDotNetFromJS", callId, null, "DispatchEventAsync", _interopObjectId, argsJson, ct);
                _stats.EventSent();
            }
            finally
            {
                _wire.Release();
            }
        }
    }

    private async Task OnRenderBatchAsync(long batchId, byte[] data)
    {
        await _wire.WaitAsync();
        try
        {
            await ApplyAndAcknowledgeAsync(batchId, data);
        }
        finally
        {
            _wire.Release();
        }
    }

    private async Task ApplyAndAcknowledgeAsync(long batchId, byte[] data)
    {
        try
        {
            string? state;
            lock (_gate)
            {
                _tree.Apply(new RenderBatch(data));
                _lastBatchAt = Stopwatch.GetTimestamp();
                if (_autosave is null || _autosave.Detached) _autosave = _tree.Find("autosave");
                state = _autosave is not null && _autosave.Attributes.TryGetValue("data-state", out var s) ? s : null;
            }
            if (state != _autosaveState)
            {
                if (state == "Saved") _stats.AutosaveSeen();
                else if (state == "Failed") _stats.Error("autosave failed (the page says 保存失败)");
                _autosaveState = state;
            }
            _stats.BatchReceived(data.Length);
            _attached.TrySetResult();
        }
        catch (Exception ex)
        {
            _stats.Error($"render batch {batchId}: {ex.Message}");
        }
        await _connection!.SendAsync("OnRenderCompleted", batchId, null);
    }

    private async Task OnBeginInvokeJSAsync(long asyncHandle, string identifier, string argsJson, int resultType, long targetInstanceId, int callType)
    {
        InteropCalls.AddOrUpdate(identifier, 1, (_, n) => n + 1);
        if (identifier == "Blazor._internal.attachWebRendererInterop")
        {
            using var args = JsonDocument.Parse(argsJson);
            _interopObjectId = args.RootElement[1].GetProperty("__dotNetObject").GetInt64();
        }
        if (asyncHandle == 0) return;
        // Every call answered as done with no value, as a page whose scripts have nothing to report.
        await _connection!.SendAsync("EndInvokeJSFromDotNet", asyncHandle, true, $"[{asyncHandle},true,null]");
    }

    private void OnEndInvokeDotNet(string callId, bool succeeded, string result)
    {
        long sentAt;
        long renderedAt;
        lock (_gate)
        {
            if (!_pendingEvents.Remove(callId, out sentAt)) return;
            renderedAt = _lastBatchAt;
        }
        if (!succeeded)
        {
            _stats.Error($"event failed: {result}");
            return;
        }
        // The event's render batch is sent before the call's completion; a batch older than the event means none came.
        if (renderedAt >= sentAt) _stats.EventRendered(Stopwatch.GetElapsedTime(sentAt, renderedAt).TotalMilliseconds);
        else _stats.EventWithoutRender();
    }

    private static List<JsonObject> Markers(string html)
    {
        var markers = new List<JsonObject>();
        foreach (Match match in MarkerComment().Matches(html))
        {
            if (JsonNode.Parse(match.Groups[1].Value) is JsonObject marker && (string?)marker["type"] == "server") markers.Add(marker);
        }
        return markers;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        Alive = false;
        if (_connection is not null) await _connection.DisposeAsync();
    }

    [GeneratedRegex("<!--Blazor:(\\{.*?\\})-->")]
    private static partial Regex MarkerComment();

    [GeneratedRegex("<!--Blazor-Server-Component-State:([A-Za-z0-9+/=]+)-->")]
    private static partial Regex StateComment();
}
