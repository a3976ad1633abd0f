using System.Diagnostics;
using System.Diagnostics.Metrics;
using Support.Core.Telemetry;
using Support.Tests.Fakes;
using Xunit;

namespace Support.Tests.Telemetry;

/// <summary>What a trace and the app's meter carry for one inquiry: the ticket reference and the channel, never the person.</summary>
public sealed class TicketTelemetryTests
{
    private const string HostSource = "Support.Tests.Host";

    private static readonly ActivitySource Host = new(HostSource);

    [Fact]
    public async Task Each_step_tags_its_span_with_the_ticket_reference_and_nothing_personal()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == HostSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var harness = new PipelineHarness();

        string reference;
        Activity intake;
        using (intake = Host.StartActivity("POST /api/inquiries/web")!)
        {
            reference = (await harness.Intake.AcceptAsync(harness.Submission(PipelineHarness.Form()), CancellationToken.None)).Reference;
        }

        var deliveries = new List<Activity>();
        foreach (var (queue, body, _) in harness.Queue.Sent.ToList())
        {
            using var delivery = Host.StartActivity($"{queue} process")!;
            await harness.Dispatcher.DispatchAsync(queue, body, CancellationToken.None);
            deliveries.Add(delivery);
        }

        Assert.NotEmpty(deliveries);
        Assert.All(deliveries.Prepend(intake), span =>
        {
            Assert.Equal(reference, span.GetTagItem(SupportTelemetry.TicketReference));
            Assert.All(span.TagObjects, tag => Assert.DoesNotContain("ada", tag.Value?.ToString() ?? "", StringComparison.OrdinalIgnoreCase));
        });
    }

    [Fact]
    public async Task An_accepted_inquiry_counts_once_for_its_channel_and_an_assignment_records_its_latency()
    {
        var accepted = new List<(long Value, string? Channel)>();
        var latencies = new List<double>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SupportMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == SupportMetrics.InquiriesAccepted)
            {
                accepted.Add((value, tags.ToArray().Single(t => t.Key == "channel").Value as string));
            }
        });
        meters.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == SupportMetrics.TriageToAssigned)
            {
                latencies.Add(value);
            }
        });
        meters.Start();

        var harness = new PipelineHarness();
        var form = PipelineHarness.Form(email: $"metrics-{Guid.NewGuid():N}@example.com");
        await harness.Intake.AcceptAsync(harness.Submission(form), CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromSeconds(42));
        await harness.DrainAsync();

        // Other tests may run at the same time and report too: this inquiry's figures are among them.
        Assert.Contains((1L, "web"), accepted);
        Assert.Contains(42d, latencies);
    }
}
