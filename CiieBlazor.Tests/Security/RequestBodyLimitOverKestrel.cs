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
        using var http = new HttpClient { BaseAddress = new Uri(_app.Url) };
        var body = new ByteArrayContent(new byte[ServiceRegistration.MaxRequestBodyBytes + 1]);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");

        var response = await http.PostAsync(path, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.DoesNotContain("Exception", await response.Content.ReadAsStringAsync());
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
