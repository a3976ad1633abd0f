namespace Support.Local.Hosting;

/// <summary>The repository checkout the local host runs from: settings, tools and Azurite data live there.</summary>
public static class RepoRoot
{
    public const string Marker = "Support.Functions.sln";

    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, Marker)))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"Run the local host from inside the repository (no {Marker} above {Directory.GetCurrentDirectory()}).");
    }
}
