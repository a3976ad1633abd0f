using System.Security.Cryptography;
using System.Text;

namespace Support.Adapters.Storage;

/// <summary>Table keys for values that may hold characters keys forbid (/, \, #, ?) or personal data.</summary>
internal static class TableKeys
{
    /// <summary>A hash of the value: fixed length, key-safe; its first two characters spread rows over partitions.</summary>
    public static (string Partition, string Row) Hashed(string value)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value))).ToLowerInvariant();
        return (hash[..2], hash);
    }
}
