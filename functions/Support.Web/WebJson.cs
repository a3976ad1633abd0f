using System.Text.Json;
using System.Text.Json.Serialization;
using Support.Core.Intake;
using Support.Web.Signups;

namespace Support.Web;

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(WebFormSubmission))]
[JsonSerializable(typeof(AcceptedInquiry))]
[JsonSerializable(typeof(TicketView))]
[JsonSerializable(typeof(TicketListView))]
[JsonSerializable(typeof(Staff.TicketPatch))]
[JsonSerializable(typeof(Staff.MeView))]
[JsonSerializable(typeof(Staff.MergeRequest))]
[JsonSerializable(typeof(Staff.EscalateRequest))]
[JsonSerializable(typeof(Support.Core.Metrics.SupportMetricsReport))]
[JsonSerializable(typeof(IReadOnlyList<Support.Core.Ports.TriageCorrection>))]
[JsonSerializable(typeof(SignupRequest))]
[JsonSerializable(typeof(SignupView))]
[JsonSerializable(typeof(Bookings.TodayView))]
[JsonSerializable(typeof(Bookings.SessionView))]
[JsonSerializable(typeof(Bookings.FreeSlotsView))]
[JsonSerializable(typeof(Bookings.RescheduleRequest))]
[JsonSerializable(typeof(Bookings.BookingLinkView))]
[JsonSerializable(typeof(Staff.ContactView))]
[JsonSerializable(typeof(Staff.MacrosView))]
[JsonSerializable(typeof(Staff.TicketMacrosView))]
[JsonSerializable(typeof(Engineering.GitHubDeliveryView))]
[JsonSerializable(typeof(Support.Core.Engineering.PapercutReport))]
[JsonSerializable(typeof(Engineering.GitHubLogRequest))]
[JsonSerializable(typeof(Engineering.ForumProposal))]
[JsonSerializable(typeof(Engineering.GitHubRepositoriesView))]
public sealed partial class WebJson : JsonSerializerContext;

public sealed record AcceptedInquiry(string Reference);
