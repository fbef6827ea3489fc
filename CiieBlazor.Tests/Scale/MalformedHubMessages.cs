using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CiieBlazor.Tests.TestSupport;

namespace CiieBlazor.Tests.Scale;

/// <summary>
/// What a broken or hostile client sends on the Blazor hub (<c>/_blazor</c>, a WebSocket speaking SignalR's "blazorpack"
/// protocol: MessagePack records, each behind its length as a varint): the connection is closed, and the server stays
/// healthy and goes on accepting new clients.
/// </summary>
public sealed class MalformedHubMessages : IDisposable
{
    private const char End = '\u001e'; // SignalR's record separator
    private readonly TestApp _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>Negotiates and opens the hub's WebSocket, handshake done (blazorpack, the only protocol the hub speaks).</summary>
    private async Task<WebSocket> ConnectAsync()
    {
        using var http = _app.CreateClient();
        var negotiate = await http.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        using var json = JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync());
        var token = json.RootElement.GetProperty("connectionToken").GetString();
        var socket = await _app.Server.CreateWebSocketClient().ConnectAsync(new Uri(_app.Server.BaseAddress, $"_blazor?id={token}"), CancellationToken.None);
        await SendAsync(socket, "{\"protocol\":\"blazorpack\",\"version\":1}" + End);
        var answer = await ReceiveAsync(socket);
        Assert.Equal("{}" + End, answer);
        return socket;
    }

    private static Task SendAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private static Task SendBinaryAsync(WebSocket socket, byte[] bytes) =>
        socket.SendAsync(bytes, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);

    /// <summary>A blazorpack record: the payload's length as a varint, then the payload.</summary>
    private static byte[] Record(byte[] payload, int? claimedLength = null)
    {
        var length = claimedLength ?? payload.Length;
        var prefix = new List<byte>();
        do
        {
            var b = (byte)(length & 0x7f);
            length >>= 7;
            prefix.Add(length > 0 ? (byte)(b | 0x80) : b);
        }
        while (length > 0);
        return [.. prefix, .. payload];
    }

    /// <summary>The next text message, or null once the server closed the connection.</summary>
    private static async Task<string?> ReceiveAsync(WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var text = new StringBuilder();
        while (true)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer, timeout.Token);
            }
            catch (WebSocketException)
            {
                return null;
            }
            catch (IOException)
            {
                return null;
            }
            if (result.MessageType == WebSocketMessageType.Close) return null;
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            if (result.EndOfMessage) return text.ToString();
        }
    }

    /// <summary>Reads until the server closes (pings and a close message with an error may come first).</summary>
    private static async Task<List<string>> UntilClosedAsync(WebSocket socket)
    {
        var seen = new List<string>();
        while (await ReceiveAsync(socket) is { } message)
        {
            seen.Add(message);
            if (seen.Count > 20) Assert.Fail("the server kept the connection open: " + string.Join(" | ", seen));
        }
        return seen;
    }

    private async Task AssertHealthyAndStillAcceptingAsync()
    {
        using var http = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        using var fresh = await ConnectAsync(); // a new client is served as before
        await fresh.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    public static TheoryData<string> Garbage => new()
    {
        "not MessagePack",
        "MessagePack of the wrong shape",
        "a record over the hub's size limit",
        "a record shorter than it claims",
    };

    private static byte[] Bytes(string what) => what switch
    {
        "not MessagePack" => Record("this is not MessagePack at all"u8.ToArray()),
        // fixmap {} where an array [type, headers, …] is expected
        "MessagePack of the wrong shape" => Record([0x80]),
        // 200,000 bytes where the hub takes at most 32 KB per message
        "a record over the hub's size limit" => Record([0x93, 0x01, 0x80, .. Enumerable.Repeat((byte)0xc0, 200_000)]),
        "a record shorter than it claims" => Record([0x95, 0x01, 0x80, 0xc0], claimedLength: 5_000),
        _ => throw new ArgumentOutOfRangeException(nameof(what)),
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task TheConnectionIsClosedAndTheServerStaysHealthy(string what)
    {
        using var socket = await ConnectAsync();
        await SendBinaryAsync(socket, Bytes(what));
        if (what == "a record shorter than it claims")
        {
            // The server waits for the rest; the client gives up: the hub must let go of the half record.
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "gave up", CancellationToken.None);
        }

        var seen = await UntilClosedAsync(socket);
        Assert.True(seen.Count <= 2, $"{what}: the server kept talking: {seen.Count} messages");
        Assert.NotEqual(WebSocketState.Open, socket.State);
        await AssertHealthyAndStillAcceptingAsync();
    }

    [Fact]
    public async Task AnUnknownMessageTypeIsIgnoredAsSignalRDoesForNewerClientsAndTheServerStaysHealthy()
    {
        using var socket = await ConnectAsync();
        // [99]: a message type this SignalR does not know — skipped (forward compatibility), the connection kept.
        await SendBinaryAsync(socket, Record([0x91, 99]));
        // A ping [6] still goes through afterwards, and the server does not answer with a close.
        await SendBinaryAsync(socket, Record([0x91, 6]));
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var buffer = new byte[1024];
        try
        {
            var result = await socket.ReceiveAsync(buffer, quiet.Token);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
        }
        catch (OperationCanceledException)
        {
            // nothing said within 2 s: fine
        }
        await AssertHealthyAndStillAcceptingAsync();
    }
}
