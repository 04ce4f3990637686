package io.personaforge.dedup.semantic;

import io.personaforge.dedup.DocRef;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * What semantic dedup keeps of a document: its unit-length embedding and its bucket keys.
 *
 * @param ref the document
 * @param vector the embedding scaled to length 1 (so a dot product is the cosine)
 * @param bucketKeys one random-hyperplane bucket per table (the table number is in the high bits)
 */
public record SemanticSketch(DocRef ref, float[] vector, long[] bucketKeys)
    implements Serializable {
  public SemanticSketch {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(vector, "vector");
    Objects.requireNonNull(bucketKeys, "bucketKeys");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SemanticSketch s
        && ref.equals(s.ref)
        && Arrays.equals(vector, s.vector)
        && Arrays.equals(bucketKeys, s.bucketKeys);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ref, Arrays.hashCode(vector), Arrays.hashCode(bucketKeys));
  }

  @Override
  public String toString() {
    return "SemanticSketch[" + ref + ", " + vector.length + " dims]";
  }

  /** Cosine of two unit vectors, summed in a fixed order in double precision (deterministic). */
  public static double cosine(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return Math.max(-1.0, Math.min(1.0, s));
  }
}
