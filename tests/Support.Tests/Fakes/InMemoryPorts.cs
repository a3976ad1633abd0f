using Microsoft.Extensions.DependencyInjection;
using Support.Core.Ports;
using Support.Core.Roster;
using Support.Core.Voice;

namespace Support.Tests.Fakes;

internal static class InMemoryPorts
{
    /// <summary>Logging and every port the core and voice registrations need, in memory, with an empty roster; assignment reads the workload index the writer feeds, as in production.</summary>
    public static IServiceCollection WithInMemoryPorts(this IServiceCollection services) => services
        .AddLogging()
        .AddSingleton<ITicketStore, InMemoryTicketStore>()
        .AddSingleton<IBlobStore, InMemoryBlobStore>()
        .AddSingleton<IQueuePublisher, RecordingQueue>()
        .AddSingleton<IRosterStore>(new InMemoryRosterStore(new RosterDocument()))
        .AddSingleton<IVoicemailStore, InMemoryVoicemailStore>()
        .AddSingleton<IRecordingFetcher, FakeRecordingFetcher>()
        .AddSingleton<IRequesterDirectory, FixedRequesterDirectory>()
        .AddSingleton<IIssueTracker, InMemoryIssueTracker>()
        .AddSingleton<IEngineeringLinks, InMemoryEngineeringLinks>()
        .AddSingleton<IForum, InMemoryForum>()
        .AddSingleton<IPapercutLog, InMemoryPapercutLog>()
        .AddSingleton<IBookingStore, InMemoryBookingStore>()
        .AddSingleton<ITeamChat, InMemoryTeamChat>()
        .AddSingleton<IChatPosts, InMemoryChatPosts>()
        .AddSingleton<InMemoryWorkloadIndex>()
        .AddSingleton<IWorkloadIndex>(sp => sp.GetRequiredService<InMemoryWorkloadIndex>())
        .AddSingleton<IAssigneeWorkload>(sp => sp.GetRequiredService<InMemoryWorkloadIndex>())
        .AddSingleton<Support.Core.Ports.ISlaDueIndex, InMemorySlaDueIndex>();
}
