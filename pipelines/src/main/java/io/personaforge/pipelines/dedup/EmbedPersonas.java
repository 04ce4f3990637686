package io.personaforge.pipelines.dedup;

import io.personaforge.dedup.DedupText;
import io.personaforge.dedup.semantic.SemanticSketch;
import io.personaforge.pipelines.PersonaRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;

/**
 * Embeds a round's personas' compared texts, a batch per call (the local model spreads each text
 * over every core), and emits their semantic sketches flagged current ({@code false}; earlier
 * rounds' come from their kept sketches). Vectors come from the run's {@link SharedEmbeddings}: a
 * text that an earlier attempt of this step, the generation step's warming or a killed run already
 * embedded is read back, not embedded again.
 */
public final class EmbedPersonas extends DoFn<PersonaRecord, KV<Boolean, SemanticSketch>> {
  /** Texts per cache look-up and model call: amortises a call, bounds what a bundle holds. */
  static final int DEFAULT_BATCH = 64;

  private final SemanticBlocking blocking;
  private final String cacheDir;
  private transient List<PersonaRecord> batch;
  private transient SharedEmbeddings embeddings;

  /**
   * @param blocking the semantic settings
   * @param cacheDir the run's cache folder ({@code OUT/.cache}), reachable by every worker
   */
  public EmbedPersonas(SemanticBlocking blocking, String cacheDir) {
    this.blocking = blocking;
    this.cacheDir = cacheDir;
  }

  @Setup
  public void setup() {
    embeddings = SharedEmbeddings.open(blocking.config().semantic(), Path.of(cacheDir));
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
    List<float[]> vectors = embeddings.embed(texts);
    for (int i = 0; i < batch.size(); i++) {
      PersonaRecord p = batch.get(i);
      out.add(KV.of(false, blocking.sketch(blocking.docRef(p), vectors.get(i))));
    }
    batch.clear();
    return out;
  }
}
