namespace Support.Web;

/// <summary>
/// Every HTTP route, relative to the <c>api</c> prefix (host.json's routePrefix in Azure), shared by
/// the local host and the Functions triggers so both answer on the same URLs.
/// </summary>
public static class Routes
{
    public const string Prefix = Core.Mail.PublicLinks.Prefix;

    public const string WebInquiry = "inquiries/web";
    public const string Tickets = "tickets";
    public const string Ticket = "tickets/{reference}";
    public const string InboundEmail = "inquiries/email";
    public const string TicketReplies = "tickets/{reference}/replies";
    public const string TicketNotes = "tickets/{reference}/notes";
    public const string TicketAttachment = "tickets/{reference}/messages/{message}/attachments/{number}";
    public const string TicketRecording = "tickets/{reference}/recording";

    // Twilio voice webhooks (Gate.TwilioSignature); Voice.VoiceLinks builds their public URLs.
    public const string VoiceIncoming = "voice/incoming";
    public const string VoiceDialStatus = "voice/dial-status";
    public const string VoiceWhisper = "voice/whisper";
    public const string VoiceVoicemailDone = "voice/voicemail-done";
    public const string VoiceRecording = "voice/recording";
    public const string VoiceTranscription = "voice/transcription";

    public const string TicketMerge = "tickets/{reference}/merge";
    public const string TicketFollowUps = "tickets/{reference}/follow-ups";
    public const string TicketEscalate = "tickets/{reference}/escalate";
    public const string Roster = "roster";
    public const string Macros = "macros";
    public const string TicketMacros = "tickets/{reference}/macros";
    public const string Contact = "contacts/{key}";
    public const string ContactLink = "contacts/{key}/links/{other}";
    public const string Metrics = "metrics";
    public const string Me = "me";
    public const string TriageCorrections = "triage/corrections";

    // The engineering loop: GitHub's webhook (Gate.GitHubSignature), staff logging a ticket in GitHub.
    public const string GitHubWebhook = "integrations/github";
    public const string GitHubRepositories = "integrations/github/repositories";
    public const string TicketGitHub = "tickets/{reference}/github";
    public const string TicketForum = "tickets/{reference}/forum";
    public const string Papercuts = "reports/papercuts";

    // Team chat: Slack's Events API and interactive buttons (Gate.SlackSignature).
    public const string SlackEvents = "integrations/slack/events";
    public const string SlackActions = "integrations/slack/actions";

    /// <summary>The public support page; outside the api prefix (in Azure a route with an empty prefix or a proxy).</summary>
    public const string WebFormPage = "/";

    /// <summary>The staff console page, a static page whose API calls go with the sign-in cookie.</summary>
    public const string ConsolePage = "/console";

    // The same two pages under the api prefix: the Functions app's only address for them (a function cannot be the
    // site root), served by Support.Local too, and the one every mail links to (PublicLinks).
    public const string FunctionsWebFormPage = Core.Mail.PublicLinks.SupportPage;
    public const string FunctionsConsolePage = Core.Mail.PublicLinks.ConsolePage;
    public const string Signups = "signups";

    /// <summary>The booking page and its form (public): <c>/api/book</c> in both hosts, and <c>/book</c> locally.</summary>
    public const string BookPage = Core.Mail.PublicLinks.BookPage;
    public const string BookCancel = "book/cancel";
    public const string LocalBookPage = "/book";

    // The signed-in person's sessions (staff).
    public const string BookingsToday = "bookings/today";
    public const string BookingDone = "bookings/{id}/done";
    public const string BookingNoShow = "bookings/{id}/no-show";
    public const string BookingFree = "bookings/{id}/free";
    public const string BookingReschedule = "bookings/{id}/reschedule";
    public const string TicketBookingLink = "tickets/{reference}/booking-link";

    public static string Local(string route) => $"/{Prefix}/{route}";
}
