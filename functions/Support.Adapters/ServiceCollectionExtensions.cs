using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SendGrid;
using Support.Adapters.Email;
using Support.Adapters.GitHub;
using Support.Adapters.SendGrid;
using Support.Adapters.Storage;
using Support.Adapters.Triage;
using Support.Adapters.Twilio;
using Support.Core.Email;
using Support.Core.Ports;
using Support.Core.Scheduling;
using Support.Core.Sla;
using Support.Core.Triage;
using Support.Core.Voice;
using Support.Core.Welcome;

namespace Support.Adapters;

public static class ServiceCollectionExtensions
{
    public const string SendGridHttpClient = "SendGrid";

    /// <summary>
    /// Every port of Core bound to its adapter: Table and Blob Storage (the ticket store and the
    /// workload and SLA due indexes the TicketWriter keeps), SendGrid mail out and in, Twilio's
    /// signature and TwiML, and GitHub issues (Octokit); configured from <c>Storage__*</c>, <c>SendGrid__*</c>, <c>Twilio__*</c> and <c>GitHub__*</c>.
    /// The triage engine is the hybrid (Core's rules plus the learned model kept in Blob Storage), with
    /// possible duplicates, the model refresher and the weekly retrain job.
    /// The queues are the host's transport: <see cref="AddStorageQueues"/> here, Service Bus in Azure.
    /// </summary>
    public static IServiceCollection AddSupportAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Configure(o => BindStorage(configuration, o));
        services.AddOptions<SendGridOptions>().Bind(configuration.GetSection(SendGridOptions.Section));
        services.AddOptions<TwilioOptions>().Bind(configuration.GetSection(TwilioOptions.Section));
        services.TryAddSingleton<StorageRoundTrips>();

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var clientOptions = Configure(new TableClientOptions(), sp.GetRequiredService<StorageRoundTrips>().Tables);
            return options.UsesConnectionString
                ? new TableServiceClient(options.ConnectionString, clientOptions)
                : new TableServiceClient(Required(options.TableServiceUri, "Storage__tableServiceUri"), Credential(options), clientOptions);
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var clientOptions = Configure(new BlobClientOptions(), sp.GetRequiredService<StorageRoundTrips>().Blobs);
            return options.UsesConnectionString
                ? new BlobServiceClient(options.ConnectionString, clientOptions)
                : new BlobServiceClient(Required(options.BlobServiceUri, "Storage__blobServiceUri"), Credential(options), clientOptions);
        });

        services.AddSingleton<StorageProvisioner>();
        services.AddSingleton<ITicketStore, TableTicketStore>();
        services.AddSingleton<ITicketSearch, TableTicketSearch>();
        services.AddSingleton<IBlobStore, BlobContentStore>();
        services.AddSingleton<TableRosterStore>();
        services.AddSingleton<IRosterStore>(sp => sp.GetRequiredService<TableRosterStore>());
        services.AddSingleton<IMacroStore, TableMacroStore>();
        services.AddSingleton<IContactLinks, TableContactLinks>();
        services.AddSingleton<TableWorkloadIndex>();
        services.AddSingleton<IWorkloadIndex>(sp => sp.GetRequiredService<TableWorkloadIndex>());
        services.AddSingleton<IAssigneeWorkload>(sp => sp.GetRequiredService<TableWorkloadIndex>());
        services.AddSingleton<ISlaDueIndex, TableSlaDueIndex>();
        services.AddSingleton<IRotationHandoffStore, TableRotationHandoffStore>();
        services.AddSingleton<IVoicemailStore, TableVoicemailStore>();
        services.AddSingleton<IRequesterDirectory, TableRequesterDirectory>();
        services.AddSingleton<IAcknowledgementTimes, TableAcknowledgementTimes>();
        services.AddSingleton<IReceivedMailIndex, TableReceivedMailIndex>();
        services.AddSingleton<ISignupStore, TableSignupStore>();
        services.AddSingleton<IBookingStore, TableBookingStore>();
        services.AddSingleton<ICorrectionLog, TableCorrectionLog>();
        services.AddSingleton<TableDigestLog>();
        services.AddSingleton<IDigestLog>(sp => sp.GetRequiredService<TableDigestLog>());
        services.AddSingleton<IPapercutLog>(sp => sp.GetRequiredService<TableDigestLog>());
        services.AddSingleton<IEngineeringLinks, TableEngineeringLinks>();
        services.AddSingleton<IChatPosts, TableChatPosts>();

        // GitHub through Octokit, on the factory's handler (traced; the local host points it at its fake).
        services.AddHttpClient(OctokitIssueTracker.HttpClientName);
        services.AddSingleton<IIssueTracker, OctokitIssueTracker>();

        // Discourse's REST API, a typed client (the local host points it at its fake).
        services.AddHttpClient<IForum, Support.Adapters.Discourse.DiscourseForum>();

        // Slack's Web API, a typed client (the local host points it at its fake).
        services.AddHttpClient<ITeamChat, Support.Adapters.Slack.SlackClient>();

        services.AddSingleton<IInboundMailParser, SendGridInboundParser>();
        services.AddSingleton<IWebhookSignature, TwilioSignature>();
        services.AddSingleton<ICallScriptWriter, TwilioTwiml>();
        services.AddHttpClient<IRecordingFetcher, TwilioRecordingFetcher>();

        services.AddHttpClient(SendGridHttpClient);
        services.AddSingleton<ISendGridClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SendGridOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(SendGridHttpClient);
            var clientOptions = new SendGridClientOptions
            {
                ApiKey = string.IsNullOrWhiteSpace(options.ApiKey)
                    ? throw new InvalidOperationException("The SendGrid__ApiKey setting is missing.")
                    : options.ApiKey,
            };
            if (!string.IsNullOrWhiteSpace(options.Host))
            {
                clientOptions.Host = options.Host;
            }

            return new SendGridClient(http, clientOptions);
        });
        services.AddSingleton<IMailSender, SendGridMailSender>();

        // Replaces Core's rules-only engine whichever of the two calls comes first; the rules stay inside the hybrid.
        services.TryAddSingleton<PolicyTriageEngine>();
        services.TryAddSingleton<TriageModelHolder>();
        services.TryAddSingleton<HybridTriageEngine>();
        services.Replace(ServiceDescriptor.Singleton<ITriageEngine>(sp => sp.GetRequiredService<HybridTriageEngine>()));
        services.TryAddSingleton<IPossibleDuplicates, EmbeddingDuplicateFinder>();
        services.TryAddSingleton<BlobTriageModelStore>();
        services.TryAddSingleton<TriageTrainingSet>();
        services.TryAddSingleton<TriageRetrainer>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<TriageRetrainer>());
        services.AddSingleton<TriageModelRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<TriageModelRefresher>());
        return services;
    }

    /// <summary>Storage queues (the local host's transport; Azure uses Service Bus).</summary>
    public static IServiceCollection AddStorageQueues(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var clientOptions = Configure(new QueueClientOptions(), sp.GetRequiredService<StorageRoundTrips>().Queues);
            return options.UsesConnectionString
                ? new QueueServiceClient(options.ConnectionString, clientOptions)
                : new QueueServiceClient(Required(options.QueueServiceUri, "Storage__queueServiceUri"), Credential(options), clientOptions);
        });
        services.AddSingleton<IQueuePublisher, StorageQueuePublisher>();
        return services;
    }

    private static void BindStorage(IConfiguration configuration, StorageOptions options)
    {
        var section = configuration.GetSection(StorageOptions.Section);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            options.ConnectionString = section.Value;
            return;
        }

        section.Bind(options);
    }

    private static T Configure<T>(T options, RoundTripCounter counter)
        where T : ClientOptions
    {
        options.AddPolicy(counter, HttpPipelinePosition.PerRetry);

        // Fail fast when storage is down: intake answers 503 within seconds instead of holding the caller.
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }

    private static TokenCredential Credential(StorageOptions options) =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ClientId });

    private static Uri Required(Uri? uri, string setting) =>
        uri ?? throw new InvalidOperationException($"The {setting} setting is missing (or set Storage to a connection string).");
}
