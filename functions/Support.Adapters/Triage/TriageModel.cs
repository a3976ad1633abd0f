using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Support.Core.Domain;
using Support.Core.Triage;

namespace Support.Adapters.Triage;

/// <summary>
/// A trained triage model: two linear classifiers (category, severity) over word and character
/// n-grams plus the sentence embedding, the thresholds cross-validation chose for severity, and the
/// labelled items it learned from (with their embeddings) to show the most similar ones. Saved as
/// one zip: the two ML.NET models, <c>model.json</c> and <c>index.json</c>.
/// </summary>
public sealed class TriageModel
{
    // The embedding counts three times the n-grams (both are unit length): chosen by cross-validation.
    private const float EmbeddingWeight = 3f;

    private static readonly Category[] Categories = Enum.GetValues<Category>();
    private static readonly Severity[] Severities = Enum.GetValues<Severity>();

    private readonly PredictionEngine<CategoryRow, ScoreRow> _category;
    private readonly PredictionEngine<SeverityRow, ScoreRow> _severity;
    private readonly Lock _gate = new();

    internal TriageModel(MLContext ml, ITransformer category, ITransformer severity, TriageModelInfo info, IReadOnlyList<IndexedInquiry> index)
    {
        CategoryTransformer = category;
        SeverityTransformer = severity;
        Info = info;
        Index = index;
        _category = ml.Model.CreatePredictionEngine<CategoryRow, ScoreRow>(category);
        _severity = ml.Model.CreatePredictionEngine<SeverityRow, ScoreRow>(severity);
    }

    public TriageModelInfo Info { get; }

    public IReadOnlyList<IndexedInquiry> Index { get; }

    internal ITransformer CategoryTransformer { get; }

    internal ITransformer SeverityTransformer { get; }

    /// <summary>Probabilities indexed by the enums' order (category) and S1…S3 (severity).</summary>
    public ModelPrediction Predict(string text, float[] embedding)
    {
        float[] category;
        float[] severity;

        // Prediction engines keep buffers per instance, so calls take turns; each takes well under a millisecond.
        lock (_gate)
        {
            var weighted = Weighted(embedding);
            category = _category.Predict(new CategoryRow { Text = text, Embedding = weighted }).Score;
            severity = _severity.Predict(new SeverityRow { Text = text, Embedding = weighted }).Score;
        }

        return new ModelPrediction([.. category.Select(p => (double)p)], [.. severity.Select(p => (double)p)]);
    }

    /// <summary>The labelled items closest to the embedding, most similar first.</summary>
    public IReadOnlyList<SimilarInquiry> MostSimilar(float[] embedding, int count) =>
        [.. Index
            .Select(item => (item, similarity: SentenceEmbedder.Cosine(embedding, item.Embedding)))
            .OrderByDescending(x => x.similarity)
            .Take(count)
            .Select(x => new SimilarInquiry(x.item.Id, x.item.Excerpt, x.item.Category, x.item.Severity, Math.Round(x.similarity, 3)))];

    internal static float[] Weighted(float[] embedding) => [.. embedding.Select(x => x * EmbeddingWeight)];

    public static Category CategoryAt(int index) => Categories[index];

    public static Severity SeverityAt(int index) => Severities[index];

    public void Save(Stream stream, MLContext ml)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        using (var entry = zip.CreateEntry("category.zip").Open())
        {
            ml.Model.Save(CategoryTransformer, null, entry);
        }

        using (var entry = zip.CreateEntry("severity.zip").Open())
        {
            ml.Model.Save(SeverityTransformer, null, entry);
        }

        using (var entry = zip.CreateEntry("model.json").Open())
        {
            JsonSerializer.Serialize(entry, Info, TriageModelJson.Default.TriageModelInfo);
        }

        using (var entry = zip.CreateEntry("index.json").Open())
        {
            var stored = Index.Select(i => new StoredInquiry(i.Id, i.Excerpt, i.Category, i.Severity, Convert.ToBase64String(MemoryMarshal.AsBytes(i.Embedding.AsSpan()))));
            JsonSerializer.Serialize(entry, stored.ToList(), TriageModelJson.Default.ListStoredInquiry);
        }
    }

    /// <exception cref="InvalidDataException">The stream is not a triage model.</exception>
    public static TriageModel Load(Stream stream)
    {
        var ml = new MLContext(seed: 1);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var category = LoadTransformer(ml, zip, "category.zip");
        var severity = LoadTransformer(ml, zip, "severity.zip");
        using var infoStream = Entry(zip, "model.json").Open();
        var info = JsonSerializer.Deserialize(infoStream, TriageModelJson.Default.TriageModelInfo)
            ?? throw new InvalidDataException("model.json is empty");
        using var indexStream = Entry(zip, "index.json").Open();
        var stored = JsonSerializer.Deserialize(indexStream, TriageModelJson.Default.ListStoredInquiry) ?? [];
        var index = stored.Select(s => new IndexedInquiry(s.Id, s.Excerpt, s.Category, s.Severity, MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(s.Embedding)).ToArray())).ToList();
        return new TriageModel(ml, category, severity, info, index);
    }

    private static ITransformer LoadTransformer(MLContext ml, ZipArchive zip, string name)
    {
        // ML.NET needs a seekable stream for its own zip.
        using var buffer = new MemoryStream();
        using (var entry = Entry(zip, name).Open())
        {
            entry.CopyTo(buffer);
        }

        buffer.Position = 0;
        return ml.Model.Load(buffer, out _);
    }

    private static ZipArchiveEntry Entry(ZipArchive zip, string name) =>
        zip.GetEntry(name) ?? throw new InvalidDataException($"a triage model has {name}; this file does not");
}

public sealed record ModelPrediction(double[] Category, double[] Severity);

/// <summary>One labelled item the model learned from, kept for "most similar".</summary>
public sealed record IndexedInquiry(string Id, string Excerpt, string Category, string Severity, float[] Embedding);

/// <summary>What a model is: its version, what it was trained on, the thresholds and its cross-validated figures.</summary>
public sealed record TriageModelInfo(
    string Version,
    DateTimeOffset TrainedAt,
    int Items,
    int Corrections,
    double S1Threshold,
    double S2Threshold,
    CrossValidation CrossValidation);

/// <summary>Out-of-fold figures of a model recipe on a set of labelled items (5 folds unless said).</summary>
public sealed record CrossValidation(int Folds, double CategoryMacroF1, double S1Recall, double S1Precision, double SeverityAccuracy)
{
    public override string ToString() =>
        $"category_macro_f1={CategoryMacroF1:0.000} s1_recall={S1Recall:0.000} s1_precision={S1Precision:0.000} severity_accuracy={SeverityAccuracy:0.000}";
}

internal sealed record StoredInquiry(string Id, string Excerpt, string Category, string Severity, string Embedding);

internal sealed class CategoryRow
{
    public string Text { get; set; } = "";

    [VectorType(SentenceEmbedder.Dimensions)]
    public float[] Embedding { get; set; } = [];

    // The enum's index (0-based, as ML.NET reads a key from a class): score i is the probability of value i.
    [KeyType(5)]
    public uint Label { get; set; }
}

internal sealed class SeverityRow
{
    public string Text { get; set; } = "";

    [VectorType(SentenceEmbedder.Dimensions)]
    public float[] Embedding { get; set; } = [];

    // S1 is 0.
    [KeyType(3)]
    public uint Label { get; set; }
}

internal sealed class ScoreRow
{
    public float[] Score { get; set; } = [];
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TriageModelInfo))]
[JsonSerializable(typeof(List<StoredInquiry>))]
internal sealed partial class TriageModelJson : JsonSerializerContext;
