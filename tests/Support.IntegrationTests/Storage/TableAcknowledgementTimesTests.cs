using Azure.Data.Tables;
using Support.Adapters.Storage;
using Xunit;

namespace Support.IntegrationTests.Storage;

/// <summary>The acknowledgement cap's slots on Azurite: claimed by one insert each, and deleted once their window is a day old.</summary>
public sealed class TableAcknowledgementTimesTests(AzuriteFixture env) : IAsyncLifetime
{
    private readonly TableAcknowledgementTimes _times = new(new TableServiceClient(env.ConnectionString));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        await new TableServiceClient(env.ConnectionString).CreateTableIfNotExistsAsync(TableNames.AcknowledgementTimes, Cancel);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_slot_is_taken_once_per_window_and_the_slots_of_windows_before_a_time_go_while_later_ones_stay()
    {
        // Years in the past, so no other test's slots fall among the ones this one deletes.
        var old = new DateTimeOffset(2001, 1, 1, 9, 0, 0, TimeSpan.Zero);
        var address = $"ack-{Guid.NewGuid():N}@example.org";
        Assert.True(await _times.TryClaimAsync(address, old, 0, Cancel));
        Assert.False(await _times.TryClaimAsync(address.ToUpperInvariant(), old, 0, Cancel));
        Assert.True(await _times.TryClaimAsync(address, old, 1, Cancel));
        Assert.True(await _times.TryClaimAsync(address, old.AddHours(1), 0, Cancel));

        Assert.True(await _times.DeleteBeforeAsync(old.AddHours(1), Cancel) >= 2);

        Assert.True(await _times.TryClaimAsync(address, old, 0, Cancel));
        Assert.False(await _times.TryClaimAsync(address, old.AddHours(1), 0, Cancel));
    }
}
