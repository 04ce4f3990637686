package io.personaforge.pipelines.dedup;

import io.personaforge.dedup.DedupText;
import io.personaforge.dedup.DocRef;
import io.personaforge.dedup.semantic.Embedder;
import io.personaforge.dedup.semantic.MiniLmEmbedder;
import io.personaforge.dedup.semantic.SemanticSketch;
import io.personaforge.pipelines.PersonaRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;

/**
 * Embeds personas' compared texts with the local MiniLM model, in batches (the model is several
 * times faster on a batch than on single texts), and emits their semantic sketches flagged as
 * earlier-round or current. One model per JVM, shared by every instance: it takes seconds to load
 * and its runtime is thread-safe.
 */
public final class EmbedPersonas extends DoFn<PersonaRecord, KV<Boolean, SemanticSketch>> {
  /** Texts per model call: large enough for the model's batching, small enough to bound memory. */
  static final int DEFAULT_BATCH = 64;

  private static Embedder shared;

  private final SemanticBlocking blocking;
  private final boolean earlier;
  private transient List<PersonaRecord> batch;

  public EmbedPersonas(SemanticBlocking blocking, boolean earlier) {
    this.blocking = blocking;
    this.earlier = earlier;
  }

  static synchronized Embedder embedder() {
    if (shared == null) {
      shared = new MiniLmEmbedder();
    }
    return shared;
  }

  @StartBundle
  public void startBundle() {
    batch = new ArrayList<>(DEFAULT_BATCH);
  }

  @ProcessElement
  public void process(@Element PersonaRecord p, OutputReceiver<KV<Boolean, SemanticSketch>> out) {
    if (p.failedStage() != null) {
      return; // rejected personas travel in the same stream but are nobody's original
    }
    batch.add(p);
    if (batch.size() >= DEFAULT_BATCH) {
      for (KV<Boolean, SemanticSketch> s : flush()) {
        out.output(s);
      }
    }
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext c) {
    for (KV<Boolean, SemanticSketch> s : flush()) {
      c.output(s, BoundedWindow.TIMESTAMP_MIN_VALUE, GlobalWindow.INSTANCE);
    }
  }

  private List<KV<Boolean, SemanticSketch>> flush() {
    List<KV<Boolean, SemanticSketch>> out = new ArrayList<>(batch.size());
    if (batch.isEmpty()) {
      return out;
    }
    List<String> texts = new ArrayList<>(batch.size());
    for (PersonaRecord p : batch) {
      texts.add(DedupText.of(p.narrative(), p.attributes(), blocking.config().compare()));
    }
    List<float[]> vectors = embedder().embedAll(texts);
    for (int i = 0; i < batch.size(); i++) {
      PersonaRecord p = batch.get(i);
      out.add(
          KV.of(
              earlier,
              blocking
                  .semantic()
                  .sketch(new DocRef(p.id(), p.round(), p.ordinal()), vectors.get(i))));
    }
    batch.clear();
    return out;
  }
}
