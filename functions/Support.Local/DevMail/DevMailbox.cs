using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

using Microsoft.Extensions.Options;
using Support.Adapters.Storage;
using Support.Local.Hosting;

namespace Support.Local.DevMail;

/// <summary>
/// The local host's outbox: every mail the SendGrid client "sends" lands here and is listed at
/// <c>GET /_dev/mail</c>; nothing leaves the machine. It is kept in files, one per mail, not in
/// the app's storage: SendGrid does not go down with the app's storage account, so neither may
/// its stand-in (an outage must not turn a send into "maybe sent"). The folder belongs to the
/// storage account the host uses, so hosts sharing storage share the mailbox and survive restarts.
/// </summary>
public sealed class DevMailbox(IOptions<LocalOptions> local, IOptions<StorageOptions> storage, TimeProvider time)
{
    private readonly string _folder = FolderFor(local.Value, storage.Value);

    public string Folder => _folder;

    public async Task AddAsync(DevMail mail, CancellationToken cancellationToken)
    {
        var stamped = mail with { SentAt = time.GetUtcNow() };
        var name = $"{stamped.SentAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}";
        Directory.CreateDirectory(_folder);

        // Written aside, then renamed into place: a reader never sees half a mail.
        var temp = Path.Combine(_folder, name + ".tmp");
        await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(stamped, DevMailJson.Default.DevMail), cancellationToken);
        File.Move(temp, Path.Combine(_folder, name + ".json"));
    }

    public async Task<IReadOnlyList<DevMail>> ListAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_folder))
        {
            return [];
        }

        var mails = new List<DevMail>();
        foreach (var file in Directory.GetFiles(_folder, "*.json").Order(StringComparer.Ordinal))
        {
            mails.Add(JsonSerializer.Deserialize(await File.ReadAllBytesAsync(file, cancellationToken), DevMailJson.Default.DevMail)!);
        }

        return mails;
    }

    public Task ClearAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists(_folder))
        {
            foreach (var file in Directory.GetFiles(_folder, "*.json"))
            {
                File.Delete(file);
            }
        }

        return Task.CompletedTask;
    }

    private static string FolderFor(LocalOptions local, StorageOptions storage)
    {
        if (!string.IsNullOrWhiteSpace(local.MailboxFolder))
        {
            return Path.IsPathRooted(local.MailboxFolder) ? local.MailboxFolder : Path.Combine(RepoRoot.Find(), local.MailboxFolder);
        }

        var account = storage.ConnectionString ?? storage.TableServiceUri?.ToString() ?? "storage";
        var id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(account)))[..16].ToLowerInvariant();
        return Path.Combine(Path.GetTempPath(), "support-local-mailbox", id);
    }
}

public sealed record DevMail
{
    public IReadOnlyList<string> To { get; init; } = [];
    public IReadOnlyList<string> Cc { get; init; } = [];
    public string From { get; init; } = string.Empty;
    public string? ReplyTo { get; init; }
    public string Subject { get; init; } = string.Empty;
    public string Text { get; init; } = string.Empty;
    public string Html { get; init; } = string.Empty;
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<DevMailAttachment> Attachments { get; init; } = [];
    public DateTimeOffset SentAt { get; init; }
}

/// <param name="Content">Base64, as SendGrid takes it.</param>
public sealed record DevMailAttachment(string FileName, string Type, string Content);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DevMail))]
[JsonSerializable(typeof(IReadOnlyList<DevMail>))]
public sealed partial class DevMailJson : JsonSerializerContext;
