package io.personaforge.pipelines.dedup;

import io.personaforge.dedup.SemanticConfig;
import io.personaforge.dedup.semantic.Embedder;
import io.personaforge.dedup.semantic.Embedders;
import io.personaforge.dedup.semantic.EmbeddingStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The embeddings of one run, computed at most once per JVM and kept in {@code
 * OUT/.cache/embeddings} ({@link EmbeddingStore}): refill rounds and resumed runs read the vectors
 * of texts earlier rounds embedded instead of embedding them again. Keyed by content (model, cap,
 * endpoint and the exact text), so a record written twice or by a retried step is harmless.
 *
 * <p>{@link #warm} queues texts for a background thread, so that a step waiting on the LLM can have
 * its accepted personas embedded meanwhile (embedding is CPU, the LLM is I/O); {@link #embed} then
 * finds them done. A text being embedded by one caller is waited for, never embedded by a second
 * one. Thread-safe; one instance per (cache folder, embedding settings) per JVM.
 */
public final class SharedEmbeddings {
  /** Texts per model call from the warming thread: the model spreads one call over its workers. */
  static final int DEFAULT_WARM_BATCH = 64;

  private static final Map<String, SharedEmbeddings> OPEN = new HashMap<>();

  private final String embeddingId;
  private final EmbeddingStore store;
  private final Supplier<Embedder> embedders;
  private final Map<EmbeddingStore.Key, CompletableFuture<float[]>> pending =
      new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<String> warmQueue = new LinkedBlockingQueue<>();
  private final AtomicLong computed = new AtomicLong();
  private final AtomicLong reused = new AtomicLong();
  private final AtomicLong warmFailures = new AtomicLong();
  private Embedder embedder;
  private Thread warmer;

  private SharedEmbeddings(SemanticConfig config, Path cacheDir, Supplier<Embedder> embedders) {
    this.embeddingId = config.embeddingId();
    this.store = EmbeddingStore.open(cacheDir.resolve("embeddings"));
    this.embedders = embedders;
  }

  /**
   * The JVM's shared embeddings of {@code config}'s model and cap, kept in {@code
   * cacheDir/embeddings} (the run's cache folder, {@code OUT/.cache}). The model loads on the first
   * text that is not in the cache.
   */
  public static SharedEmbeddings open(SemanticConfig config, Path cacheDir) {
    String id = cacheDir.toAbsolutePath().normalize() + "\n" + config.embeddingId();
    synchronized (OPEN) {
      SharedEmbeddings s = OPEN.get(id);
      // A run directory emptied by --overwrite takes its cache with it: start a new one.
      if (s == null || !s.store.intact()) {
        s = new SharedEmbeddings(config, cacheDir, () -> Embedders.create(config));
        OPEN.put(id, s);
      }
      return s;
    }
  }

  /**
   * A private instance over {@code cacheDir} with the given embedder (tests: count model calls).
   */
  static SharedEmbeddings openUnshared(SemanticConfig config, Path cacheDir, Embedder embedder) {
    return new SharedEmbeddings(config, cacheDir, () -> embedder);
  }

  private synchronized Embedder embedder() {
    if (embedder == null) {
      embedder = embedders.get();
    }
    return embedder;
  }

  /**
   * One vector per text, in order: from the cache where it holds them, the others embedded in one
   * model call and appended to the cache. Waits for texts another caller is embedding.
   */
  public List<float[]> embed(List<String> texts) {
    int n = texts.size();
    float[][] out = new float[n][];
    List<CompletableFuture<float[]>> waits = new ArrayList<>(n);
    List<EmbeddingStore.Key> missKeys = new ArrayList<>();
    List<String> missTexts = new ArrayList<>();
    List<CompletableFuture<float[]>> missFutures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      waits.add(null);
      String text = texts.get(i);
      EmbeddingStore.Key key = EmbeddingStore.key(embeddingId, text);
      float[] hit = store.get(key).orElse(null);
      if (hit != null) {
        out[i] = hit;
        reused.incrementAndGet();
        continue;
      }
      CompletableFuture<float[]> mine = new CompletableFuture<>();
      CompletableFuture<float[]> theirs = pending.putIfAbsent(key, mine);
      if (theirs != null) {
        waits.set(i, theirs); // being embedded by another caller (or earlier in this list)
        continue;
      }
      // Stored between the look-up and the claim: a finished embedding leaves pending last.
      hit = store.get(key).orElse(null);
      if (hit != null) {
        pending.remove(key, mine);
        mine.complete(hit);
        out[i] = hit;
        reused.incrementAndGet();
        continue;
      }
      missKeys.add(key);
      missTexts.add(text);
      missFutures.add(mine);
      waits.set(i, mine);
    }
    if (!missTexts.isEmpty()) {
      try {
        List<float[]> vectors = embedder().embedAll(missTexts);
        store.putAll(missKeys, vectors);
        computed.addAndGet(vectors.size());
        for (int j = 0; j < vectors.size(); j++) {
          missFutures.get(j).complete(vectors.get(j));
        }
      } catch (RuntimeException e) {
        missFutures.forEach(f -> f.completeExceptionally(e));
        throw e;
      } finally {
        for (int j = 0; j < missKeys.size(); j++) {
          pending.remove(missKeys.get(j), missFutures.get(j));
        }
      }
    }
    for (int i = 0; i < n; i++) {
      if (out[i] == null) {
        try {
          out[i] = waits.get(i).join();
        } catch (CompletionException e) {
          throw e.getCause() instanceof RuntimeException r ? r : e;
        }
      }
    }
    return Arrays.asList(out);
  }

  /**
   * Queues texts to be embedded and cached by a background thread; returns at once. Call it with
   * texts that will be deduplicated later (each accepted persona's compared text, {@code
   * DedupText.of(narrative, attributes, compare)}), so that {@link #embed} finds them done. A
   * failure here is only counted: the same text is embedded again, and fails visibly, in {@link
   * #embed}.
   */
  public void warm(List<String> texts) {
    warmQueue.addAll(texts);
    synchronized (this) {
      if (warmer == null) {
        warmer = new Thread(this::warmLoop, "personaforge-embeddings-warm");
        warmer.setDaemon(true);
        warmer.start();
      }
    }
  }

  private void warmLoop() {
    List<String> batch = new ArrayList<>(DEFAULT_WARM_BATCH);
    while (true) {
      try {
        batch.add(warmQueue.take());
      } catch (InterruptedException e) {
        return;
      }
      warmQueue.drainTo(batch, DEFAULT_WARM_BATCH - 1);
      try {
        embed(batch);
      } catch (RuntimeException e) {
        warmFailures.incrementAndGet();
      }
      batch.clear();
    }
  }

  /** Texts embedded by the model through this instance. */
  public long computed() {
    return computed.get();
  }

  /** Texts served from the cache. */
  public long reused() {
    return reused.get();
  }

  /** Texts queued by {@link #warm} and not yet taken by the warming thread. */
  public int warmQueued() {
    return warmQueue.size();
  }

  /** Warming batches that failed (their texts are embedded again by {@link #embed}). */
  public long warmFailures() {
    return warmFailures.get();
  }
}
