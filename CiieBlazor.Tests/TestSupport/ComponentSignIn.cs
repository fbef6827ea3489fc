using System.Security.Claims;
using Bunit;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Common;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace CiieBlazor.Tests.TestSupport;

/// <summary>bUnit helpers for pages: sign in as a seeded user, render a page with MudBlazor's providers, read a field's message.</summary>
public static class ComponentSignIn
{
    public static void SignInAs(this BunitContext context, Actor actor, string role)
    {
        var auth = context.AddAuthorization();
        auth.SetAuthorized(actor.Name);
        auth.SetRoles(role);
        List<Claim> claims = [new(ClaimTypes.NameIdentifier, actor.UserId), new(CiieClaims.DisplayName, actor.Name)];
        if (actor.OrganisationId is { } org) claims.Add(new Claim(CiieClaims.OrganisationId, org.ToString()));
        if (actor.DelegationId is { } delegation) claims.Add(new Claim(CiieClaims.DelegationId, delegation.ToString()));
        auth.SetClaims([.. claims]);
    }

    /// <summary>Renders a page the way the layout hosts it: popover, dialog and snackbar providers beside it.</summary>
    public static IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderPage<TPage>(this BunitContext context) where TPage : IComponent =>
        context.RenderPage(typeof(TPage));

    /// <inheritdoc cref="RenderPage{TPage}"/>
    /// <param name="parameters">What the router would give the page from its URL (e.g. PersonId).</param>
    public static IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderPage(this BunitContext context, Type page,
        IReadOnlyDictionary<string, object>? parameters = null) =>
        context.Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<MudDialogProvider>(1);
            b.CloseComponent();
            b.OpenComponent<MudSnackbarProvider>(2);
            b.CloseComponent();
            b.OpenComponent(3, page);
            foreach (var (name, value) in parameters ?? new Dictionary<string, object>()) b.AddAttribute(4, name, value);
            b.CloseComponent();
        });

    /// <summary>The text around a form field: its label, value and the message shown under it.</summary>
    public static string FieldText(this IRenderedComponent<Bunit.Rendering.ContainerFragment> host, string testId) =>
        host.Find($"[data-testid={testId}]").Closest(".mud-input-control")?.TextContent
        ?? throw new InvalidOperationException($"{testId} is not inside a MudBlazor input");
}
