using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Support.Core.Scheduling;
using Support.Core.Triage;

namespace Support.Adapters.Triage;

public static class TriageServiceCollectionExtensions
{
    /// <summary>
    /// The hybrid triage (rules + learned model) as the app's triage engine, possible duplicates, the
    /// model refresher and the weekly retrain job. Call before <c>AddSupportCore</c>, whose rules-only engine is the fallback registration.
    /// </summary>
    public static IServiceCollection AddHybridTriage(this IServiceCollection services)
    {
        services.TryAddSingleton<PolicyTriageEngine>();
        services.TryAddSingleton<TriageModelHolder>();
        services.TryAddSingleton<HybridTriageEngine>();
        services.TryAddSingleton<ITriageEngine>(sp => sp.GetRequiredService<HybridTriageEngine>());
        services.TryAddSingleton<IPossibleDuplicates, EmbeddingDuplicateFinder>();
        services.TryAddSingleton<BlobTriageModelStore>();
        services.TryAddSingleton<TriageTrainingSet>();
        services.TryAddSingleton<TriageRetrainer>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<TriageRetrainer>());
        services.AddSingleton<TriageModelRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<TriageModelRefresher>());
        return services;
    }
}
