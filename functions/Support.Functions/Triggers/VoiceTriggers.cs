using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Support.Functions.Hosting;
using Support.Web;
using Support.Web.Voice;

namespace Support.Functions.Triggers;

/// <summary>The Twilio webhooks of Support.Local's VoiceRoutes; the gate middleware checks each signature.</summary>
public sealed class VoiceTriggers(VoiceEndpoint voice)
{
    [Function("VoiceIncoming"), Gated(Gate.TwilioSignature)]
    public Task<IActionResult> IncomingAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.VoiceIncoming)] HttpRequest request, CancellationToken cancellationToken) =>
        voice.PostAsync(Routes.VoiceIncoming, request, cancellationToken).AsAction();

    [Function("VoiceDialStatus"), Gated(Gate.TwilioSignature)]
    public Task<IActionResult> DialStatusAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.VoiceDialStatus)] HttpRequest request, CancellationToken cancellationToken) =>
        voice.PostAsync(Routes.VoiceDialStatus, request, cancellationToken).AsAction();

    [Function("VoiceWhisper"), Gated(Gate.TwilioSignature)]
    public Task<IActionResult> WhisperAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.VoiceWhisper)] HttpRequest request, CancellationToken cancellationToken) =>
        voice.PostAsync(Routes.VoiceWhisper, request, cancellationToken).AsAction();

    [Function("VoiceVoicemailDone"), Gated(Gate.TwilioSignature)]
    public Task<IActionResult> VoicemailDoneAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.VoiceVoicemailDone)] HttpRequest request, CancellationToken cancellationToken) =>
        voice.PostAsync(Routes.VoiceVoicemailDone, request, cancellationToken).AsAction();

    [Function("VoiceRecording"), Gated(Gate.TwilioSignature)]
    public Task<IActionResult> RecordingAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.VoiceRecording)] HttpRequest request, CancellationToken cancellationToken) =>
        voice.PostAsync(Routes.VoiceRecording, request, cancellationToken).AsAction();

    [Function("VoiceTranscription"), Gated(Gate.TwilioSignature)]
    public Task<IActionResult> TranscriptionAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.VoiceTranscription)] HttpRequest request, CancellationToken cancellationToken) =>
        voice.PostAsync(Routes.VoiceTranscription, request, cancellationToken).AsAction();
}
