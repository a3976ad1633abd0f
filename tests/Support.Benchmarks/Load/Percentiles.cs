namespace Support.Benchmarks.Load;

public static class Percentiles
{
    /// <summary>The nearest-rank percentile <paramref name="p"/> (0–100) of <paramref name="values"/>; 0 when there are none.</summary>
    public static double Of(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
