package io.personaforge.pipelines;

import io.personaforge.dedup.DedupConfig;
import io.personaforge.dedup.DedupText;
import io.personaforge.dedup.DocRef;
import io.personaforge.dedup.lexical.LexicalSketch;
import io.personaforge.pipelines.dedup.LexicalBlocking;
import io.personaforge.pipelines.dedup.SharedEmbeddings;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What later rounds need of an accepted persona, kept beside its round's tables ({@code
 * round-N/sketches/}, written by {@link WriteCorpus}), so that a refill round compares its personas
 * with earlier rounds' without reading their narratives back, shingling or embedding them again:
 * its key (the first-name cap reads it), its dedup profile, its compared text's fingerprint and
 * shingles, and its embedding when semantic dedup is on.
 *
 * <p>The shingles are kept unsigned: which shingles are common, and so the MinHash band keys, are
 * decided by the round that compares (from a sample of its own and earlier rounds' sketches), so a
 * refill round signs earlier sketches exactly as it would have signed them from their texts.
 *
 * @param key id, round, ordinal, cell and first name
 * @param profile the dedup profile ({@link DocRef#profileOf}); {@link DocRef#NO_PROFILE} when dedup
 *     is off
 * @param fingerprint the compared text's fingerprint ({@link LexicalSketch#fingerprint()}); empty
 *     when dedup is off
 * @param shingles the compared text's distinct shingle hashes, sorted; empty when dedup is off
 * @param embedding the compared text's embedding as the model gave it; null when semantic dedup is
 *     off
 */
public record PersonaSketch(
    PersonaKey key, long profile, String fingerprint, int[] shingles, float[] embedding) {
  public PersonaSketch {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(shingles, "shingles");
  }

  /** The persona as dedup knows it. */
  public DocRef ref() {
    return new DocRef(key.id(), key.round(), key.ordinal(), profile);
  }

  /** The unsigned lexical sketch, as {@link LexicalBlocking#shingled} made it from the text. */
  public LexicalSketch lexical() {
    return new LexicalSketch(ref(), fingerprint, shingles, new long[0]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PersonaSketch s
        && key.equals(s.key)
        && profile == s.profile
        && fingerprint.equals(s.fingerprint)
        && Arrays.equals(shingles, s.shingles)
        && Arrays.equals(embedding, s.embedding);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, profile, fingerprint, Arrays.hashCode(shingles));
  }

  @Override
  public String toString() {
    return "PersonaSketch["
        + key.id()
        + ", "
        + shingles.length
        + " shingles"
        + (embedding == null ? "" : ", " + embedding.length + " dims")
        + "]";
  }

  /**
   * Makes the sketches of a run's personas: the same shingles and profile {@link FindDuplicates}
   * computes, and the embedding from the run's {@link SharedEmbeddings} (where the round's dedup
   * left it, so it is read back, not computed). The shingles are computed again here, where the
   * accepted persona is written, rather than carried over from {@link FindDuplicates}: carrying
   * them would join every persona's shingles to its settled record by key, a shuffle that costs
   * more than shingling one text. Serializable: a sink of {@link WriteCorpus} holds one.
   */
  public static final class Sketcher implements Serializable {
    private static final long serialVersionUID = 1L;

    private final DedupConfig dedup;
    private final LexicalBlocking lexical;
    private final String cacheDir;
    private transient SharedEmbeddings embeddings;

    /**
     * @param dedup the run's dedup settings; null when dedup is off (sketches then hold only keys)
     * @param profilePaths the attributes of the dedup profile ({@link RunSpec#profilePaths()})
     * @param cacheDir the run's cache folder ({@code OUT/.cache}); may be null when semantic dedup
     *     is off
     */
    public Sketcher(DedupConfig dedup, List<String> profilePaths, String cacheDir) {
      if (dedup != null && dedup.semantic().on() && cacheDir == null) {
        throw new IllegalArgumentException("semantic dedup needs the run's cache folder");
      }
      this.dedup = dedup;
      this.lexical = dedup == null ? null : new LexicalBlocking(dedup, profilePaths);
      this.cacheDir = cacheDir;
    }

    /** The sketcher of a run: its dedup settings when dedup is on, its profile and cache. */
    public static Sketcher of(RunSpec spec) {
      return new Sketcher(
          spec.config().dedup().enabled() ? spec.config().dedup() : null,
          spec.profilePaths(),
          spec.cacheDir());
    }

    /** The sketch of a valid persona. */
    public PersonaSketch sketch(PersonaRecord p) {
      PersonaKey key = PersonaKey.of(p);
      if (dedup == null) {
        return new PersonaSketch(key, DocRef.NO_PROFILE, "", new int[0], null);
      }
      LexicalSketch shingled = lexical.shingled(p);
      float[] embedding = null;
      if (dedup.semantic().on()) {
        if (embeddings == null) {
          embeddings = SharedEmbeddings.open(dedup.semantic(), Path.of(cacheDir));
        }
        embedding =
            embeddings
                .embed(List.of(DedupText.of(p.narrative(), p.attributes(), dedup.compare())))
                .get(0);
      }
      return new PersonaSketch(
          key, shingled.ref().profile(), shingled.fingerprint(), shingled.shingles(), embedding);
    }
  }
}
