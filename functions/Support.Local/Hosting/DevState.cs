using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Support.Adapters.Storage;

namespace Support.Local.Hosting;

/// <summary>
/// Where the local stand-ins for GitHub and Discourse keep what they hold, so a demo survives a restart of the host: one
/// JSON file each, in a folder of the storage account's own under the system's temp folder (like the mailbox), so hosts
/// on the same storage find the same issues and topics, and a test's scratch Azurite starts with none. Written aside,
/// then renamed into place: a crash leaves the previous state, never half a file.
/// </summary>
public sealed class DevState(IOptions<StorageOptions> storage)
{
    private readonly string _folder = FolderFor(storage.Value);

    public string Folder => _folder;

    /// <summary>What <paramref name="name"/> saved last; null when it never saved.</summary>
    public JsonObject? Load(string name)
    {
        var file = Path.Combine(_folder, name + ".json");
        return File.Exists(file) ? JsonNode.Parse(File.ReadAllBytes(file)) as JsonObject : null;
    }

    public void Save(string name, JsonObject state)
    {
        Directory.CreateDirectory(_folder);
        var temp = Path.Combine(_folder, $"{name}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temp, state.ToJsonString());
        File.Move(temp, Path.Combine(_folder, name + ".json"), overwrite: true);
    }

    private static string FolderFor(StorageOptions storage)
    {
        var account = storage.ConnectionString ?? storage.TableServiceUri?.ToString() ?? "storage";
        var id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(account)))[..16].ToLowerInvariant();
        return Path.Combine(Path.GetTempPath(), "support-local-fakes", id);
    }
}
