using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Support.Web.Pages;
using Xunit;

namespace Support.Tests.Web.Pages;

public sealed class WebFormRateLimitTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    private WebFormRateLimit Limit(int perMinute, bool trustForwardedFor = false) =>
        new(Options.Create(new WebFormOptions { RateLimitPerMinute = perMinute, TrustForwardedFor = trustForwardedFor }), _time);

    [Fact]
    public void Posts_over_the_limit_wait_until_the_window_ends()
    {
        var limit = Limit(3);

        Assert.Null(limit.TryAcquire("203.0.113.7"));
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Null(limit.TryAcquire("203.0.113.7"));
        Assert.Null(limit.TryAcquire("203.0.113.7"));

        Assert.Equal(TimeSpan.FromSeconds(40), limit.TryAcquire("203.0.113.7"));
        Assert.Null(limit.TryAcquire("198.51.100.1"));

        _time.Advance(TimeSpan.FromSeconds(40));
        Assert.Null(limit.TryAcquire("203.0.113.7"));
    }

    [Fact]
    public void The_client_is_the_connection_address_unless_the_proxy_header_is_trusted()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("10.0.0.5");
        context.Request.Headers["X-Forwarded-For"] = "1.2.3.4, 203.0.113.7:51234";

        Assert.Equal("10.0.0.5", Limit(10).ClientOf(context.Request));
        Assert.Equal("203.0.113.7", Limit(10, trustForwardedFor: true).ClientOf(context.Request));
    }
}
