namespace Support.Local.Hosting;

/// <summary>Bound from <c>Local__*</c>: how the local host runs its own infrastructure.</summary>
public sealed class LocalOptions
{
    public const string Section = "Local";

    /// <summary>Start Azurite when the storage endpoints are on this machine and nothing listens there.</summary>
    public bool StartAzurite { get; set; } = true;

    /// <summary>Where Azurite keeps its data; relative paths are under the repository root.</summary>
    public string AzuriteLocation { get; set; } = ".azurite";

    /// <summary>
    /// Where the local mailbox keeps the mails it catches (relative paths are under the repository
    /// root); empty: a folder of the storage account's own under the system's temp folder.
    /// </summary>
    public string? MailboxFolder { get; set; }

    /// <summary>Seed the sample roster when no roster is stored yet.</summary>
    public bool SeedRoster { get; set; } = true;
}

/// <summary>Bound from <c>Queues__*</c>: delivery of the local storage queues (Service Bus settings mirror these in Azure).</summary>
public sealed class LocalQueueOptions
{
    public const string Section = "Queues";

    /// <summary>How long a message being handled stays hidden; after a crash it reappears after this (Service Bus: lock duration).</summary>
    public int VisibilityTimeoutSeconds { get; set; } = 30;

    /// <summary>Messages of one queue handled at once (Service Bus: <c>maxConcurrentCalls</c> in host.json).</summary>
    public int MaxConcurrentMessages { get; set; } = 16;

    /// <summary>Longest wait between polls of an idle queue; messages sent by this process wake the pump at once.</summary>
    public int MaxPollIntervalMilliseconds { get; set; } = 1000;
}
