package io.personaforge.dedup.semantic;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import dev.langchain4j.data.segment.TextSegment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cuts a text after its first {@code maxTokens} word pieces, counted by MiniLM's own (BERT uncased
 * WordPiece) tokenizer, so that only the start of a long text is embedded. langchain4j embeds a
 * whole text, in 510-piece windows that it averages, and the model's cost grows faster than
 * linearly with length; a cap bounds the cost of every text. Thread-safe.
 */
public final class WordPieceCap {
  /** The tokenizer shipped with the quantized model (the full model ships the same file). */
  private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

  private static HuggingFaceTokenizer tokenizer;

  private final int maxTokens;

  /**
   * @param maxTokens word pieces kept, ≥ 1
   */
  public WordPieceCap(int maxTokens) {
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens is " + maxTokens + ", it must be 1 or more");
    }
    this.maxTokens = maxTokens;
  }

  private static synchronized HuggingFaceTokenizer tokenizer() {
    if (tokenizer == null) {
      try (InputStream in = WordPieceCap.class.getClassLoader().getResourceAsStream(TOKENIZER)) {
        if (in == null) {
          throw new IllegalStateException(TOKENIZER + " is missing from the class path");
        }
        tokenizer =
            HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "truncation", "false"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load the MiniLM tokenizer", e);
      }
    }
    return tokenizer;
  }

  /** {@code text} itself when it has at most {@code maxTokens} word pieces, else its start. */
  public String apply(String text) {
    // Every word piece covers at least one character, so a short text needs no tokenizing.
    if (text.length() <= maxTokens) {
      return text;
    }
    Encoding e = tokenizer().encode(text, false, false);
    CharSpan[] spans = e.getCharTokenSpans();
    if (spans.length <= maxTokens) {
      return text;
    }
    // Spans count Unicode code points; a text with surrogate pairs needs them mapped to chars.
    int end = spans[maxTokens - 1].getEnd();
    return text.substring(
        0, text.offsetByCodePoints(0, Math.min(end, text.codePointCount(0, text.length()))));
  }

  /**
   * The texts as an embedding model takes them, each cut to the cap. Models reject blank input: a
   * blank text embeds like a lone full stop would.
   */
  public List<TextSegment> segments(List<String> texts) {
    List<TextSegment> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(TextSegment.from(t == null || t.isBlank() ? "." : apply(t)));
    }
    return out;
  }

  /** Word pieces of {@code text} (without the model's start and end markers). */
  public static int count(String text) {
    return tokenizer().encode(text, false, false).getIds().length;
  }
}
