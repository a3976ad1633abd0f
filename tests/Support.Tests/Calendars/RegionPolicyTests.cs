using System.Text;
using Support.Core.Calendars;
using Support.Core.Voice;
using Support.Tests.Fakes;
using Support.Tests.Voice;
using Xunit;

namespace Support.Tests.Calendars;

public sealed class RegionPolicyTests
{
    private static readonly RegionPolicy Policy = RegionPolicy.LoadEmbedded();

    [Fact]
    public void The_embedded_policy_loads_with_its_default_region()
    {
        Assert.Equal("uk", Policy.Default.Name);
        Assert.Equal(3, Policy.Regions.Count);
        Assert.Equal("GB", Policy.Default.PhoneRegion);
        Assert.Equal("AU", Policy.ForName("au").PhoneRegion);
    }

    [Theory]
    [InlineData(VoiceHarness.UkNumber, "uk")]
    [InlineData(VoiceHarness.UsNumber, "us")]
    [InlineData(VoiceHarness.AuNumber, "au")]
    [InlineData("+15550000000", "uk")]
    [InlineData(null, "uk")]
    public void Numbers_map_to_their_region_and_unknown_ones_to_the_default(string? to, string region) =>
        Assert.Equal(region, Policy.ForNumber(to).Name);

    [Theory]
    [InlineData("2026-03-02T10:00:00Z", "uk", true)]   // Monday 10:00 GMT
    [InlineData("2026-03-02T08:59:00Z", "uk", false)]  // before opening
    [InlineData("2026-03-02T17:30:00Z", "uk", false)]  // closing time is closed
    [InlineData("2026-03-07T11:00:00Z", "uk", false)]  // Saturday
    [InlineData("2026-12-25T11:00:00Z", "uk", false)]  // holiday (a Friday)
    [InlineData("2026-06-01T16:45:00Z", "uk", false)]  // 17:45 BST: closed, though 16:45 would be open
    [InlineData("2026-03-02T10:00:00Z", "us", false)]  // 05:00 in New York
    [InlineData("2026-03-02T15:00:00Z", "us", true)]   // 10:00 in New York
    [InlineData("2026-03-02T10:00:00Z", "au", false)]  // 21:00 in Sydney
    [InlineData("2026-03-01T23:00:00Z", "au", true)]   // Monday 10:00 in Sydney, still Sunday in UTC
    public void Business_hours_are_read_in_the_region_time_zone(string utc, string region, bool open) =>
        Assert.Equal(open, Policy.ForName(region).IsOpenAt(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_policy_whose_default_region_is_missing_is_refused()
    {
        var json = """{"defaultRegion":"mars","regions":[]}""";
        Assert.Throws<InvalidDataException>(() => RegionPolicy.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json))));
    }
}
