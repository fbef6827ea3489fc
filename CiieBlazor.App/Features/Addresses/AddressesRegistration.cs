namespace CiieBlazor.App.Features.Addresses;

public static class AddressesRegistration
{
    /// <summary>证件快递常用地址: the service behind /portal/addresses (stateless; one DbContext per operation).</summary>
    public static IServiceCollection AddCourierAddresses(this IServiceCollection services)
    {
        services.AddSingleton<CourierAddressService>();
        return services;
    }
}
