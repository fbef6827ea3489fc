using Microsoft.Extensions.Options;

namespace CiieBlazor.App.Features.Payments;

/// <summary>The payment gateway's services and HTTP endpoints (provider notifications, the sandbox provider's pages).</summary>
public static class PaymentsRegistration
{
    private const int MaxFormBytes = 4 * 1024;

    public static IServiceCollection AddPayments(this IServiceCollection services)
    {
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section)
            .Validate(o => o.Secret.Length >= 32, "Payments:Sandbox:Secret 至少32个字符 (the sandbox signing secret needs at least 32 characters)")
            .Validate(o => o.DuplicateRate is >= 0 and <= 1, "Payments:Sandbox:DuplicateRate 须在0到1之间 (between 0 and 1)")
            .Validate(o => o.RetrySchedule is null || o.RetrySchedule.All(t => t >= TimeSpan.Zero), "Payments:Sandbox:RetrySchedule 不能为负 (no negative pauses)")
            .ValidateOnStart();
        services.AddOptions<ReconciliationOptions>().BindConfiguration(ReconciliationOptions.Section)
            .Validate(o => o.Interval > TimeSpan.Zero && o.MinAge >= TimeSpan.Zero && o.BatchSize > 0, "Payments:Reconciliation 配置无效 (invalid reconciliation settings)")
            .ValidateOnStart();
        services.AddHttpClient(SandboxPaymentProvider.HttpClientName);
        services.AddSingleton<SandboxPaymentProvider>();
        services.AddSingleton<IPaymentProvider>(sp => sp.GetRequiredService<SandboxPaymentProvider>());
        services.AddSingleton<PaymentService>();
        // Notifications are applied in batches by one background loop (one save per batch); the endpoint waits for its commit.
        services.AddSingleton<PaymentApplier>();
        services.AddHostedService(sp => sp.GetRequiredService<PaymentApplier>());
        services.AddSingleton<PaymentReconciler>();
        // Registered by type (not by factory): the loop is a thin timer around the reconciler singleton.
        services.AddHostedService<PaymentReconciliationLoop>();
        return services;
    }

    public static WebApplication MapPayments(this WebApplication app)
    {
        // A provider's asynchronous notification: verified over the raw body, applied exactly once (batched with the
        // notifications arriving meanwhile, answered after their commit), acknowledged as the provider expects ("success"
        // for the sandbox); a refusal is a 400 with its reason (logged), which makes the provider retry.
        app.MapPost("/payments/notify/{provider}", async (string provider, HttpRequest request, IEnumerable<IPaymentProvider> providers, PaymentApplier payments,
            ILoggerFactory loggers, CancellationToken ct) =>
        {
            var logger = loggers.CreateLogger("CiieBlazor.App.Features.Payments.Notifications");
            var gateway = providers.FirstOrDefault(p => string.Equals(p.Name, provider, StringComparison.OrdinalIgnoreCase));
            if (gateway is null) return Results.Text("unknown provider", statusCode: StatusCodes.Status404NotFound);
            var body = await ReadBodyAsync(request, SandboxNotification.MaxBodyBytes, ct);
            if (body is null)
            {
                logger.LogWarning("Payment notification for {Provider} from {Remote} refused: body too large.", gateway.Name, request.HttpContext.Connection.RemoteIpAddress);
                return Results.Text("fail: 通知内容过大 (notification too large)", statusCode: StatusCodes.Status413PayloadTooLarge);
            }
            var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var check = gateway.VerifyNotification(body, headers);
            if (check.Notice is not { } notice)
            {
                logger.LogWarning("Payment notification for {Provider} from {Remote} refused: {Reason}", gateway.Name, request.HttpContext.Connection.RemoteIpAddress, check.Refusal);
                return Results.Text($"fail: {check.Refusal}", statusCode: StatusCodes.Status400BadRequest);
            }
            var result = await payments.ApplyAsync(notice, ct);
            return result.Acknowledge
                ? Results.Text(gateway.Acknowledgement)
                : Results.Text($"fail: {result.Reason}", statusCode: StatusCodes.Status400BadRequest);
        }).DisableAntiforgery().AllowAnonymous();

        // The sandbox provider's pay page (what a phone shows after scanning; the bank page for B2B). Not our page: no
        // sign-in, no antiforgery — the trade id in the URL is the capability, as with a real wallet's link.
        app.MapGet("/sandbox/pay/{attemptId:guid}", (Guid attemptId, SandboxPaymentProvider sandbox, TimeProvider clock) =>
        {
            var trade = sandbox.Enabled ? sandbox.Find(attemptId) : null;
            return trade is null
                ? Html(SandboxPages.NotFound(), StatusCodes.Status404NotFound)
                : Html(SandboxPages.Pay(trade, sandbox.MerchantName, clock.GetUtcNow()), trade.Status == SandboxTradeStatus.Closed ? StatusCodes.Status410Gone : 200);
        }).AllowAnonymous();

        app.MapPost("/sandbox/pay/{attemptId:guid}", async (Guid attemptId, HttpRequest request, SandboxPaymentProvider sandbox, TimeProvider clock, CancellationToken ct) =>
        {
            var trade = sandbox.Enabled ? sandbox.Find(attemptId) : null;
            if (trade is null) return Html(SandboxPages.NotFound(), StatusCodes.Status404NotFound);
            var form = await ReadFormAsync(request, ct);
            var bank = form?.GetValueOrDefault("bank");
            var error = form is null ? "请从支付页面提交 (submit the form on the pay page)"
                : form.GetValueOrDefault("confirm") != "yes" ? "请点击确认支付 (press the pay button)"
                : trade.Method == Domain.Orders.PaymentMethod.B2B && (bank is null || !SandboxPaymentProvider.Banks.ContainsKey(bank)) ? "请选择付款银行 (choose the paying bank)"
                : null;
            if (error is not null) return Html(SandboxPages.Pay(trade, sandbox.MerchantName, clock.GetUtcNow(), error), StatusCodes.Status400BadRequest);
            var outcome = sandbox.Pay(attemptId, trade.Method == Domain.Orders.PaymentMethod.B2B ? bank : null);
            return Html(SandboxPages.Result(trade, sandbox.MerchantName, outcome), outcome == SandboxPayOutcome.Expired ? StatusCodes.Status410Gone : 200);
        }).DisableAntiforgery().AllowAnonymous();

        return app;
    }

    private static IResult Html(string html, int status) => Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);

    /// <summary>The raw body, or null when it is larger than <paramref name="limit"/> (read no further than that).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>A small url-encoded form, or null when it is not one (wrong type, too large, a field repeated).</summary>
    private static async Task<Dictionary<string, string>?> ReadFormAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType || request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true) return null;
        var body = await ReadBodyAsync(request, MaxFormBytes, ct);
        if (body is null) return null;
        var fields = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body));
        if (fields.Any(f => f.Value.Count != 1)) return null;
        return fields.ToDictionary(f => f.Key, f => f.Value.ToString());
    }
}
