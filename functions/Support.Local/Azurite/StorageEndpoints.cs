namespace Support.Local.Azurite;

/// <summary>The blob, queue and table endpoints of a storage connection string.</summary>
public sealed record StorageEndpoints(Uri Blob, Uri Queue, Uri Table)
{
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    // Azurite's well-known development account; public by design, the same in every Azurite.
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public bool IsLoopback => Blob.IsLoopback && Queue.IsLoopback && Table.IsLoopback;

    public IEnumerable<int> Ports => [Blob.Port, Queue.Port, Table.Port];

    public static StorageEndpoints? Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        var parts = connectionString
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);

        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var isDev) && isDev)
        {
            return ForPorts(10000, 10001, 10002);
        }

        return parts.TryGetValue("BlobEndpoint", out var blob)
            && parts.TryGetValue("QueueEndpoint", out var queue)
            && parts.TryGetValue("TableEndpoint", out var table)
            ? new StorageEndpoints(new Uri(blob), new Uri(queue), new Uri(table))
            : null;
    }

    public static StorageEndpoints ForPorts(int blobPort, int queuePort, int tablePort) => new(
        new Uri($"http://127.0.0.1:{blobPort}/{AccountName}"),
        new Uri($"http://127.0.0.1:{queuePort}/{AccountName}"),
        new Uri($"http://127.0.0.1:{tablePort}/{AccountName}"));

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={Blob};QueueEndpoint={Queue};TableEndpoint={Table};";
}
