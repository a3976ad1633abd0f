using System.Reflection;

namespace Support.Adapters.Triage;

/// <summary>
/// The model triage uses now: the one built into the app until a newer accepted model is loaded
/// from storage. One per process; swapping is a single reference write, so a triage in flight
/// finishes with the model it started with.
/// </summary>
public sealed class TriageModelHolder
{
    private const string BuiltInResource = "Support.Adapters.Triage.triage-model.zip";

    private static readonly Lazy<TriageModel> BuiltInModel = new(LoadBuiltIn, LazyThreadSafetyMode.ExecutionAndPublication);

    private TriageModel? _current;

    /// <summary>The model that ships in the app (trained on the shared labelled set), loaded once per process.</summary>
    public static TriageModel BuiltIn => BuiltInModel.Value;

    public TriageModel Current => Volatile.Read(ref _current) ?? BuiltIn;

    public void Use(TriageModel model) => Volatile.Write(ref _current, model);

    private static TriageModel LoadBuiltIn()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(BuiltInResource)
            ?? throw new InvalidOperationException($"the app was built without its triage model ({BuiltInResource})");
        return TriageModel.Load(stream);
    }
}
