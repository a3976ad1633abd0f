using Support.Core.Email;
using Xunit;

namespace Support.IntegrationTests;

public static class AcknowledgementWindow
{
    /// <summary>
    /// The cap counts per clock hour, so four acknowledgements asked for across the turn of an hour are two windows'
    /// worth: a test of the cap starts its four when at least <paramref name="needed"/> of the hour is left.
    /// </summary>
    public static async Task StartWithTimeLeftAsync(TimeSpan needed)
    {
        var now = DateTimeOffset.UtcNow;
        var next = AcknowledgementRateLimit.Default.WindowOf(now) + AcknowledgementRateLimit.Default.Window;
        if (next - now < needed)
        {
            await Task.Delay(next - now + TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        }
    }
}
