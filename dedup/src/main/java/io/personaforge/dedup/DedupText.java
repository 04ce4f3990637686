package io.personaforge.dedup;

import java.util.Map;
import java.util.TreeMap;

/** Builds the text that dedup compares for a persona, following {@link DedupConfig.Compare}. */
public final class DedupText {
  private DedupText() {}

  /**
   * The narrative alone, or the narrative followed by one {@code key: value} sentence per attribute
   * in key order (so the attribute part never depends on map iteration order).
   */
  public static String of(
      String narrative, Map<String, ?> attributes, DedupConfig.Compare compare) {
    String text = narrative == null ? "" : narrative;
    if (compare == DedupConfig.Compare.NARRATIVE || attributes == null || attributes.isEmpty()) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text);
    for (Map.Entry<String, ?> e : new TreeMap<String, Object>(attributes).entrySet()) {
      sb.append('\n').append(e.getKey()).append(": ").append(e.getValue()).append('.');
    }
    return sb.toString();
  }
}
