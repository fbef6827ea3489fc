using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using CiieBlazor.App.Components.Portal.Persons;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Persons;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CiieBlazor.Tests.Components;

/// <summary>新增人员: the form adapts to the person type and names each wrong field.</summary>
public sealed class PersonFormPerType : ComponentTest
{
    private readonly TestApp _app = new();

    public PersonFormPerType()
    {
        Services.AddSingleton(_app.Get<PersonService>());
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<CurrentActor>();
    }

    private async Task SignInAsVisitorAsync()
    {
        var actor = await _app.ActorAsync(DemoSeeder.VisitorCode);
        var auth = AddAuthorization();
        auth.SetAuthorized(DemoSeeder.VisitorCode);
        auth.SetRoles("visitor");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, actor.UserId), new Claim(CiieClaims.OrganisationId, actor.OrganisationId!.Value.ToString()),
            new Claim(CiieClaims.DisplayName, actor.Name));
    }

    private IRenderedComponent<PersonEditPage> Open(PersonType type)
    {
        var nav = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        nav.NavigateTo($"portal/persons/new?type={type}");
        var cut = Render<PersonEditPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=p-document]")), TimeSpan.FromSeconds(10));
        return cut;
    }

    private static void Type(IRenderedComponent<PersonEditPage> cut, string testId, string value)
    {
        var input = cut.Find($"input[data-testid={testId}], [data-testid={testId}] input");
        input.Input(value);
        input.Blur();
    }

    [Theory]
    [InlineData(PersonType.Mainland, "居民身份证", "110105194912310021", "校验位不正确")]
    [InlineData(PersonType.Mainland, "居民身份证", "110105194913310028", "出生日期无效")]
    [InlineData(PersonType.HongKongMacaoTaiwan, "港澳居民来往内地通行证", "12345", "H或M加8位数字")]
    [InlineData(PersonType.Foreign, "护照", "E1!", "5–20位字母或数字")]
    [InlineData(PersonType.ChineseAbroad, "护照", "<script>x</script>", "5–20位字母或数字")]
    public async Task EachTypeOffersItsDocumentAndExplainsAWrongNumber(PersonType type, string documentLabel, string wrong, string message)
    {
        await SignInAsVisitorAsync();
        var cut = Open(type);

        cut.WaitForAssertion(() => Assert.Contains(documentLabel, cut.Find("[data-testid=p-doctype]").TextContent + cut.Markup));
        Type(cut, "p-document", wrong);

        cut.WaitForAssertion(() => Assert.Contains(message, cut.Markup));
        Assert.Empty(cut.FindAll("script"));
    }

    [Fact]
    public async Task MainlandPersonsAreChineseByDefaultAndTheEntryDatesCoverTheExpo()
    {
        await SignInAsVisitorAsync();
        var cut = Open(PersonType.Mainland);

        Assert.Contains("中国", cut.Find("input[data-testid=p-nationality], [data-testid=p-nationality] input").GetAttribute("value"));
        Assert.Contains("11月5日", cut.Find("[data-testid=p-entry-from]").TextContent + cut.Markup);
        Assert.Contains("11月10日", cut.Markup);
    }

    [Fact]
    public async Task TypingInTheTextFieldsRendersThemButNotThePageAndTickingTheCommitmentDoes()
    {
        await SignInAsVisitorAsync();
        var cut = Open(PersonType.Mainland);
        // The save button renders again whenever the page does (its OnClick is a new callback each time).
        var save = cut.FindComponents<MudBlazor.MudButton>().Single(b => b.Find("button").GetAttribute("data-testid") == "p-save");
        var renders = save.RenderCount;

        foreach (var (field, text) in new[] { ("p-name", "李华"), ("p-position", "采购经理"), ("p-mobile", "13800138000"), ("p-email", "lihua@example.com") })
        {
            // Awaited: the synchronous Input() returns before the handler has run, and on a busy machine the
            // field had not rendered its value yet when the assertion below looked (CI, PostgreSQL pass).
            await cut.Find($"input[data-testid={field}], [data-testid={field}] input").InputAsync(new ChangeEventArgs { Value = text });
        }
        cut.WaitForAssertion(() => Assert.Equal("李华", cut.Find("input[data-testid=p-name], [data-testid=p-name] input").GetAttribute("value")));
        Assert.Equal(renders, save.RenderCount);

        await cut.Find("[data-testid=p-commitment] input, input[data-testid=p-commitment]").ChangeAsync(new ChangeEventArgs { Value = true });
        cut.WaitForAssertion(() => Assert.True(save.RenderCount > renders));
        Assert.Equal("李华", cut.Find("input[data-testid=p-name], [data-testid=p-name] input").GetAttribute("value"));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _app.Dispose();
    }
}
