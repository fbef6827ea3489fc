using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Payments;
using CiieBlazor.App.Features.Review;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CiieBlazor.Tests.Payments;

/// <summary>
/// The real app (TestApp: own SQLite file, demo data) with the sandbox provider wired as in production except where the
/// test machine differs: its notifications reach the in-process server through the TestServer handler (there is no
/// socket), its secret is the tests' own (so tests can sign forged and real notifications), its retry schedule is in
/// milliseconds, and every log line is kept for assertions. <see cref="NotifyGate"/> can make the app answer 503 to the
/// next notifications, as a site that is down would.
/// </summary>
public sealed class PaymentsApp : IDisposable
{
    public const string Secret = "tests-only-sandbox-secret-0123456789-abcdefghij";
    public static readonly Uri Site = new("http://localhost/");
    public static readonly TimeSpan[] FastSchedule = [TimeSpan.Zero, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400)];

    private static readonly string[] Names = ["李雷", "韩梅梅", "王芳", "赵强", "陈静", "刘洋", "孙悦", "周明", "吴敏", "郑凯", "冯涛", "何琳"];

    private readonly TestApp _root;

    /// <param name="settings">Further configuration for the test (e.g. a gate device key).</param>
    /// <param name="configure">Anything else the test adds to the host (e.g. a logger provider of its own).</param>
    public PaymentsApp(TimeProvider? clock = null, double duplicateRate = 0, TimeSpan[]? schedule = null, bool sandboxEnabled = true,
        IReadOnlyDictionary<string, string>? settings = null, Action<IWebHostBuilder>? configure = null)
    {
        _root = new TestApp(clock);
        Host = _root.WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) b.UseSetting(key, value);
            b.UseSetting("Payments:Sandbox:Secret", Secret);
            b.UseSetting("Payments:Sandbox:Enabled", sandboxEnabled ? "true" : "false");
            b.UseSetting("Payments:Sandbox:DuplicateRate", duplicateRate.ToString(CultureInfo.InvariantCulture));
            // Reconciliation is driven by hand in these tests (PaymentReconciler.RunOnceAsync).
            b.UseSetting("Payments:Reconciliation:Enabled", "false");
            b.UseSetting("Payments:Reconciliation:MinAge", "00:00:00");
            b.ConfigureTestServices(s =>
            {
                s.Configure<SandboxOptions>(o => o.RetrySchedule = schedule ?? FastSchedule);
                s.AddHttpClient(SandboxPaymentProvider.HttpClientName)
                    .ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
                s.AddSingleton<ILoggerProvider>(Logs);
                s.AddSingleton<IStartupFilter>(new GateFilter(Gate));
            });
            configure?.Invoke(b);
        });
        _ = Host.Services; // start it
    }

    public WebApplicationFactory<Program> Host { get; }
    public LogSink Logs { get; } = new();
    public NotifyGate Gate { get; } = new();

    /// <summary>The app's SQLite file, for tests that look at stored rows as they are.</summary>
    public string DatabaseFile => _root.DatabaseFile;

    public DateTimeOffset Now => Get<TimeProvider>().GetUtcNow();

    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    public AppDbContext Db() => Get<IDbContextFactory<AppDbContext>>().CreateDbContext();

    public HttpClient Client() => Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    public async Task<Actor> ActorAsync(string userName)
    {
        using var scope = Host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"no user {userName}");
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
        return App.Features.Security.CiieClaims.ToActor(principal);
    }

    public Task<Actor> VisitorAsync() => ActorAsync(DemoSeeder.VisitorCode);

    /// <summary>
    /// <paramref name="count"/> persons of the demo organisation awaiting payment: 上海交易团 approves the registration and
    /// tags 张伟华 and colleagues (copies of her data, submitted here) as professional visitors.
    /// </summary>
    public async Task<List<Guid>> PersonsAwaitingPaymentAsync(int count)
    {
        var reviewer = await ActorAsync("sh.reviewer");
        var visitor = await VisitorAsync();
        List<Guid> ids;
        await using (var db = Db())
        {
            var edition = await db.Editions.AsNoTracking().SingleAsync(e => e.IsCurrent);
            var registration = await db.Registrations.AsNoTracking().SingleAsync(r => r.OrganisationId == visitor.OrganisationId && r.EditionId == edition.Id);
            var existing = await db.Persons.AsNoTracking().Where(p => p.RegistrationId == registration.Id).OrderBy(p => p.Id).ToListAsync();
            var first = existing[0];
            // The first call takes 张伟华 herself and approves the registration; later calls add colleagues only.
            var fresh = existing.Count == 1 && first.Status != PersonStatus.AwaitingPayment && first.Tag is null;
            if (fresh) await Get<RegistrationReviewService>().ApproveAsync(reviewer, registration.Id);
            ids = fresh ? [first.Id] : [];
            var now = Get<TimeProvider>().GetUtcNow();
            for (var i = existing.Count; ids.Count < count; i++)
            {
                var copy = new Person(first.RegistrationId, first.OrganisationId, first.EditionId, first.DelegationId, first.Data with { Name = NameOf(i) });
                copy.Submit(edition.FirstDay, edition.LastDay, visitor, now);
                db.Persons.Add(copy);
                ids.Add(copy.Id);
            }
            await db.SaveChangesAsync();
        }
        await Get<TaggingService>().TagAsync(reviewer, ids, PersonTag.ProfessionalVisitor);
        return ids;
    }

    /// <summary>The name of the i-th person <see cref="PersonsAwaitingPaymentAsync"/> hands out (0 is 张伟华).</summary>
    public static string NameOf(int i) => i == 0 ? "张伟华" : Names[i % Names.Length];

    /// <summary>An unpaid order over these persons, created by the domain as the order service would.</summary>
    public async Task<Order> OrderAsync(IReadOnlyCollection<Guid> personIds)
    {
        var visitor = await VisitorAsync();
        await using var db = Db();
        var edition = await db.Editions.AsNoTracking().SingleAsync(e => e.IsCurrent);
        var persons = await db.Persons.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToListAsync();
        var now = Get<TimeProvider>().GetUtcNow();
        var order = Order.Create(OrderNumber.Create(now, Interlocked.Increment(ref _sequence)), visitor.OrganisationId!.Value, edition, persons, new HashSet<Guid>(), visitor, now);
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        return order;
    }

    private static long _sequence = 1000;

    public Task<PaymentStart> StartAsync(Guid orderId, PaymentMethod method = PaymentMethod.QrCode, PaymentChannel? channel = PaymentChannel.Alipay) =>
        VisitorAsync().ContinueWith(v => Get<PaymentService>().StartAsync(v.Result, orderId, method, channel, Site)).Unwrap();

    /// <summary>A notification as the sandbox would send it, signed with <paramref name="secret"/> at <paramref name="signedAt"/> (the app's now).</summary>
    public HttpRequestMessage Notification(Guid attemptId, string transactionId, decimal amount, string currency = "CNY", string? secret = null,
        DateTimeOffset? signedAt = null, PaymentMethod method = PaymentMethod.QrCode, PaymentChannel channel = PaymentChannel.Alipay, byte[]? body = null)
    {
        var raw = body ?? SandboxNotification.Serialize(SandboxNotification.For(attemptId, transactionId, method, channel, amount, currency, Now,
            $"{attemptId:N}-{transactionId}"));
        var request = new HttpRequestMessage(HttpMethod.Post, "/payments/notify/sandbox") { Content = new ByteArrayContent(raw) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        foreach (var (k, v) in SandboxNotification.Sign(raw, secret ?? Secret, signedAt ?? Now)) request.Headers.TryAddWithoutValidation(k, v);
        return request;
    }

    /// <summary>Waits (real time) until the condition holds.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int timeoutMs = 10_000)
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"timed out waiting for {what}");
            await Task.Delay(25);
        }
    }

    public void Dispose() => _root.Dispose();

    /// <summary>Makes the app answer 503 to the next <see cref="RefuseNext"/> notification posts (the site is down).</summary>
    public sealed class NotifyGate
    {
        private int _refuse;
        private int _refused;

        public int Refused => Volatile.Read(ref _refused);

        public void RefuseNext(int count) => Volatile.Write(ref _refuse, count);

        internal bool TakeRefusal()
        {
            while (true)
            {
                var left = Volatile.Read(ref _refuse);
                if (left <= 0) return false;
                if (Interlocked.CompareExchange(ref _refuse, left - 1, left) == left)
                {
                    Interlocked.Increment(ref _refused);
                    return true;
                }
            }
        }
    }

    private sealed class GateFilter(NotifyGate gate) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (http, nextMiddleware) =>
            {
                if (HttpMethods.IsPost(http.Request.Method) && http.Request.Path.StartsWithSegments("/payments/notify") && gate.TakeRefusal())
                {
                    http.Response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
                    await http.Response.WriteAsync("站点维护中 (down for maintenance)", Encoding.UTF8);
                    return;
                }
                await nextMiddleware(http);
            });
            next(app);
        };
    }

    /// <summary>Keeps every log line (category, level, message) for assertions.</summary>
    public sealed class LogSink : ILoggerProvider
    {
        private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _lines = new();

        public IReadOnlyList<(string Category, LogLevel Level, string Message)> Lines => _lines.ToArray();

        public bool Has(LogLevel atLeast, string text) => _lines.Any(l => l.Level >= atLeast && l.Message.Contains(text, StringComparison.Ordinal));

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose() { }

        private sealed class Logger(LogSink sink, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) sink._lines.Enqueue((category, logLevel, formatter(state, exception)));
            }
        }
    }
}
