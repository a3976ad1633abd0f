using System.Globalization;
using System.Net;
using Support.Core.Sla;

namespace Support.Core.Mail;

/// <summary>
/// The words of the mails a customer receives from us, in each language of
/// <see cref="CustomerLanguage.Supported"/>. Placeholders are numbered as each member says; the
/// same template gives the plain text and (encoded, with the reference and times in bold) the HTML.
/// </summary>
public sealed record CustomerMailText
{
    public required string Language { get; init; }

    /// <summary>{0} the customer's name.</summary>
    public required string HelloNamed { get; init; }

    public required string Hello { get; init; }

    /// <summary>{0} reference (never the customer's subject: anyone can type anyone's address into the form).</summary>
    public required string AcknowledgementSubject { get; init; }

    /// <summary>{0} team, {1} reference.</summary>
    public required string Received { get; init; }

    /// <summary>{0} the promise (e.g. "within 8 business hours"), {1} the due time.</summary>
    public required string NextStep { get; init; }

    /// <summary>{0} reference.</summary>
    public required string AddMore { get; init; }

    /// <summary>Before the booking link, in the acknowledgement of a ticket that needs a call.</summary>
    public required string BookCall { get; init; }

    /// <summary>The booking link's words.</summary>
    public required string BookCallLink { get; init; }

    /// <summary>{0} reference, {1} the customer's subject.</summary>
    public required string NudgeSubject { get; init; }

    /// <summary>{0} reference, {1} days until it closes.</summary>
    public required string Nudge { get; init; }

    /// <summary>{0} reference, {1} the customer's subject.</summary>
    public required string SolvedSubject { get; init; }

    /// <summary>{0} reference.</summary>
    public required string Solved { get; init; }

    /// <summary>{0} reference kept, {1} reference merged away.</summary>
    public required string MergedSubject { get; init; }

    /// <summary>{0} reference merged away, {1} its subject, {2} reference kept, {3} its subject.</summary>
    public required string Merged { get; init; }

    /// <summary>The policy's units (minute, hour, day, business hour, business day), singular and plural.</summary>
    public required IReadOnlyDictionary<string, (string One, string Many)> Units { get; init; }

    /// <summary>{0} amount, {1} unit.</summary>
    public required string Within { get; init; }

    public CultureInfo Culture => CultureInfo.GetCultureInfo(Language);

    public static CustomerMailText For(string? language) =>
        All.GetValueOrDefault(CustomerLanguage.Normalize(language)) ?? All[CustomerLanguage.English];

    public string Greeting(string? name) => string.IsNullOrEmpty(name) ? Hello : string.Format(Culture, HelloNamed, name);

    /// <summary>A target's length in the customer's words; the policy's own English text when it cannot be read.</summary>
    public string Promise(string englishPromise)
    {
        var length = englishPromise.StartsWith("within ", StringComparison.Ordinal) ? englishPromise["within ".Length..] : englishPromise;
        var parts = length.Split(' ', 2, StringSplitOptions.TrimEntries);
        if (Language == CustomerLanguage.English || !SlaDuration.TryParse(length, out _) || parts.Length < 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
            || !Units.TryGetValue(parts[1].ToLowerInvariant().TrimEnd('s'), out var unit))
        {
            return englishPromise;
        }

        return string.Format(Culture, Within, amount.ToString("0.#", Culture), amount == 1 ? unit.One : unit.Many);
    }

    public string FormatTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString(Language == CustomerLanguage.English ? "ddd d MMM yyyy HH:mm 'UTC'" : "dddd d MMMM yyyy, HH:mm 'UTC'", Culture);

    /// <summary>A template in HTML: its own words encoded, each argument encoded and, when <paramref name="bold"/> says so, in bold.</summary>
    public string Html(string template, params (string Value, bool Bold)[] args) =>
        string.Format(Culture, WebUtility.HtmlEncode(template), [.. args.Select(a => a.Bold ? $"<strong>{WebUtility.HtmlEncode(a.Value)}</strong>" : WebUtility.HtmlEncode(a.Value))]);

    private static Dictionary<string, (string One, string Many)> UnitsOf(params (string One, string Many)[] units) => new(StringComparer.Ordinal)
    {
        ["minute"] = units[0],
        ["hour"] = units[1],
        ["day"] = units[2],
        ["business hour"] = units[3],
        ["business day"] = units[4],
    };

    private static readonly Dictionary<string, CustomerMailText> All = new(StringComparer.Ordinal)
    {
        [CustomerLanguage.English] = new()
        {
            Language = "en",
            HelloNamed = "Hello {0},",
            Hello = "Hello,",
            AcknowledgementSubject = "[{0}] We received your request",
            Received = "Thank you for contacting {0}. We have received your request and opened ticket {1}.",
            NextStep = "What happens next: a member of the team will answer {0}, by {1} at the latest.",
            AddMore = "To add anything, reply to this email and keep [{0}] in the subject.",
            BookCall = "If it is easier to talk it through, book a call at a time that suits you:",
            BookCallLink = "Book a call",
            NudgeSubject = "[{0}] Still need help? {1}",
            Nudge = "We are waiting for your reply on {0}. We'll close this in {1} days unless you reply; just answer this mail to keep it open.",
            SolvedSubject = "[{0}] Solved: {1}",
            Solved = "We have marked {0} as solved, as we have not heard back. If you still need help, reply to this mail and the ticket reopens.",
            MergedSubject = "[{0}] Your request {1} continues as {0}",
            Merged = "Your request {0} (\u201c{1}\u201d) is about the same thing as {2} (\u201c{3}\u201d), so we have joined them. Please use {2} from now on: reply to this mail, or quote [{2}] in the subject.",
            Within = "within {0} {1}",
            Units = UnitsOf(("minute", "minutes"), ("hour", "hours"), ("day", "days"), ("business hour", "business hours"), ("business day", "business days")),
        },
        ["fr"] = new()
        {
            Language = "fr",
            HelloNamed = "Bonjour {0},",
            Hello = "Bonjour,",
            AcknowledgementSubject = "[{0}] Nous avons bien reçu votre demande",
            Received = "Merci d\u2019avoir contacté {0}. Nous avons bien reçu votre demande et ouvert le ticket {1}.",
            NextStep = "La suite : un membre de l\u2019équipe vous répondra {0}, au plus tard le {1}.",
            AddMore = "Pour ajouter quoi que ce soit, répondez à ce message en gardant [{0}] dans l\u2019objet.",
            BookCall = "S\u2019il est plus simple d\u2019en parler, réservez un appel au moment qui vous convient :",
            BookCallLink = "Réserver un appel",
            NudgeSubject = "[{0}] Avez-vous encore besoin d\u2019aide ? {1}",
            Nudge = "Nous attendons votre réponse au sujet de {0}. Sans réponse de votre part, nous le fermerons dans {1} jours ; répondez simplement à ce message pour le garder ouvert.",
            SolvedSubject = "[{0}] Résolu : {1}",
            Solved = "Nous avons marqué {0} comme résolu, faute de nouvelles de votre part. Si vous avez encore besoin d\u2019aide, répondez à ce message et le ticket sera rouvert.",
            MergedSubject = "[{0}] Votre demande {1} continue sous {0}",
            Merged = "Votre demande {0} (« {1} ») porte sur le même sujet que {2} (« {3} ») : nous les avons réunies. Merci d\u2019utiliser désormais {2} : répondez à ce message, ou indiquez [{2}] dans l\u2019objet.",
            Within = "dans un délai de {0} {1}",
            Units = UnitsOf(("minute", "minutes"), ("heure", "heures"), ("jour", "jours"), ("heure ouvrée", "heures ouvrées"), ("jour ouvré", "jours ouvrés")),
        },
        ["de"] = new()
        {
            Language = "de",
            HelloNamed = "Hallo {0},",
            Hello = "Hallo,",
            AcknowledgementSubject = "[{0}] Wir haben Ihre Anfrage erhalten",
            Received = "Vielen Dank für Ihre Nachricht an {0}. Wir haben Ihre Anfrage erhalten und das Ticket {1} eröffnet.",
            NextStep = "Wie es weitergeht: Jemand aus dem Team antwortet Ihnen {0}, spätestens am {1}.",
            AddMore = "Wenn Sie etwas ergänzen möchten, antworten Sie auf diese E-Mail und lassen Sie [{0}] im Betreff stehen.",
            BookCall = "Wenn es einfacher ist, darüber zu sprechen, buchen Sie einen Anruf zu einer Zeit, die Ihnen passt:",
            BookCallLink = "Anruf buchen",
            NudgeSubject = "[{0}] Brauchen Sie noch Hilfe? {1}",
            Nudge = "Wir warten auf Ihre Antwort zu {0}. Ohne Antwort schließen wir das Ticket in {1} Tagen; antworten Sie einfach auf diese E-Mail, damit es offen bleibt.",
            SolvedSubject = "[{0}] Gelöst: {1}",
            Solved = "Wir haben {0} als gelöst markiert, da wir nichts mehr von Ihnen gehört haben. Wenn Sie noch Hilfe brauchen, antworten Sie auf diese E-Mail, und das Ticket wird wieder geöffnet.",
            MergedSubject = "[{0}] Ihre Anfrage {1} wird als {0} fortgeführt",
            Merged = "Ihre Anfrage {0} (\u201e{1}\u201c) betrifft dasselbe wie {2} (\u201e{3}\u201c), deshalb haben wir beide zusammengeführt. Bitte verwenden Sie ab jetzt {2}: Antworten Sie auf diese E-Mail oder nennen Sie [{2}] im Betreff.",
            Within = "innerhalb von {0} {1}",
            Units = UnitsOf(("Minute", "Minuten"), ("Stunde", "Stunden"), ("Tag", "Tagen"), ("Geschäftsstunde", "Geschäftsstunden"), ("Geschäftstag", "Geschäftstagen")),
        },
        ["es"] = new()
        {
            Language = "es",
            HelloNamed = "Hola, {0}:",
            Hello = "Hola:",
            AcknowledgementSubject = "[{0}] Hemos recibido su solicitud",
            Received = "Gracias por contactar con {0}. Hemos recibido su solicitud y hemos abierto el ticket {1}.",
            NextStep = "Próximos pasos: un miembro del equipo le responderá {0}, a más tardar el {1}.",
            AddMore = "Para añadir algo, responda a este correo y mantenga [{0}] en el asunto.",
            BookCall = "Si le resulta más fácil hablarlo, reserve una llamada cuando le venga bien:",
            BookCallLink = "Reservar una llamada",
            NudgeSubject = "[{0}] ¿Sigue necesitando ayuda? {1}",
            Nudge = "Estamos esperando su respuesta sobre {0}. Lo cerraremos dentro de {1} días si no responde; basta con contestar a este correo para mantenerlo abierto.",
            SolvedSubject = "[{0}] Resuelto: {1}",
            Solved = "Hemos marcado {0} como resuelto, ya que no hemos tenido noticias suyas. Si aún necesita ayuda, responda a este correo y el ticket se volverá a abrir.",
            MergedSubject = "[{0}] Su solicitud {1} continúa como {0}",
            Merged = "Su solicitud {0} (\u00ab{1}\u00bb) trata de lo mismo que {2} (\u00ab{3}\u00bb), así que las hemos unido. A partir de ahora, utilice {2}: responda a este correo o indique [{2}] en el asunto.",
            Within = "en un plazo de {0} {1}",
            Units = UnitsOf(("minuto", "minutos"), ("hora", "horas"), ("día", "días"), ("hora laborable", "horas laborables"), ("día laborable", "días laborables")),
        },
    };
}
