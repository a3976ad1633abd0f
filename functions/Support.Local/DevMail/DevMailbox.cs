using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;

namespace Support.Local.DevMail;

/// <summary>
/// The local host's outbox: every mail the SendGrid client "sends" lands here (a table in Azurite,
/// so it survives restarts) and is listed at <c>GET /_dev/mail</c>. Nothing leaves the machine.
/// </summary>
public sealed class DevMailbox(TableServiceClient service, TimeProvider time)
{
    public const string Table = "devmail";
    private const string Partition = "mail";

    private readonly TableClient _table = service.GetTableClient(Table);

    public async Task AddAsync(DevMail mail, CancellationToken cancellationToken)
    {
        var stamped = mail with { SentAt = time.GetUtcNow() };
        var row = $"{stamped.SentAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}";
        var doc = JsonSerializer.Serialize(stamped, DevMailJson.Default.DevMail);
        await _table.AddEntityAsync(new TableEntity(Partition, row) { ["Doc"] = doc }, cancellationToken);
    }

    public async Task<IReadOnlyList<DevMail>> ListAsync(CancellationToken cancellationToken)
    {
        var mails = new List<DevMail>();
        await foreach (var row in _table.QueryAsync<TableEntity>(r => r.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            mails.Add(JsonSerializer.Deserialize(row.GetString("Doc"), DevMailJson.Default.DevMail)!);
        }

        return mails;
    }

    public async Task ClearAsync(CancellationToken cancellationToken)
    {
        await foreach (var row in _table.QueryAsync<TableEntity>(r => r.PartitionKey == Partition, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await _table.DeleteEntityAsync(row.PartitionKey, row.RowKey, Azure.ETag.All, cancellationToken);
        }
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
    public DateTimeOffset SentAt { get; init; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DevMail))]
[JsonSerializable(typeof(IReadOnlyList<DevMail>))]
public sealed partial class DevMailJson : JsonSerializerContext;
