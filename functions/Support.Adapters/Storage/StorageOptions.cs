using Support.Core.Ports;

namespace Support.Adapters.Storage;

/// <summary>
/// Where tables, blobs and queues live, from the <c>Storage</c> setting: a connection string
/// (Azurite locally), or in Azure the identity-based form <c>Storage__tableServiceUri</c>,
/// <c>Storage__blobServiceUri</c>, <c>Storage__queueServiceUri</c> with <c>Storage__clientId</c>
/// naming the user-assigned identity.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public string? ConnectionString { get; set; }

    public Uri? TableServiceUri { get; set; }

    public Uri? BlobServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }

    public string? ClientId { get; set; }

    public bool UsesConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);
}

public static class TableNames
{
    public const string Tickets = "tickets";
    public const string Config = "config";
    public const string Voicemail = "voicemail";

    /// <summary>The SLA due index: one row per moment a ticket's target needs the sweep.</summary>
    public const string SlaDue = "sladue";

    /// <summary>Each person's active tickets and latest assignment (<see cref="TableWorkloadIndex"/>).</summary>
    public const string Workload = "workload";

    /// <summary>Message-IDs of the mail we received and sent, by ticket (<see cref="TableReceivedMailIndex"/>).</summary>
    public const string MailIndex = "mailindex";

    /// <summary>When each address was last acknowledged (<see cref="TableAcknowledgementTimes"/>).</summary>
    public const string AcknowledgementTimes = "acktimes";

    /// <summary>Staff corrections of triage, kept to tune the rules from real data.</summary>
    public const string Corrections = "corrections";

    /// <summary>New customers and where their welcome mail stands.</summary>
    public const string Signups = "signups";

    /// <summary>Addresses and numbers staff linked to a customer, or took apart (<see cref="TableContactLinks"/>).</summary>
    public const string Contacts = "contacts";

    /// <summary>The tickets each GitHub issue stands for (<see cref="TableEngineeringLinks"/>).</summary>
    public const string GitHubLinks = "githublinks";

    /// <summary>Booked sessions and each staff member's day of them (<see cref="TableBookingStore"/>).</summary>
    public const string Bookings = "bookings";

    /// <summary>Each ticket's message in the Slack stream and the shared-channel threads tickets came from (<see cref="TableChatPosts"/>).</summary>
    public const string ChatPosts = "chatposts";

    public static IReadOnlyList<string> All { get; } = [Tickets, Config, SlaDue, Workload, Voicemail, MailIndex, AcknowledgementTimes, Corrections, Signups, Contacts, GitHubLinks, Bookings, ChatPosts];
}
