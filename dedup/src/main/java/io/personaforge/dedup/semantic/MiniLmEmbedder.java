package io.personaforge.dedup.semantic;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import io.personaforge.dedup.SemanticConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The all-MiniLM-L6-v2 sentence embedder (384 dimensions), quantized or full, run in-process by
 * langchain4j's ONNX encoder from the model shipped in its jar: nothing is downloaded. The model
 * reads at most 128 tokens of a text (its tokenizer cuts there); each text is cut after {@code
 * maxTokens} word pieces first ({@link WordPieceCap}).
 *
 * <p>One pool per model per JVM: one worker thread per core (at most {@link
 * #DEFAULT_MAX_SESSIONS}), each with an ONNX session of its own that runs on that thread alone. The
 * texts of every caller are spread over the workers, one text per model call. Measured on 2 idle
 * cores (docs/dedup.md): one session spreading each text over both cores kept them ~60% busy (48
 * texts/s quantized), two single-threaded sessions keep both busy (75/s); with two other busy
 * processes on the cores, 22–35 against 38–40. Single-threaded sessions also make a text's vector
 * independent of the machine's core count. Texts are never padded into a batch, so a text's vector
 * never depends on the texts beside it (the quantized model scales activations over the whole
 * input). langchain4j's own models run each text on a thread of their own against a session whose
 * thread pool spins: several busy threads per core. Thread-safe.
 */
public final class MiniLmEmbedder implements Embedder {
  /**
   * Most sessions (and worker threads) per model per JVM: each holds the model's weights (23 MB
   * quantized, 90 MB full), and a TaskManager shares its cores with other slots.
   */
  public static final int DEFAULT_MAX_SESSIONS = 8;

  /**
   * A worker idle this long closes its session and exits: long enough to span the pause between two
   * rounds of a run, short enough that a TaskManager does not keep a finished job's model.
   */
  static final long DEFAULT_IDLE_SECONDS = 60;

  private static final Map<String, Pool> POOLS = new HashMap<>();

  private final Pool pool;
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
    this.pool = pool(model);
    this.cap = new WordPieceCap(maxTokens);
  }

  /** Worker threads (= sessions) of a model's pool on this machine. */
  private static int sessions() {
    return Math.max(1, Math.min(DEFAULT_MAX_SESSIONS, Runtime.getRuntime().availableProcessors()));
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

  /**
   * A model's workers: each thread makes its own session from the model's bytes the first time it
   * embeds, uses it alone from then on, and closes it when it has been idle for {@link
   * #DEFAULT_IDLE_SECONDS} and exits — so a Flink TaskManager that ran a job keeps no threads and
   * no native model memory of it.
   */
  private static final class Pool {
    private final String name;
    private final byte[] onnx;
    private final byte[] tokenizer;
    private final ThreadPoolExecutor workers;
    private final ThreadLocal<Loaded> session = new ThreadLocal<>();

    /** A worker's session and the model over it. */
    private record Loaded(OrtSession session, Model model) {}

    Pool(String name, byte[] onnx, byte[] tokenizer) {
      this.name = name;
      this.onnx = onnx;
      this.tokenizer = tokenizer;
      AtomicInteger n = new AtomicInteger();
      int size = sessions();
      this.workers =
          new ThreadPoolExecutor(
              size,
              size,
              DEFAULT_IDLE_SECONDS,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              r -> {
                Thread t =
                    new Thread(
                        () -> {
                          try {
                            r.run();
                          } finally {
                            close();
                          }
                        },
                        "personaforge-" + name + "-" + n.incrementAndGet());
                t.setDaemon(true); // a finished run exits without closing the pool
                return t;
              });
      workers.allowCoreThreadTimeOut(true);
    }

    /** The calling worker's own model. */
    Model model() {
      Loaded l = session.get();
      if (l == null) {
        try {
          OrtEnvironment env = OrtEnvironment.getEnvironment();
          OrtSession.SessionOptions options = new OrtSession.SessionOptions();
          options.setIntraOpNumThreads(1);
          options.setInterOpNumThreads(1);
          OrtSession s = env.createSession(onnx, options);
          l =
              new Loaded(
                  s,
                  new Model(
                      new OnnxBertBiEncoder(
                          env, s, new ByteArrayInputStream(tokenizer), PoolingMode.MEAN)));
        } catch (OrtException e) {
          throw new IllegalStateException(
              "cannot load the model " + name + ": " + e.getMessage(), e);
        }
        session.set(l);
      }
      return l.model();
    }

    /** Closes the calling worker's session, if it made one (the worker is exiting). */
    private void close() {
      Loaded l = session.get();
      session.remove();
      if (l != null) {
        try {
          l.session().close();
        } catch (OrtException e) {
          // The thread is exiting either way; the session's memory is what is lost.
        }
      }
    }
  }

  private static synchronized Pool pool(String name) {
    if (!SemanticConfig.LOCAL_MODELS.contains(name)) {
      throw new IllegalArgumentException(
          "unknown local model '"
              + name
              + "'; one of: "
              + String.join(", ", SemanticConfig.LOCAL_MODELS));
    }
    Pool p = POOLS.get(name);
    if (p == null) {
      ClassLoader cl = MiniLmEmbedder.class.getClassLoader();
      try (InputStream onnx = cl.getResourceAsStream(name + ".onnx");
          InputStream tokenizer = cl.getResourceAsStream(name + "-tokenizer.json")) {
        if (onnx == null || tokenizer == null) {
          throw new IllegalStateException(
              "the model files of " + name + " are missing from the class path");
        }
        p = new Pool(name, onnx.readAllBytes(), tokenizer.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the model " + name, e);
      }
      // A broken model fails here, in the caller, not later in a worker.
      Pool loaded = p;
      join(loaded.workers.submit(loaded::model));
      POOLS.put(name, p);
    }
    return p;
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    List<TextSegment> segments = cap.segments(texts);
    List<Future<float[]>> vectors = new ArrayList<>(segments.size());
    for (TextSegment segment : segments) {
      vectors.add(pool.workers.submit(() -> pool.model().embed(segment).content().vector()));
    }
    List<float[]> out = new ArrayList<>(vectors.size());
    for (Future<float[]> v : vectors) {
      out.add(join(v));
    }
    return out;
  }

  private static <T> T join(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while embedding", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }
}
