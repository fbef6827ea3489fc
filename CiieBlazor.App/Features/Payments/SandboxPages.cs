using System.Globalization;
using System.Text;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Orders;
using static System.Net.WebUtility;

namespace CiieBlazor.App.Features.Payments;

/// <summary>
/// The sandbox provider's own pages, as a phone opens them after scanning the QR code (or a browser after the B2B
/// redirect): plain server-rendered HTML, Chinese first with English, no Blazor and nothing of ours — they stand in for
/// the wallet's or the bank's page.
/// </summary>
public static class SandboxPages
{
    /// <summary>The pay page: merchant, order number, amount, countdown and the confirm button (bank chooser for B2B).</summary>
    public static string Pay(SandboxTrade trade, string merchant, DateTimeOffset now, string? error = null)
    {
        var b2b = trade.Method == PaymentMethod.B2B;
        var body = new StringBuilder();
        body.Append(Details(trade, merchant));
        if (error is not null) body.Append($"<p class=\"error\" data-testid=\"error\">{HtmlEncode(error)}</p>");
        switch (trade.Status)
        {
            case SandboxTradeStatus.Paid:
                body.Append(Paid(trade));
                break;
            case SandboxTradeStatus.Closed:
                body.Append(Expired(b2b));
                break;
            default:
                var seconds = Math.Max(0, (long)Math.Floor((trade.ExpiresAt - now).TotalSeconds));
                body.Append($"<p class=\"countdown\">剩余支付时间 (time left) <b id=\"left\" data-seconds=\"{seconds}\">{seconds / 60:00}:{seconds % 60:00}</b></p>");
                body.Append("<form method=\"post\" action=\"\">");
                if (b2b)
                {
                    body.Append("<label for=\"bank\">付款银行 (paying bank)</label><select id=\"bank\" name=\"bank\" required><option value=\"\">请选择 (choose)</option>");
                    foreach (var (code, name) in SandboxPaymentProvider.Banks) body.Append($"<option value=\"{code}\">{HtmlEncode(name)}</option>");
                    body.Append("</select>");
                }
                body.Append("<input type=\"hidden\" name=\"confirm\" value=\"yes\">");
                body.Append($"<button type=\"submit\" data-testid=\"pay\">{(b2b ? "确认付款 / Pay" : "确认支付 / Pay")}</button></form>");
                // The countdown runs from a file: the site's CSP allows no inline script.
                body.Append("<script src=\"/js/sandbox-pay.js\"></script>");
                break;
        }
        return Layout(trade, body.ToString());
    }

    /// <summary>What the payer sees after confirming.</summary>
    public static string Result(SandboxTrade trade, string merchant, SandboxPayOutcome outcome) =>
        Layout(trade, Details(trade, merchant) + (outcome is SandboxPayOutcome.Expired ? Expired(trade.Method == PaymentMethod.B2B) : Paid(trade)));

    public static string NotFound() =>
        Document("沙箱支付 (sandbox payment)", "sandbox", "<p class=\"error\" data-testid=\"error\">交易不存在或已失效 (no such trade, or it is no longer kept)</p>");

    private static string Details(SandboxTrade trade, string merchant) =>
        "<dl>"
        + $"<dt>收款方 (merchant)</dt><dd data-testid=\"merchant\">{HtmlEncode(merchant)}</dd>"
        + $"<dt>订单号 (order number)</dt><dd data-testid=\"order-number\">{HtmlEncode(trade.OrderNumber)}</dd>"
        + $"<dt>商品 (item)</dt><dd>{HtmlEncode(trade.Subject)}</dd>"
        + $"<dt>支付方式 (method)</dt><dd>{HtmlEncode(PaymentChannels.Label(trade.Channel))}</dd>"
        + $"<dt>过期时间 (valid until)</dt><dd>{trade.ExpiresAt.ToOffset(OrderNumber.ChinaOffset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}</dd>"
        + "</dl>"
        + $"<p class=\"amount\" data-testid=\"amount\">¥{trade.Amount.ToString("0.00", CultureInfo.InvariantCulture)}</p>";

    private static string Paid(SandboxTrade trade) =>
        $"<p class=\"ok\" data-testid=\"paid\">支付成功 (payment successful)</p><p class=\"small\">交易号 (transaction) {HtmlEncode(trade.TransactionId ?? "")}</p>"
        + (trade.ReturnUrl is { } back
            ? $"<p class=\"small\"><a href=\"{HtmlEncode(back.AbsoluteUri)}\" data-testid=\"return\">返回商户查看订单 (back to the CIIE site to see your order)</a></p>"
            : "<p class=\"small\">请返回进博会网站查看订单状态 (return to the CIIE site to see your order)</p>");

    private static string Expired(bool b2b) =>
        (b2b
            ? "<p class=\"error\" data-testid=\"expired\">支付已超时 (the payment has timed out)</p>"
            : "<p class=\"error\" data-testid=\"expired\">二维码已过期 (the QR code has expired)</p>")
        + "<p class=\"small\">请返回进博会网站重新发起支付 (start a new payment on the CIIE site)</p>";

    private static string Layout(SandboxTrade trade, string body)
    {
        var b2b = trade.Method == PaymentMethod.B2B;
        var title = b2b ? "企业网上银行 · 沙箱 (corporate online banking · sandbox)" : $"{PaymentChannels.Label(trade.Channel)} · 沙箱 (sandbox)";
        return Document(title, b2b ? "bank" : trade.Channel.ToString().ToLowerInvariant(), body);
    }

    private static string Document(string title, string theme, string body) => $$"""
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>{{HtmlEncode(title)}}</title>
        <style>
        body { font-family: -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; background: #f4f5f7; color: #222; }
        header { padding: 14px 18px; color: #fff; font-weight: 600; }
        .alipay header { background: #1677ff; } .wechatpay header { background: #07c160; } .unionpay header { background: #d7000f; }
        .bank header, .sandbox header { background: #8a5a00; }
        main { max-width: 420px; margin: 16px auto; background: #fff; border-radius: 8px; padding: 16px 20px; box-shadow: 0 1px 3px rgba(0,0,0,.1); }
        dl { display: grid; grid-template-columns: auto 1fr; gap: 6px 12px; font-size: 14px; } dt { color: #777; } dd { margin: 0; word-break: break-all; }
        .amount { font-size: 32px; font-weight: 700; text-align: center; margin: 16px 0; }
        .countdown { text-align: center; color: #c45500; }
        form { display: grid; gap: 10px; } select, button { font-size: 16px; padding: 10px; }
        button { background: #1677ff; color: #fff; border: 0; border-radius: 6px; }
        .ok { color: #07a04a; font-size: 20px; text-align: center; } .error { color: #c40000; } .small { font-size: 12px; color: #777; text-align: center; }
        </style>
        </head>
        <body class="{{theme}}">
        <header>{{HtmlEncode(title)}}</header>
        <main>
        {{body}}
        <p class="small">沙箱环境，不会产生真实扣款 (sandbox: no real money moves)</p>
        </main>
        </body>
        </html>
        """;
}
