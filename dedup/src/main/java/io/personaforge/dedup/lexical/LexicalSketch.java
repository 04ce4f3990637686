package io.personaforge.dedup.lexical;

import io.personaforge.dedup.DocRef;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * What lexical dedup keeps of a document: ~4 bytes per shingle plus 8 bytes per band instead of its
 * text. This is the element the pipeline groups by block key.
 *
 * @param ref the document
 * @param fingerprint 128-bit hash of the normalised word sequence, 32 hex digits (equal for texts
 *     equal after {@link io.personaforge.dedup.TextNormalizer})
 * @param shingles distinct 32-bit shingle hashes, sorted ascending
 * @param bandKeys one LSH key per band (the band number is mixed in, so keys of different bands
 *     never collide by construction)
 */
public record LexicalSketch(DocRef ref, String fingerprint, int[] shingles, long[] bandKeys)
    implements Serializable {
  public LexicalSketch {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(shingles, "shingles");
    Objects.requireNonNull(bandKeys, "bandKeys");
  }

  /** The first 64 bits of the fingerprint, the key that groups exact duplicates. */
  public long exactKey() {
    return Long.parseUnsignedLong(fingerprint.substring(0, 16), 16);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LexicalSketch s
        && ref.equals(s.ref)
        && fingerprint.equals(s.fingerprint)
        && Arrays.equals(shingles, s.shingles)
        && Arrays.equals(bandKeys, s.bandKeys);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ref, fingerprint, Arrays.hashCode(shingles), Arrays.hashCode(bandKeys));
  }

  @Override
  public String toString() {
    return "LexicalSketch[" + ref + ", " + shingles.length + " shingles]";
  }

  /** Jaccard similarity of two sorted distinct int sets (1 when both are empty). */
  public static double jaccard(int[] a, int[] b) {
    if (a.length == 0 && b.length == 0) {
      return 1.0;
    }
    int i = 0;
    int j = 0;
    int inter = 0;
    while (i < a.length && j < b.length) {
      int c = Integer.compare(a[i], b[j]);
      if (c == 0) {
        inter++;
        i++;
        j++;
      } else if (c < 0) {
        i++;
      } else {
        j++;
      }
    }
    return (double) inter / (a.length + b.length - inter);
  }
}
