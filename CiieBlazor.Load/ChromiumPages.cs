using System.Text.Json;
using CiieBlazor.App.Data;
using Microsoft.Playwright;

namespace CiieBlazor.Load;

/// <summary>
/// The check against the truth: real Chromium pages (Debian's chromium through Playwright), each signed in as its own
/// load organisation through the login form, typing into the same field at the same pace with real key presses. A
/// script in each page times every <c>DispatchEventAsync</c> it sends on the circuit's WebSocket to the last render
/// batch received before the call's <c>JS.EndInvokeDotNet</c> — the same two points the headless driver uses — and
/// counts the autosave indicator's turns to 已保存 (Saved).
/// </summary>
public sealed class ChromiumPages(LoadOptions options) : IAsyncDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";

    // Wraps WebSocket: a sent frame carrying "<callId>\xc0\xb2DispatchEventAsync" (MessagePack: the call id string, nil
    // assembly, the 18-character method name) starts a timing; a received "JS.RenderBatch" marks the time; a received
    // "JS.EndInvokeDotNet" followed by its call id (array of 3, short string) ends it.
    private const string InitScript = """
        (() => {
          const state = window.__ciieLoad = { lat: [], saves: [], errors: 0, lastState: null };
          const pending = new Map();
          let lastBatch = 0;
          const text = (data) => {
            const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : (ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null);
            if (!bytes) return typeof data === 'string' ? data : '';
            let s = '';
            for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
            return s;
          };
          const Native = window.WebSocket;
          class Timed extends Native {
            constructor(...args) {
              super(...args);
              this.addEventListener('message', (e) => {
                const now = performance.now();
                const s = text(e.data);
                if (s.includes('JS.RenderBatch')) lastBatch = now;
                for (const m of s.matchAll(/JS\.EndInvokeDotNet\x93[\xa0-\xbf]([0-9]+)/g)) {
                  const sent = pending.get(m[1]);
                  if (sent === undefined) continue;
                  pending.delete(m[1]);
                  if (lastBatch >= sent) state.lat.push([Date.now(), lastBatch - sent]);
                }
              });
            }
            send(data) {
              const s = text(data);
              for (const m of s.matchAll(/([0-9]+)\xc0\xb2DispatchEventAsync/g)) pending.set(m[1], performance.now());
              return super.send(data);
            }
          }
          window.WebSocket = Timed;
          // Every change of the autosave indicator's state, as it happens (a poll could miss a short-lived 已保存).
          new MutationObserver((records) => {
            for (const r of records) {
              if (r.target.getAttribute('data-testid') !== 'autosave') continue;
              const now = r.target.getAttribute('data-state');
              if (now === state.lastState) continue;
              if (now === 'Saved') state.saves.push(Date.now());
              if (now === 'Failed') state.errors++;
              state.lastState = now;
            }
          }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
        })();
        """;

    private readonly List<IPage> _pages = [];
    private readonly List<Task> _typing = [];
    private readonly CancellationTokenSource _stop = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private long _recordFrom = long.MaxValue, _recordTo = long.MaxValue;
    private int _errors;

    public int Pages => _pages.Count;

    public async Task StartAsync(int firstOrganisation, CancellationToken ct)
    {
        if (!File.Exists(ChromiumPath)) throw new LoadException($"{ChromiumPath} is missing (apt-get install chromium)");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                    "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"],
        });
        for (var i = 0; i < options.Chromium; i++)
        {
            var organisation = firstOrganisation + i;
            var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = options.Url, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
            await context.AddInitScriptAsync(InitScript);
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(120_000);
            await page.GotoAsync("/account/login");
            await page.FillAsync("#username", LoadSeeder.Code(organisation));
            await page.FillAsync("#password", DemoSeeder.Password);
            await page.ClickAsync("[data-testid=login-submit]");
            await page.WaitForURLAsync(url => !url.Contains("/account/login"));
            await page.GotoAsync(LoadRun.FormPath);
            await page.Locator("[data-testid=circuit][data-ready=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
            _pages.Add(page);
            _typing.Add(TypeAsync(page, organisation));
        }
    }

    private async Task TypeAsync(IPage page, int organisation)
    {
        var random = new Random(organisation);
        var input = page.Locator($"input[data-testid={LoadRun.Field}]");
        var length = (await input.InputValueAsync()).Length;
        try
        {
            // The caret to the end once, as a user going on with the address; each key press then makes keydown, (keypress,)
            // input and keyup as the browser makes them.
            await input.FocusAsync();
            await input.PressAsync("End");
            await Task.Delay(TimeSpan.FromSeconds(random.NextDouble() * options.KeystrokeSeconds), _stop.Token);
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.KeystrokeSeconds));
            do
            {
                await input.PressAsync(((char)('a' + random.Next(26))).ToString());
                if (++length >= 60)
                {
                    await input.FillAsync("上海市闵行区申长路100号");
                    length = 13;
                }
            } while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException) { }
        catch (Exception ex) when (!_stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref _errors);
            Console.WriteLine($"chromium page {organisation}: {ex.Message.Split('\n')[0]}");
        }
    }

    public void Record(bool on)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (on) _recordFrom = now;
        else _recordTo = now;
    }

    /// <summary>Prints the pages' figures over the steady window beside the circuits'.</summary>
    public async Task ReportAsync(double[] circuitLatencies)
    {
        var latencies = new List<double>();
        long autosaves = 0, errors = _errors;
        foreach (var page in _pages)
        {
            var json = await page.EvaluateAsync<JsonElement>("() => ({ lat: window.__ciieLoad.lat, saves: window.__ciieLoad.saves, errors: window.__ciieLoad.errors })");
            foreach (var sample in json.GetProperty("lat").EnumerateArray())
            {
                var at = sample[0].GetDouble();
                if (at >= _recordFrom && at <= _recordTo) latencies.Add(sample[1].GetDouble());
            }
            autosaves += json.GetProperty("saves").EnumerateArray().Count(t => t.GetDouble() >= _recordFrom && t.GetDouble() <= _recordTo);
            errors += json.GetProperty("errors").GetInt64();
        }
        var values = latencies.ToArray();
        var minutes = (_recordTo - _recordFrom) / 60_000.0;
        Console.WriteLine($"-- Chromium, {_pages.Count} pages, same window --");
        Console.WriteLine($"event→render ms   p50 {LoadStats.Percentile(values, 0.50):0.0}  p95 {LoadStats.Percentile(values, 0.95):0.0}  p99 {LoadStats.Percentile(values, 0.99):0.0}  max {LoadStats.Percentile(values, 1):0.0}  ({values.Length:N0} events; circuits: p50 {LoadStats.Percentile(circuitLatencies, 0.5):0.0}, p95 {LoadStats.Percentile(circuitLatencies, 0.95):0.0})");
        Console.WriteLine($"autosaves         {autosaves:N0} ({(double)autosaves / Math.Max(1, _pages.Count) / Math.Max(minutes, 1e-9):0.0} per page per minute)");
        Console.WriteLine($"errors            {errors:N0}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await Task.WhenAll(_typing); } catch (Exception) { }
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
    }
}
