package io.personaforge.dedup.semantic;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The all-MiniLM-L6-v2 sentence embedder (384 dimensions), run in-process from the model shipped in
 * the langchain4j jar: nothing is downloaded. It reads at most 256 word pieces, so only the first
 * ~200 words of a long text count. Thread-safe; load once per JVM or worker (~2 s).
 */
public final class MiniLmEmbedder implements Embedder {
  private final AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();

  @Override
  public List<float[]> embedAll(List<String> texts) {
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String t : texts) {
      // The model rejects blank input; a blank text embeds like a lone space would.
      segments.add(TextSegment.from(t == null || t.isBlank() ? "." : t));
    }
    List<Embedding> embeddings = model.embedAll(segments).content();
    List<float[]> out = new ArrayList<>(embeddings.size());
    for (Embedding e : embeddings) {
      out.add(e.vector());
    }
    return out;
  }
}
