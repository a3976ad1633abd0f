namespace Support.Core.Ports;

/// <summary>Large content kept outside table rows: long bodies, raw messages, attachments, recordings.</summary>
public interface IBlobStore
{
    /// <summary>Writes the blob if it does not exist yet (content under one name never changes) and returns its name.</summary>
    Task<string> PutAsync(string container, string name, BinaryData content, string contentType, CancellationToken cancellationToken);

    Task<BinaryData?> GetAsync(string container, string name, CancellationToken cancellationToken);
}

public static class BlobContainers
{
    public const string Bodies = "bodies";
    public const string RawMail = "raw-mail";
    public const string Attachments = "attachments";
    public const string Recordings = "recordings";

    /// <summary>Accepted triage models (<c>models/&lt;version&gt;.zip</c>) and extra labelled sets (<c>training/*.jsonl</c>).</summary>
    public const string TriageModels = "triage-models";

    public static IReadOnlyList<string> All { get; } = [Bodies, RawMail, Attachments, Recordings, TriageModels];
}
