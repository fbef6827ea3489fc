using System.Globalization;
using Bunit;
using CiieBlazor.App.Components.Layout;

namespace CiieBlazor.Tests.Components;

/// <summary>The dialog Blazor shows while the circuit reconnects speaks the user's language: Chinese first, English when chosen.</summary>
public sealed class ReconnectModalText : ComponentTest
{
    [Theory]
    [InlineData("zh-CN", "正在重新连接", "秒后重试", "请重试或刷新页面", "重试", "恢复")]
    [InlineData("en", "Rejoining the server", "seconds", "Please retry or reload the page", "Retry", "Resume")]
    public void EveryStateOfTheDialogIsInTheUsersLanguage(string culture, string rejoining, string retryIn, string reload, string retry, string resume)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var dialog = Render<ReconnectModal>();

            Assert.Contains(rejoining, dialog.Find(".components-reconnect-first-attempt-visible").TextContent);
            var repeated = dialog.Find(".components-reconnect-repeated-attempt-visible");
            Assert.Contains(retryIn, repeated.TextContent);
            // blazor.web.js writes the countdown into this span: it must stay inside the sentence.
            Assert.NotNull(repeated.QuerySelector("#components-seconds-to-next-attempt"));
            Assert.Contains(reload, dialog.Find("p.components-reconnect-failed-visible").TextContent);
            Assert.Equal(retry, dialog.Find("#components-reconnect-button").TextContent.Trim());
            Assert.Equal(resume, dialog.Find("#components-resume-button").TextContent.Trim());
            Assert.DoesNotContain(culture == "en" ? "重新连接" : "Rejoin", dialog.Markup);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
