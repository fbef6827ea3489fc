using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Orders;

namespace CiieBlazor.App.Features.Payments;

/// <summary>Where the visitor pays: the three QR wallets, or a bank's online banking for B2B.</summary>
public enum PaymentChannel
{
    /// <summary>支付宝</summary>
    Alipay,
    /// <summary>微信支付</summary>
    WeChatPay,
    /// <summary>云闪付 (银联)</summary>
    UnionPay,
    /// <summary>企业网银 (B2B)</summary>
    OnlineBanking,
}

public static class PaymentChannels
{
    public static readonly PaymentChannel[] Qr = [PaymentChannel.Alipay, PaymentChannel.WeChatPay, PaymentChannel.UnionPay];

    /// <summary>The channel a method may use; null when the pair does not exist (a QR needs a wallet, B2B is online banking).</summary>
    public static PaymentChannel? Resolve(PaymentMethod method, PaymentChannel? channel) => method switch
    {
        PaymentMethod.QrCode when channel is { } c && Qr.Contains(c) => c,
        PaymentMethod.B2B when channel is null or PaymentChannel.OnlineBanking => PaymentChannel.OnlineBanking,
        _ => null,
    };

    public static string Label(PaymentChannel channel) => channel switch
    {
        PaymentChannel.Alipay => "支付宝 (Alipay)",
        PaymentChannel.WeChatPay => "微信支付 (WeChat Pay)",
        PaymentChannel.UnionPay => "云闪付 (UnionPay)",
        _ => "企业网银 (online banking)",
    };
}

/// <summary>What we ask a provider to collect: our attempt id is the provider's merchant order number (out_trade_no).</summary>
/// <param name="AppBaseUri">This site as the visitor reached it; a provider sends its notifications here unless configured otherwise.</param>
/// <param name="ReturnUrl">Where the bank's page sends the payer back after paying (return_url); the order's page.</param>
public sealed record CheckoutRequest(
    Guid AttemptId, string OrderNumber, string Subject, Money Amount, PaymentMethod Method, PaymentChannel Channel, DateTimeOffset ExpiresAt, Uri AppBaseUri,
    Uri? ReturnUrl = null);

public enum CheckoutKind
{
    /// <summary>Show <see cref="Checkout.PayUrl"/> as a QR code for the visitor's phone.</summary>
    QrCode,
    /// <summary>Send the visitor's browser to <see cref="Checkout.PayUrl"/> (a bank's page).</summary>
    Redirect,
}

/// <summary>What the visitor must see to pay, and until when.</summary>
public sealed record Checkout(CheckoutKind Kind, Uri PayUrl, DateTimeOffset ExpiresAt);

/// <summary>
/// A provider's confirmed payment, parsed from a verified notification or a status query. Amount stays a plain
/// decimal with its currency: checking them against the attempt is the gateway's job, not the parser's.
/// </summary>
public sealed record ProviderNotice(
    string Provider, string NotificationId, Guid AttemptId, string TransactionId, PaymentMethod Method, PaymentChannel Channel,
    decimal Amount, string Currency, DateTimeOffset PaidAt);

/// <summary>The result of checking a notification: a notice, or the reason it was refused (bad signature, malformed…).</summary>
public sealed record NotificationCheck(ProviderNotice? Notice, string? Refusal)
{
    public static NotificationCheck Valid(ProviderNotice notice) => new(notice, null);
    public static NotificationCheck Refused(string reason) => new(null, reason);
}

public enum ProviderTradeState
{
    /// <summary>The provider has no such trade (never started there, or forgotten).</summary>
    Unknown,
    WaitingForPayment,
    Paid,
    /// <summary>Closed unpaid (expired).</summary>
    Closed,
}

/// <summary>A provider's answer to a status query; <see cref="Payment"/> is set when it says Paid.</summary>
public sealed record ProviderTradeStatus(ProviderTradeState State, ProviderNotice? Payment, DateTimeOffset? ExpiresAt);

/// <summary>A provider's answer to a refund request.</summary>
public sealed record ProviderRefund(bool Accepted, string? RefundId, string? Refusal);

/// <summary>
/// One interface for the online payment providers (Alipay, WeChat Pay, UnionPay, the banks' B2B gateways, the sandbox).
/// They differ in wire formats and signatures (RSA, SM2, HMAC…), not in these four steps, so the gateway never needs to
/// know which one it talks to.
/// </summary>
public interface IPaymentProvider
{
    /// <summary>Route name: the provider posts its notifications to /payments/notify/{Name}.</summary>
    string Name { get; }

    /// <summary>Whether this provider takes payments here (configured and switched on); when not, only bank transfer is offered.</summary>
    bool Enabled { get; }

    /// <summary>The body the provider expects back when a notification was taken (it retries otherwise).</summary>
    string Acknowledgement { get; }

    /// <summary>Opens a trade at the provider (QR pre-create, or the bank's redirect) and returns what the visitor must see.</summary>
    Task<Checkout> StartAsync(CheckoutRequest request, CancellationToken ct = default);

    /// <summary>Checks a notification's signature over its raw body and headers, and parses it.</summary>
    NotificationCheck VerifyNotification(ReadOnlySpan<byte> body, IReadOnlyDictionary<string, string> headers);

    /// <summary>Asks the provider what became of a trade (for payments whose notification never came).</summary>
    Task<ProviderTradeStatus> QueryAsync(Guid attemptId, string? transactionId = null, CancellationToken ct = default);

    /// <summary>
    /// Returns (part of) a payment the original route. <paramref name="refundRequestId"/> is our id of the refund
    /// (out_request_no / out_refund_no): asking again with the same id refunds once and answers as the first time.
    /// </summary>
    Task<ProviderRefund> RefundAsync(string transactionId, string refundRequestId, Money amount, string reason, CancellationToken ct = default);
}
