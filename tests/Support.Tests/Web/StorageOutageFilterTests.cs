using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Support.Core.Ports;
using Support.Web;
using Xunit;

namespace Support.Tests.Web;

/// <summary>The one storage-outage answer both hosts give: Support.Local runs it as an endpoint filter, the Functions app from its middleware.</summary>
public sealed class StorageOutageFilterTests
{
    private readonly StorageOutageFilter _filter = new(NullLogger<StorageOutageFilter>.Instance);

    [Fact]
    public async Task A_storage_outage_in_a_route_answers_503_with_retry_after_and_says_nothing_was_stored()
    {
        var context = NewContext();

        var result = await _filter.InvokeAsync(
            new DefaultEndpointFilterInvocationContext(context),
            _ => throw new StorageUnavailableException("Table storage cannot be reached."));
        await Assert.IsAssignableFrom<IResult>(result).ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        Assert.Contains("Nothing was stored", await new StreamReader(context.Response.Body).ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_other_failure_goes_on_to_the_host()
    {
        var context = NewContext();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await _filter.InvokeAsync(
            new DefaultEndpointFilterInvocationContext(context),
            _ => throw new InvalidOperationException("a bug")));
    }

    [Fact]
    public void The_outage_is_found_however_the_host_wrapped_it()
    {
        var outage = new StorageUnavailableException("down");

        Assert.Same(outage, StorageOutageFilter.Cause(outage));
        Assert.Same(outage, StorageOutageFilter.Cause(new AggregateException(outage)));
        Assert.Same(outage, StorageOutageFilter.Cause(new InvalidOperationException("invocation failed", outage)));
        Assert.Null(StorageOutageFilter.Cause(new InvalidOperationException("a bug")));
    }

    private static DefaultHttpContext NewContext() => new()
    {
        RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(),
        Response = { Body = new MemoryStream() },
    };
}
