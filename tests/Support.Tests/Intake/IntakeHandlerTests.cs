using Support.Core.Contracts;
using Support.Core.Domain;
using Support.Core.Intake;
using Support.Core.Ports;
using Support.Core.Queues;
using Support.Tests.Fakes;
using Xunit;

namespace Support.Tests.Intake;

public sealed class IntakeHandlerTests
{
    [Fact]
    public async Task An_inquiry_is_stored_then_queued_with_its_reference()
    {
        var harness = new PipelineHarness();

        var result = await harness.Intake.AcceptAsync(harness.Submission(PipelineHarness.Form()), CancellationToken.None);

        Assert.False(result.Duplicate);
        var stored = Assert.Single(harness.Store.Inquiries);
        Assert.Equal(result.Reference, stored.Reference);
        var queued = Assert.Single(harness.Queue.On(QueueNames.Inquiries));
        var message = MessageCodec.Decode(queued, SupportJson.Default.InquiryMessage, InquiryMessage.CurrentVersion).Message!;
        Assert.Equal(result.Reference, message.Inquiry.Reference);
        Assert.Equal(harness.Time.GetUtcNow(), message.Inquiry.ReceivedAt);
    }

    [Fact]
    public async Task A_retry_gets_the_same_reference_and_is_queued_again_harmlessly()
    {
        var harness = new PipelineHarness();
        var submission = harness.Submission(PipelineHarness.Form(), "key-1");

        var first = await harness.Intake.AcceptAsync(submission, CancellationToken.None);
        var retry = await harness.Intake.AcceptAsync(submission, CancellationToken.None);

        Assert.Equal(first.Reference, retry.Reference);
        Assert.True(retry.Duplicate);
        Assert.Single(harness.Store.Inquiries);
    }

    [Fact]
    public async Task A_reference_taken_by_another_inquiry_moves_to_the_next()
    {
        var harness = new PipelineHarness();
        var submission = harness.Submission(PipelineHarness.Form(), "key-2");
        var taken = TicketReference.Derive(submission.DedupeKey, 0);
        await harness.Store.StoreInquiryAsync(
            new Inquiry { Id = "other", Reference = taken, Channel = Channel.Web, ReceivedAt = DateTimeOffset.UnixEpoch, Requester = new Requester(null, null, null), Subject = "x", Body = "x", SourceId = "someone-else" },
            CancellationToken.None);

        var result = await harness.Intake.AcceptAsync(submission, CancellationToken.None);

        Assert.Equal(TicketReference.Derive(submission.DedupeKey, 1), result.Reference);
    }

    [Fact]
    public async Task When_the_queue_is_down_nothing_stays_stored_and_the_caller_hears_unavailable()
    {
        var harness = new PipelineHarness();
        harness.Queue.Unavailable = true;

        await Assert.ThrowsAsync<StorageUnavailableException>(() => harness.Intake.AcceptAsync(harness.Submission(PipelineHarness.Form()), CancellationToken.None));

        Assert.Empty(harness.Store.Inquiries);
    }

    [Fact]
    public async Task When_storage_is_down_nothing_is_queued()
    {
        var harness = new PipelineHarness();
        harness.Store.Unavailable = true;

        await Assert.ThrowsAsync<StorageUnavailableException>(() => harness.Intake.AcceptAsync(harness.Submission(PipelineHarness.Form()), CancellationToken.None));

        Assert.Empty(harness.Queue.Sent);
    }

    [Fact]
    public async Task A_long_body_goes_to_blob_storage_and_is_read_back_in_full()
    {
        var harness = new PipelineHarness();
        var text = new string('x', InquiryIntake.InlineBodyLimit + 10);
        var submission = harness.Submission(PipelineHarness.Form()) with { Body = text };

        await harness.Intake.AcceptAsync(submission, CancellationToken.None);

        var inquiry = Assert.Single(harness.Store.Inquiries);
        Assert.Empty(inquiry.Body);
        Assert.NotNull(inquiry.BodyBlob);
        Assert.Equal(text, await InquiryIntake.ReadBodyAsync(inquiry, harness.Blobs, CancellationToken.None));
    }
}
