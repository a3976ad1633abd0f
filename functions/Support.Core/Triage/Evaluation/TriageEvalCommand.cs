using Support.Core.Domain;
using Support.Core.Triage.Policy;

namespace Support.Core.Triage.Evaluation;

/// <summary>
/// <c>triage-eval &lt;file.jsonl&gt;</c>: runs a triage engine (the local host passes the app's
/// hybrid engine with its built-in model; no storage or network) over a labelled set and prints how it does. The last line is the
/// machine-readable summary CI reads.
/// </summary>
public static class TriageEvalCommand
{
    public const int Ok = 0;
    public const int BadInput = 1;
    public const int Usage = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) =>
        Run(args, stdout, stderr, new PolicyTriageEngine(TriagePolicyLoader.Default));

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, ITriageEngine engine)
    {
        if (args.Length != 1 || string.IsNullOrWhiteSpace(args[0]))
        {
            stderr.WriteLine("usage: triage-eval <file.jsonl>");
            return Usage;
        }

        var path = args[0];
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            stderr.WriteLine($"triage-eval: cannot read {path}: {ex.Message}");
            return BadInput;
        }

        var rows = new List<LabelledInquiry>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            if (!LabelledInquiry.TryParse(lines[i], out var row, out var error))
            {
                stderr.WriteLine($"triage-eval: {path} line {i + 1}: {error}");
                return BadInput;
            }

            rows.Add(row!);
        }

        if (rows.Count == 0)
        {
            stderr.WriteLine($"triage-eval: {path} has no rows");
            return BadInput;
        }

        Evaluate(rows, engine, path, stdout);
        return Ok;
    }

    private static void Evaluate(List<LabelledInquiry> rows, ITriageEngine engine, string path, TextWriter stdout)
    {
        var categories = new ClassReport<Category>(Enum.GetValues<Category>(), WireNames.Of);
        var severities = new ClassReport<Severity>(Enum.GetValues<Severity>(), WireNames.Of);
        var mistakes = new List<string>();
        foreach (var row in rows)
        {
            var result = engine.Classify(row.Input);
            categories.Add(row.Category, result.Category);
            severities.Add(row.Severity, result.Severity);
            if (result.Category != row.Category || result.Severity != row.Severity)
            {
                mistakes.Add($"  {row.Id}: labelled {WireNames.Of(row.Category)} {WireNames.Of(row.Severity)}, "
                    + $"triaged {WireNames.Of(result.Category)} {WireNames.Of(result.Severity)}");
            }
        }

        stdout.WriteLine($"triage-eval: {rows.Count} rows from {path}");
        stdout.WriteLine();
        categories.Write("category", stdout);
        severities.Write("severity", stdout);
        stdout.WriteLine($"rows triaged differently from their labels: {mistakes.Count}");
        foreach (var mistake in mistakes)
        {
            stdout.WriteLine(mistake);
        }

        if (severities.Support(Severity.S1) == 0)
        {
            stdout.WriteLine("(no S1 rows: s1_recall is 1 because there was nothing to miss)");
        }

        stdout.WriteLine(
            $"category_macro_f1={ClassReport<Category>.Format(categories.MacroF1())} "
            + $"s1_recall={ClassReport<Severity>.Format(severities.Recall(Severity.S1))} "
            + $"s1_precision={ClassReport<Severity>.Format(severities.Precision(Severity.S1))} "
            + $"severity_accuracy={ClassReport<Severity>.Format(severities.Accuracy)} n={rows.Count}");
    }
}
