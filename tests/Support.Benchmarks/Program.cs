using System.Reflection;
using BenchmarkDotNet.Running;
using Support.Benchmarks;

// Named commands (twiml, sla-sweep, load, …) drive the real host and print their figures;
// anything else goes to BenchmarkDotNet (e.g. `-- --filter *Triage*`).
var commands = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmarkCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmarkCommand)Activator.CreateInstance(t)!)
    .ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);

if (args.Length > 0 && commands.TryGetValue(args[0], out var command))
{
    return await command.RunAsync(args[1..], CancellationToken.None);
}

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine("usage: dotnet run -c Release --project tests/Support.Benchmarks -- <command> [options]");
    Console.WriteLine("commands: " + string.Join(", ", commands.Keys.Order(StringComparer.Ordinal)));
    Console.WriteLine("anything else runs BenchmarkDotNet with those arguments (e.g. --filter '*')");
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(IBenchmarkCommand).Assembly).Run(args);
return 0;
