using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CiieBlazor.Domain.Orders;

namespace CiieBlazor.App.Features.Payments;

/// <summary>
/// The sandbox's notification wire format, modelled on WeChat Pay v3 (JSON body, signature in headers):
/// <code>
/// POST /payments/notify/sandbox
/// Content-Type: application/json; charset=utf-8
/// Sandbox-Timestamp: 1795838400                (unix seconds, when this copy was signed)
/// Sandbox-Nonce: 6f1c…                         (32 hex, new for every copy)
/// Sandbox-Signature-Type: HMAC-SHA256
/// Sandbox-Signature: base64( HMAC-SHA256( Payments:Sandbox:Secret, "{timestamp}\n{nonce}\n{raw body}\n" ) )
///
/// {"notify_id":"…","event_type":"TRANSACTION.SUCCESS","trade_state":"SUCCESS",
///  "out_trade_no":"&lt;our attempt id, 32 hex&gt;","transaction_id":"SBX…","method":"QrCode","channel":"Alipay",
///  "amount":{"total":20000,"currency":"CNY"},"success_time":"2026-11-28T10:00:00+08:00"}
/// </code>
/// Amounts are integer fen (20000 = ¥200.00). The app answers 200 with the text <c>success</c> when it took the
/// notification (also for a duplicate); anything else makes the sandbox retry.
/// </summary>
public static class SandboxNotification
{
    public const string TimestampHeader = "Sandbox-Timestamp";
    public const string NonceHeader = "Sandbox-Nonce";
    public const string SignatureHeader = "Sandbox-Signature";
    public const string SignatureTypeHeader = "Sandbox-Signature-Type";
    public const string SignatureType = "HMAC-SHA256";
    public const string EventType = "TRANSACTION.SUCCESS";
    public const string TradeSuccess = "SUCCESS";
    public const int MaxBodyBytes = 16 * 1024;

    public sealed record Amount(
        [property: JsonPropertyName("total")] long Total,
        [property: JsonPropertyName("currency")] string Currency);

    public sealed record Body(
        [property: JsonPropertyName("notify_id")] string NotifyId,
        [property: JsonPropertyName("event_type")] string EventType,
        [property: JsonPropertyName("trade_state")] string TradeState,
        [property: JsonPropertyName("out_trade_no")] string OutTradeNo,
        [property: JsonPropertyName("transaction_id")] string TransactionId,
        [property: JsonPropertyName("method")] string Method,
        [property: JsonPropertyName("channel")] string Channel,
        [property: JsonPropertyName("amount")] Amount Amount,
        [property: JsonPropertyName("success_time")] DateTimeOffset SuccessTime);

    /// <summary>The body for a paid trade (what the sandbox sends; tests build forged ones the same way).</summary>
    public static Body For(Guid attemptId, string transactionId, PaymentMethod method, PaymentChannel channel, decimal amount, string currency,
        DateTimeOffset paidAt, string? notifyId = null) =>
        new(notifyId ?? Guid.NewGuid().ToString("N"), EventType, TradeSuccess, attemptId.ToString("N"), transactionId, method.ToString(), channel.ToString(),
            new Amount(ToFen(amount), currency), paidAt.ToOffset(TimeSpan.FromHours(8)));

    public static byte[] Serialize(Body body) => JsonSerializer.SerializeToUtf8Bytes(body);

    /// <summary>The four headers of a signed copy of <paramref name="body"/>.</summary>
    public static Dictionary<string, string> Sign(ReadOnlySpan<byte> body, string secret, DateTimeOffset now, string? nonce = null)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        nonce ??= Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        return new Dictionary<string, string>
        {
            [TimestampHeader] = timestamp,
            [NonceHeader] = nonce,
            [SignatureTypeHeader] = SignatureType,
            [SignatureHeader] = Convert.ToBase64String(Mac(body, secret, timestamp, nonce)),
        };
    }

    /// <summary>Verifies the signature (constant time) and the timestamp window, then parses; a refusal names its reason.</summary>
    public static NotificationCheck Verify(string provider, ReadOnlySpan<byte> body, IReadOnlyDictionary<string, string> headers, string secret,
        DateTimeOffset now, TimeSpan tolerance)
    {
        if (body.Length == 0) return NotificationCheck.Refused("通知内容为空 (empty notification)");
        if (body.Length > MaxBodyBytes) return NotificationCheck.Refused("通知内容过大 (notification too large)");
        if (!headers.TryGetValue(TimestampHeader, out var timestamp) || !headers.TryGetValue(NonceHeader, out var nonce)
            || !headers.TryGetValue(SignatureHeader, out var signature))
            return NotificationCheck.Refused("缺少签名 (signature headers missing)");
        if (headers.TryGetValue(SignatureTypeHeader, out var type) && !string.Equals(type, SignatureType, StringComparison.OrdinalIgnoreCase))
            return NotificationCheck.Refused($"不支持的签名类型 (unsupported signature type {type})");
        if (nonce.Length is < 8 or > 64) return NotificationCheck.Refused("随机串无效 (invalid nonce)");
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799)
            return NotificationCheck.Refused("时间戳无效 (invalid timestamp)");
        var given = new byte[32];
        if (!Convert.TryFromBase64String(signature, given, out var written) || written != 32)
            return NotificationCheck.Refused("签名格式无效 (malformed signature)");
        if (!CryptographicOperations.FixedTimeEquals(given, Mac(body, secret, timestamp, nonce)))
            return NotificationCheck.Refused("签名验证失败 (signature does not verify)");
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((now - signedAt).Duration() > tolerance)
            return NotificationCheck.Refused($"签名时间超出允许范围 (signature timestamp {signedAt:u} is outside the allowed window)");
        return Parse(provider, body);
    }

    private static NotificationCheck Parse(string provider, ReadOnlySpan<byte> raw)
    {
        Body? body;
        try
        {
            body = JsonSerializer.Deserialize<Body>(raw);
        }
        catch (JsonException ex)
        {
            return NotificationCheck.Refused($"通知格式错误 (malformed notification: {ex.Message})");
        }
        if (body is null || body.Amount is null || string.IsNullOrEmpty(body.TransactionId) || string.IsNullOrEmpty(body.OutTradeNo))
            return NotificationCheck.Refused("通知缺少字段 (notification fields missing)");
        if (body.EventType != EventType || body.TradeState != TradeSuccess)
            return NotificationCheck.Refused($"非支付成功通知 (not a payment success: {body.EventType}/{body.TradeState})");
        if (!Guid.TryParseExact(body.OutTradeNo, "N", out var attemptId))
            return NotificationCheck.Refused("商户订单号无效 (invalid out_trade_no)");
        if (body.TransactionId.Length > 64)
            return NotificationCheck.Refused("交易号无效 (invalid transaction id)");
        if (!Enum.TryParse<PaymentMethod>(body.Method, out var method) || method == PaymentMethod.BankTransfer || !Enum.IsDefined(method)
            || !Enum.TryParse<PaymentChannel>(body.Channel, out var channel) || !Enum.IsDefined(channel))
            return NotificationCheck.Refused("支付方式无效 (invalid method or channel)");
        if (body.Amount.Total <= 0 || body.Amount.Total > 100_000_000_00)
            return NotificationCheck.Refused("金额无效 (invalid amount)");
        return NotificationCheck.Valid(new ProviderNotice(provider, body.NotifyId ?? "", attemptId, body.TransactionId, method, channel,
            body.Amount.Total / 100m, body.Amount.Currency ?? "", body.SuccessTime));
    }

    private static long ToFen(decimal amount) => (long)decimal.Round(amount * 100m, 0, MidpointRounding.AwayFromZero);

    private static byte[] Mac(ReadOnlySpan<byte> body, string secret, string timestamp, string nonce)
    {
        var prefix = Encoding.UTF8.GetBytes($"{timestamp}\n{nonce}\n");
        var message = new byte[prefix.Length + body.Length + 1];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        message[^1] = (byte)'\n';
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
    }
}
