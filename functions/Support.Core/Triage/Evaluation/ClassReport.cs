using System.Globalization;

namespace Support.Core.Triage.Evaluation;

/// <summary>A confusion matrix over one label set, and the precision, recall and F1 it implies.</summary>
public sealed class ClassReport<T>(T[] classes, Func<T, string> name)
    where T : struct, Enum
{
    private readonly int[,] counts = new int[classes.Length, classes.Length];

    public int Total { get; private set; }

    public int Correct { get; private set; }

    public void Add(T actual, T predicted)
    {
        counts[Index(actual), Index(predicted)]++;
        Total++;
        if (EqualityComparer<T>.Default.Equals(actual, predicted))
        {
            Correct++;
        }
    }

    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    public int Support(T value) => Row(Index(value));

    /// <summary>Recall of one class; a class with no rows has nothing to miss, so 1.</summary>
    public double Recall(T value)
    {
        var i = Index(value);
        return Row(i) == 0 ? 1 : (double)counts[i, i] / Row(i);
    }

    public double Precision(T value)
    {
        var i = Index(value);
        return Column(i) == 0 ? 0 : (double)counts[i, i] / Column(i);
    }

    public double F1(T value)
    {
        var (p, r) = (Precision(value), Recall(value));
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /// <summary>Mean F1 over the classes that occur in the labels or the predictions.</summary>
    public double MacroF1()
    {
        var present = Enumerable.Range(0, classes.Length).Where(i => Row(i) > 0 || Column(i) > 0).ToList();
        return present.Count == 0 ? 0 : present.Average(i => F1(classes[i]));
    }

    public void Write(string title, TextWriter output)
    {
        var width = Math.Max(10, classes.Max(c => name(c).Length) + 2);
        output.WriteLine($"{title} confusion matrix (rows: label, columns: predicted)");
        output.Write("".PadRight(width));
        foreach (var c in classes)
        {
            output.Write(name(c).PadLeft(width));
        }

        output.WriteLine();
        for (var i = 0; i < classes.Length; i++)
        {
            output.Write(name(classes[i]).PadRight(width));
            for (var j = 0; j < classes.Length; j++)
            {
                output.Write(counts[i, j].ToString(CultureInfo.InvariantCulture).PadLeft(width));
            }

            output.WriteLine();
        }

        output.WriteLine();
        output.WriteLine($"{title.PadRight(width)}{"precision",10}{"recall",10}{"f1",10}{"support",10}");
        foreach (var c in classes)
        {
            output.WriteLine(
                $"{name(c).PadRight(width)}{Format(Precision(c)),10}{Format(Recall(c)),10}{Format(F1(c)),10}{Support(c).ToString(CultureInfo.InvariantCulture),10}");
        }

        output.WriteLine($"{"macro F1".PadRight(width)}{Format(MacroF1()),30}");
        output.WriteLine($"{"accuracy".PadRight(width)}{Format(Accuracy),30}");
        output.WriteLine();
    }

    public static string Format(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private int Index(T value) => Array.IndexOf(classes, value) is var i and >= 0
        ? i
        : throw new ArgumentOutOfRangeException(nameof(value), value, "not one of the report's classes");

    private int Row(int i) => Enumerable.Range(0, classes.Length).Sum(j => counts[i, j]);

    private int Column(int j) => Enumerable.Range(0, classes.Length).Sum(i => counts[i, j]);
}
