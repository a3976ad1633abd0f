using Microsoft.Extensions.DependencyInjection;

namespace Support.Core;

public static class ServiceDecoration
{
    /// <summary>
    /// Replaces the last registration of <typeparamref name="TService"/> (a singleton) with
    /// <paramref name="wrap"/> around it, so a cross-cutting rule (answered calls) holds for
    /// every caller without any of them knowing.
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing is registered yet; <paramref name="registerFirst"/> says what to do.</exception>
    public static IServiceCollection Decorate<TService>(this IServiceCollection services, Func<IServiceProvider, TService, TService> wrap, string registerFirst)
        where TService : class
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(TService))
            ?? throw new InvalidOperationException(registerFirst);
        services.Remove(registered);
        services.AddSingleton(sp => wrap(sp, (TService)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!))));
        return services;
    }
}
