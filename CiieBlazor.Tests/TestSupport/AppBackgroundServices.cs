using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CiieBlazor.Tests.TestSupport;

/// <summary>
/// The app's background services in a test host's registrations. The app registers each as an <see cref="IHostedService"/>
/// through a factory that returns its singleton (Hosting/ServiceRegistration.cs): the factory's return type names it.
/// </summary>
public static class AppBackgroundServices
{
    /// <summary>Removes the app's background services whose type <paramref name="remove"/> picks; says how many it removed.</summary>
    public static int Remove(IServiceCollection services, Func<Type, bool> remove)
    {
        var picked = services.Where(d => d.ServiceType == typeof(IHostedService)
            && d.ImplementationFactory?.Method.DeclaringType?.Assembly == typeof(Program).Assembly
            && remove(d.ImplementationFactory.Method.ReturnType)).ToList();
        foreach (var descriptor in picked) services.Remove(descriptor);
        return picked.Count;
    }
}
