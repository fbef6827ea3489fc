using System.Net;
using CiieBlazor.App.Hosting;
using CiieBlazor.Tests.TestSupport;

namespace CiieBlazor.Tests.Security;

/// <summary>Kestrel's request body limit (ServiceRegistration.MaxRequestBodyBytes, 1 MB) on the real server: a larger
/// body is answered 413, not read, and the app goes on serving.</summary>
public sealed class RequestBodyLimitOverKestrel : IAsyncLifetime
{
    private AppProcess _app = default!;

    public async Task InitializeAsync() => _app = await AppProcess.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/payments/notify/sandbox")]
    [InlineData("/api/gate/scans")]
    public async Task ABodyOverOneMegabyteIsAnswered413(string path)
    {
        // Over a plain socket: the server answers 413 and closes while a client may still be sending, so the answer is read
        // beside the upload (an HttpClient would sometimes see only the broken pipe of its unfinished write).
        var url = new Uri(_app.Url);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(url.Host, url.Port);
        var stream = tcp.GetStream();
        var length = ServiceRegistration.MaxRequestBodyBytes + 1;
        var head = $"POST {path} HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + $"Content-Length: {length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        var upload = Task.Run(async () =>
        {
            try
            {
                await stream.WriteAsync(new byte[length]);
            }
            catch (IOException)
            {
                // The server stopped reading: expected once it has answered.
            }
        });
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        var answer = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await upload.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 413", answer);
        Assert.DoesNotContain("Exception", answer);
        using var http = new HttpClient { BaseAddress = url };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task ABodyJustUnderTheLimitIsReadAndAnsweredByTheEndpoint()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_app.Url) };
        var body = new ByteArrayContent(new byte[ServiceRegistration.MaxRequestBodyBytes - 1024]);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");

        var response = await http.PostAsync("/account/login", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode); // read, then refused for its missing antiforgery token
    }
}
