using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit;

namespace Support.IntegrationTests.Browser;

/// <summary>axe-core on the page as it stands (not inside the sandboxed mail frames): no serious or critical WCAG 2.x A/AA violation.</summary>
public static class Accessibility
{
    private static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    public static async Task AssertNoSeriousViolationsAsync(IPage page, string view)
    {
        var results = await page.RunAxe(new Deque.AxeCore.Commons.AxeRunOptions
        {
            RunOnly = new Deque.AxeCore.Commons.RunOnlyOptions { Type = "tag", Values = [.. Tags] },

            // A customer's mail is shown in a sandboxed frame where no script runs, axe's included: it checks our page around it.
            Iframes = false,
        });
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe on {view}: " + string.Join("; ", serious.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}")));
    }
}
