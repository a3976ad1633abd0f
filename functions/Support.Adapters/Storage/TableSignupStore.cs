using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Support.Core.Ports;
using Support.Core.Welcome;

namespace Support.Adapters.Storage;

/// <summary>
/// One row per signup, partitioned by a hash of the normalized email (so the same address is the
/// same row, and table keys hold no address or forbidden characters). Changes are written only
/// with the ETag they were read with, which is what makes the welcome mail's claim exclusive.
/// </summary>
public sealed class TableSignupStore(TableServiceClient service) : ISignupStore
{
    private const string Row = "signup";

    private readonly TableClient _table = service.GetTableClient(TableNames.Signups);

    public async Task<(Signup Signup, bool Created)> AddAsync(Signup signup, CancellationToken cancellationToken)
    {
        try
        {
            var response = await StorageCalls.Run(() => _table.AddEntityAsync(ToEntity(signup), cancellationToken));
            return (signup with { ETag = response.Headers.ETag?.ToString() }, true);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            return (await GetAsync(signup.Email, cancellationToken) ?? signup, false);
        }
    }

    public async Task<Signup?> GetAsync(string email, CancellationToken cancellationToken)
    {
        var row = await StorageCalls.Run(() => _table.GetEntityIfExistsAsync<TableEntity>(Partition(email), Row, cancellationToken: cancellationToken));
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    public async Task<IReadOnlyList<Signup>> AwaitingWelcomeAsync(DateTimeOffset signedUpBy, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"Welcomed eq {false} and SignedUpAt le {signedUpBy}");
        var signups = new List<Signup>();
        await StorageCalls.Run(async () =>
        {
            signups.Clear();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                signups.Add(FromEntity(row));
            }
        });
        return signups;
    }

    public async Task<Signup?> TryUpdateAsync(Signup signup, CancellationToken cancellationToken)
    {
        try
        {
            var response = await StorageCalls.Run(() =>
                _table.UpdateEntityAsync(ToEntity(signup), new ETag(signup.ETag!), TableUpdateMode.Replace, cancellationToken));
            return signup with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public static string Partition(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));

    private static TableEntity ToEntity(Signup s) => new(Partition(s.Email), Row)
    {
        ["Email"] = s.Email,
        ["Name"] = s.Name,
        ["Plan"] = s.Plan,
        ["SignedUpAt"] = s.SignedUpAt,
        ["Welcomed"] = s.IsWelcomed,
        ["WelcomeClaimId"] = s.WelcomeClaimId,
        ["WelcomeClaimedAt"] = s.WelcomeClaimedAt,
        ["WelcomedAt"] = s.WelcomedAt,
        ["WelcomeMessageId"] = s.WelcomeMessageId,
        ["WelcomeRejected"] = s.WelcomeRejected,
    };

    private static Signup FromEntity(TableEntity row) => new()
    {
        Email = row.GetString("Email"),
        Name = row.GetString("Name"),
        Plan = row.GetString("Plan"),
        SignedUpAt = row.GetDateTimeOffset("SignedUpAt") ?? DateTimeOffset.MinValue,
        WelcomeClaimId = row.GetString("WelcomeClaimId"),
        WelcomeClaimedAt = row.GetDateTimeOffset("WelcomeClaimedAt"),
        WelcomedAt = row.GetDateTimeOffset("WelcomedAt"),
        WelcomeMessageId = row.GetString("WelcomeMessageId"),
        WelcomeRejected = row.GetString("WelcomeRejected"),
        ETag = row.ETag.ToString(),
    };
}
