using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Orders;
using Microsoft.Extensions.Options;

namespace CiieBlazor.App.Features.Payments;

public enum SandboxTradeStatus
{
    WaitingForPayment,
    Paid,
    Closed,
}

/// <summary>One try to deliver a notification, as the sandbox saw it (status 0 when the request itself failed).</summary>
public sealed record SandboxDelivery(int Try, bool Duplicate, DateTimeOffset At, int StatusCode, string Answer, bool Acknowledged);

/// <summary>A trade in the sandbox's own ledger — the provider's side of the world, not our database.</summary>
public sealed class SandboxTrade
{
    private readonly List<SandboxDelivery> _deliveries = new();
    private readonly List<(string RequestId, string RefundId, decimal Amount)> _refunds = new();

    internal SandboxTrade(CheckoutRequest request, Uri notifyUrl, DateTimeOffset createdAt)
    {
        AttemptId = request.AttemptId;
        OrderNumber = request.OrderNumber;
        Subject = request.Subject;
        Amount = request.Amount.Amount;
        Method = request.Method;
        Channel = request.Channel;
        ExpiresAt = request.ExpiresAt;
        NotifyUrl = notifyUrl;
        ReturnUrl = request.ReturnUrl;
        CreatedAt = createdAt;
    }

    public Guid AttemptId { get; }
    public string OrderNumber { get; }
    public string Subject { get; }
    public decimal Amount { get; }
    public PaymentMethod Method { get; }
    public PaymentChannel Channel { get; }
    public DateTimeOffset CreatedAt { get; }
    public DateTimeOffset ExpiresAt { get; }
    public Uri NotifyUrl { get; }
    /// <summary>The merchant's page the payer goes back to after paying (shown as a link, as a bank's page does).</summary>
    public Uri? ReturnUrl { get; }
    public SandboxTradeStatus Status { get; internal set; }
    public string? TransactionId { get; internal set; }
    public DateTimeOffset? PaidAt { get; internal set; }
    /// <summary>The bank the payer chose on the B2B page.</summary>
    public string? PayerBank { get; internal set; }
    internal object Gate { get; } = new();

    public IReadOnlyList<SandboxDelivery> Deliveries { get { lock (Gate) return _deliveries.ToArray(); } }
    public decimal Refunded { get { lock (Gate) return _refunds.Sum(r => r.Amount); } }

    internal void Log(SandboxDelivery delivery) { lock (Gate) _deliveries.Add(delivery); }
    internal void AddRefund(string requestId, string id, decimal amount) => _refunds.Add((requestId, id, amount));

    /// <summary>The refund already made for this request id, if any (providers refund once per request id).</summary>
    internal (string RefundId, decimal Amount)? RefundFor(string requestId) =>
        _refunds.FirstOrDefault(r => r.RequestId == requestId) is { RefundId: not null } r ? (r.RefundId, r.Amount) : null;
}

public enum SandboxPayOutcome
{
    Paid,
    AlreadyPaid,
    Expired,
    Unknown,
}

/// <summary>
/// A payment provider that behaves like the real ones, so the whole flow runs on this machine: it keeps its own ledger
/// of trades in memory, shows its own pay pages (/sandbox/pay/{id}), and when a trade is paid it POSTs a signed
/// asynchronous notification (<see cref="SandboxNotification"/>) to the app — retried on the providers' schedule until
/// acknowledged, and now and then sent twice, because real providers do both and the app must cope.
/// </summary>
public sealed class SandboxPaymentProvider(
    IHttpClientFactory http,
    IOptions<SandboxOptions> options,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<SandboxPaymentProvider> logger) : IPaymentProvider
{
    public const string ProviderName = "sandbox";
    public const string HttpClientName = "payments-sandbox";
    public const string NotifyPath = "payments/notify/" + ProviderName;

    /// <summary>The banks offered on the B2B page (code → name).</summary>
    public static readonly IReadOnlyDictionary<string, string> Banks = new Dictionary<string, string>
    {
        ["ICBC"] = "中国工商银行 (ICBC)",
        ["ABC"] = "中国农业银行 (ABC)",
        ["BOC"] = "中国银行 (Bank of China)",
        ["CCB"] = "中国建设银行 (CCB)",
        ["BOCOM"] = "交通银行 (Bank of Communications)",
        ["CMB"] = "招商银行 (China Merchants Bank)",
    };

    private readonly ConcurrentDictionary<Guid, SandboxTrade> _trades = new();
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private SandboxOptions Options => options.Value;

    public string Name => ProviderName;

    public bool Enabled => Options.Enabled;

    public string Acknowledgement => "success";

    public string MerchantName => Options.MerchantName;

    public Task<Checkout> StartAsync(CheckoutRequest request, CancellationToken ct = default)
    {
        if (!Options.Enabled) throw new InvalidOperationException("The sandbox payment provider is switched off (Payments:Sandbox:Enabled).");
        if (PaymentChannels.Resolve(request.Method, request.Channel) != request.Channel)
            throw new ArgumentException($"{request.Method} cannot be paid through {request.Channel}.", nameof(request));
        if (request.Amount <= Money.Zero) throw new ArgumentException("Nothing to pay.", nameof(request));
        var now = clock.GetUtcNow();
        Prune(now);
        var trade = new SandboxTrade(request, new Uri(BaseFor(Options.NotifyBaseUrl, request.AppBaseUri), NotifyPath), now);
        if (!_trades.TryAdd(request.AttemptId, trade))
            throw new InvalidOperationException($"Trade {request.AttemptId:N} exists already.");
        var payUrl = new Uri(BaseFor(Options.BaseUrl, request.AppBaseUri), $"sandbox/pay/{request.AttemptId:N}");
        logger.LogInformation("Sandbox trade {Attempt} opened for order {Order}: {Amount} by {Channel}, notifications to {NotifyUrl}.",
            request.AttemptId, request.OrderNumber, request.Amount, request.Channel, trade.NotifyUrl);
        return Task.FromResult(new Checkout(request.Method == PaymentMethod.B2B ? CheckoutKind.Redirect : CheckoutKind.QrCode, payUrl, request.ExpiresAt));
    }

    public NotificationCheck VerifyNotification(ReadOnlySpan<byte> body, IReadOnlyDictionary<string, string> headers) =>
        !Options.Enabled ? NotificationCheck.Refused("沙箱支付未启用 (the sandbox provider is switched off)") : SandboxNotification.Verify(Name, body, headers, Options.Secret, clock.GetUtcNow(), Options.TimestampTolerance);

    public Task<ProviderTradeStatus> QueryAsync(Guid attemptId, string? transactionId = null, CancellationToken ct = default)
    {
        var trade = Find(attemptId);
        if (trade is null || (transactionId is not null && trade.TransactionId != transactionId))
            return Task.FromResult(new ProviderTradeStatus(ProviderTradeState.Unknown, null, null));
        lock (trade.Gate)
        {
            CloseIfExpired(trade, clock.GetUtcNow());
            var status = trade.Status switch
            {
                SandboxTradeStatus.Paid => new ProviderTradeStatus(ProviderTradeState.Paid, NoticeOf(trade, Guid.NewGuid().ToString("N")), trade.ExpiresAt),
                SandboxTradeStatus.Closed => new ProviderTradeStatus(ProviderTradeState.Closed, null, trade.ExpiresAt),
                _ => new ProviderTradeStatus(ProviderTradeState.WaitingForPayment, null, trade.ExpiresAt),
            };
            return Task.FromResult(status);
        }
    }

    public Task<ProviderRefund> RefundAsync(string transactionId, string refundRequestId, Money amount, string reason, CancellationToken ct = default)
    {
        var trade = _trades.Values.FirstOrDefault(t => t.TransactionId == transactionId);
        if (trade is null) return Task.FromResult(new ProviderRefund(false, null, "交易不存在 (no such transaction)"));
        if (amount <= Money.Zero) return Task.FromResult(new ProviderRefund(false, null, "退款金额须大于零 (the refund must be more than zero)"));
        if (string.IsNullOrWhiteSpace(reason)) return Task.FromResult(new ProviderRefund(false, null, "请填写退款原因 (a reason is required)"));
        lock (trade.Gate)
        {
            if (trade.RefundFor(refundRequestId) is { } earlier)
            {
                return Task.FromResult(earlier.Amount == amount.Amount
                    ? new ProviderRefund(true, earlier.RefundId, null)
                    : new ProviderRefund(false, null, "同一退款请求号的金额不一致 (the same refund request with another amount)"));
            }
            var left = trade.Amount - trade.Refunded;
            if (amount.Amount > left)
                return Task.FromResult(new ProviderRefund(false, null, $"退款金额超过可退金额 ¥{left:0.00} (more than the ¥{left:0.00} left to refund)"));
            var id = "SBR" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
            trade.AddRefund(refundRequestId, id, amount.Amount);
            logger.LogInformation("Sandbox refunded {Amount} of {Transaction}: {Reason}", amount, transactionId, reason);
            return Task.FromResult(new ProviderRefund(true, id, null));
        }
    }

    /// <summary>The trade behind a pay page (closed when its time is up), or null.</summary>
    public SandboxTrade? Find(Guid attemptId)
    {
        if (!_trades.TryGetValue(attemptId, out var trade)) return null;
        lock (trade.Gate) CloseIfExpired(trade, clock.GetUtcNow());
        return trade;
    }

    /// <summary>
    /// The payer confirmed on the pay page: the trade is paid once (a second click changes nothing) unless its time is
    /// up, and the notification goes out in the background as a real provider's would.
    /// </summary>
    public SandboxPayOutcome Pay(Guid attemptId, string? bank = null)
    {
        if (!_trades.TryGetValue(attemptId, out var trade)) return SandboxPayOutcome.Unknown;
        lock (trade.Gate)
        {
            var now = clock.GetUtcNow();
            CloseIfExpired(trade, now);
            switch (trade.Status)
            {
                case SandboxTradeStatus.Paid: return SandboxPayOutcome.AlreadyPaid;
                case SandboxTradeStatus.Closed: return SandboxPayOutcome.Expired;
            }
            trade.Status = SandboxTradeStatus.Paid;
            trade.PaidAt = now;
            trade.PayerBank = bank;
            trade.TransactionId = $"SBX{now.ToOffset(OrderNumber.ChinaOffset):yyyyMMddHHmmss}{Convert.ToHexString(RandomNumberGenerator.GetBytes(6))}";
        }
        logger.LogInformation("Sandbox trade {Attempt} paid: transaction {Transaction}.", attemptId, trade.TransactionId);
        Track(Task.Run(() => DeliverAsync(trade, lifetime.ApplicationStopping)));
        return SandboxPayOutcome.Paid;
    }

    /// <summary>Waits until every notification being delivered now was acknowledged or given up (tests, shutdown).</summary>
    public Task IdleAsync() => Task.WhenAll(_inFlight.Keys.ToArray());

    private void Track(Task task)
    {
        _inFlight.TryAdd(task, 0);
        task.ContinueWith(t => _inFlight.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>Posts until acknowledged, pausing as the schedule says before each try; sometimes sends a second copy.</summary>
    private async Task DeliverAsync(SandboxTrade trade, CancellationToken stopping)
    {
        var schedule = Options.Schedule;
        for (var i = 0; i < schedule.Count; i++)
        {
            try
            {
                if (schedule[i] > TimeSpan.Zero) await Task.Delay(schedule[i], clock, stopping);
                if (await SendAsync(trade, i + 1, duplicate: false, stopping))
                {
                    if (Options.DuplicateRate > 0 && Random.Shared.NextDouble() < Options.DuplicateRate)
                        await SendAsync(trade, i + 1, duplicate: true, stopping);
                    return;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
        logger.LogError("Sandbox gave up notifying {Url} of transaction {Transaction} after {Count} tries.", trade.NotifyUrl, trade.TransactionId, schedule.Count);
    }

    private async Task<bool> SendAsync(SandboxTrade trade, int attempt, bool duplicate, CancellationToken stopping)
    {
        var body = SandboxNotification.Serialize(SandboxNotification.For(trade.AttemptId, trade.TransactionId!, trade.Method, trade.Channel, trade.Amount,
            Money.Currency, trade.PaidAt!.Value, NotifyId(trade)));
        using var request = new HttpRequestMessage(HttpMethod.Post, trade.NotifyUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        foreach (var (name, value) in SandboxNotification.Sign(body, Options.Secret, clock.GetUtcNow())) request.Headers.TryAddWithoutValidation(name, value);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(Options.DeliveryTimeout);
        int status;
        string answer;
        try
        {
            using var client = http.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, timeout.Token);
            status = (int)response.StatusCode;
            answer = await response.Content.ReadAsStringAsync(timeout.Token);
            if (answer.Length > 200) answer = answer[..200];
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !stopping.IsCancellationRequested))
        {
            status = 0;
            answer = ex.Message;
        }
        var acknowledged = status is >= 200 and < 300 && answer.Trim() == Acknowledgement;
        trade.Log(new SandboxDelivery(attempt, duplicate, clock.GetUtcNow(), status, answer, acknowledged));
        if (!acknowledged)
            logger.LogWarning("Sandbox notification {Try} of {Transaction} to {Url} not acknowledged: {Status} {Answer}", attempt, trade.TransactionId, trade.NotifyUrl, status, answer);
        return acknowledged;
    }

    /// <summary>Every copy of one trade's notification carries the same notify id (as the wallets do).</summary>
    private static string NotifyId(SandboxTrade trade) => $"{trade.AttemptId:N}-{trade.TransactionId}";

    private ProviderNotice NoticeOf(SandboxTrade trade, string notificationId) =>
        new(Name, notificationId, trade.AttemptId, trade.TransactionId!, trade.Method, trade.Channel, trade.Amount, Money.Currency, trade.PaidAt!.Value);

    private static void CloseIfExpired(SandboxTrade trade, DateTimeOffset now)
    {
        if (trade.Status == SandboxTradeStatus.WaitingForPayment && now >= trade.ExpiresAt) trade.Status = SandboxTradeStatus.Closed;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (id, trade) in _trades)
        {
            if (now - trade.CreatedAt > Options.LedgerRetention) _trades.TryRemove(id, out _);
        }
    }

    private static Uri BaseFor(string? configured, Uri app)
    {
        var text = string.IsNullOrWhiteSpace(configured) ? app.GetLeftPart(UriPartial.Path) : configured.Trim();
        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new InvalidOperationException($"Payments:Sandbox base URL “{text}” is not an absolute http(s) URL.");
        return uri;
    }
}
