package io.personaforge.dedup.semantic;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import io.personaforge.dedup.SemanticConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The all-MiniLM-L6-v2 sentence embedder (384 dimensions), quantized or full, run in-process by
 * langchain4j's ONNX encoder from the model shipped in its jar: nothing is downloaded. The model
 * reads at most 128 tokens of a text (its tokenizer cuts there); each text is cut after {@code
 * maxTokens} word pieces first ({@link WordPieceCap}).
 *
 * <p>One ONNX session per model per JVM, run by one caller at a time with every core and no
 * spinning threads. langchain4j's own models run each text on a thread of their own against a
 * session whose thread pool spins: on 2 cores that is several busy threads per core, and on a
 * shared machine ~4x slower (the {@code embeddings} benchmark). Texts are embedded one at a time,
 * never padded into a batch, so a text's vector never depends on the texts beside it (the quantized
 * model scales activations over the whole input). Thread-safe.
 */
public final class MiniLmEmbedder implements Embedder {
  private static final Map<String, Model> MODELS = new HashMap<>();

  private final Model model;
  private final WordPieceCap cap;

  /** The default model and cap ({@link SemanticConfig#DEFAULT_MODEL}, its max_tokens). */
  public MiniLmEmbedder() {
    this(SemanticConfig.DEFAULT_MODEL, SemanticConfig.DEFAULT_MAX_TOKENS);
  }

  /**
   * @param model one of {@link SemanticConfig#LOCAL_MODELS}
   * @param maxTokens word pieces embedded per text, 1 to {@link
   *     SemanticConfig#MINILM_MAX_WORD_PIECES}
   */
  public MiniLmEmbedder(String model, int maxTokens) {
    this.model = load(model);
    this.cap = new WordPieceCap(maxTokens);
  }

  /** langchain4j's in-process model over a session of ours; embeds in the caller's thread. */
  private static final class Model extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder encoder;

    Model(OnnxBertBiEncoder encoder) {
      super(Runnable::run);
      this.encoder = encoder;
    }

    @Override
    protected OnnxBertBiEncoder model() {
      return encoder;
    }

    @Override
    protected Integer knownDimension() {
      return 384;
    }
  }

  private static synchronized Model load(String name) {
    if (!SemanticConfig.LOCAL_MODELS.contains(name)) {
      throw new IllegalArgumentException(
          "unknown local model '"
              + name
              + "'; one of: "
              + String.join(", ", SemanticConfig.LOCAL_MODELS));
    }
    Model m = MODELS.get(name);
    if (m == null) {
      ClassLoader cl = MiniLmEmbedder.class.getClassLoader();
      try (InputStream onnx = cl.getResourceAsStream(name + ".onnx");
          InputStream tokenizer = cl.getResourceAsStream(name + "-tokenizer.json")) {
        if (onnx == null || tokenizer == null) {
          throw new IllegalStateException(
              "the model files of " + name + " are missing from the class path");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
        options.setInterOpNumThreads(1);
        // Idle threads sleep instead of spinning: on a shared machine spinning steals the cores.
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        OrtSession session = env.createSession(onnx.readAllBytes(), options);
        m = new Model(new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.MEAN));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the model " + name, e);
      } catch (OrtException e) {
        throw new IllegalStateException("cannot load the model " + name + ": " + e.getMessage(), e);
      }
      MODELS.put(name, m);
    }
    return m;
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    List<TextSegment> segments = cap.segments(texts);
    List<Embedding> embeddings;
    // One caller at a time: the session already spreads each text over every core.
    synchronized (model) {
      embeddings = model.embedAll(segments).content();
    }
    List<float[]> out = new ArrayList<>(embeddings.size());
    for (Embedding e : embeddings) {
      out.add(e.vector());
    }
    return out;
  }
}
