namespace CiieBlazor.App.Features.Payments;

/// <summary>The payment gateway's services and HTTP endpoints (provider notifications, the sandbox provider's pages).</summary>
public static class PaymentsRegistration
{
    public static IServiceCollection AddPayments(this IServiceCollection services) => services;

    public static WebApplication MapPayments(this WebApplication app) => app;
}
