package io.personaforge.pipelines.io;

import io.personaforge.pipelines.PersonaKey;
import io.personaforge.pipelines.PersonaSketch;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The rows of a round's sketches table ({@code round-N/sketches/}): one {@link PersonaSketch} per
 * accepted persona, for later rounds of the same run to compare with. A working table of the run's
 * staging folder, never part of the corpus, so its schema lives here and not among the output
 * tables'. Shingles and embeddings are stored as packed big-endian bytes: an Avro array would box
 * every element on the way back.
 */
public final class SketchRows {
  /** The table's folder name in a round's folder. */
  public static final String TABLE = "sketches";

  public static final Schema SCHEMA =
      SchemaBuilder.record("PersonaSketch")
          .namespace("io.personaforge.staging")
          .doc("What a refill round needs of an accepted persona of an earlier round")
          .fields()
          .requiredString("id")
          .requiredInt("round")
          .requiredLong("ordinal")
          .requiredString("cell")
          .requiredString("first_name")
          .requiredLong("profile")
          .requiredString("fingerprint")
          .requiredBytes("shingles")
          .optionalBytes("embedding")
          .endRecord();

  private SketchRows() {}

  public static GenericRecord toRecord(PersonaSketch s) {
    GenericRecord r = new GenericData.Record(SCHEMA);
    r.put("id", s.key().id());
    r.put("round", s.key().round());
    r.put("ordinal", s.key().ordinal());
    r.put("cell", s.key().cell());
    r.put("first_name", s.key().firstName());
    r.put("profile", s.profile());
    r.put("fingerprint", s.fingerprint());
    ByteBuffer shingles = ByteBuffer.allocate(s.shingles().length * Integer.BYTES);
    shingles.asIntBuffer().put(s.shingles());
    r.put("shingles", shingles);
    if (s.embedding() != null) {
      ByteBuffer embedding = ByteBuffer.allocate(s.embedding().length * Float.BYTES);
      embedding.asFloatBuffer().put(s.embedding());
      r.put("embedding", embedding);
    }
    return r;
  }

  public static PersonaSketch fromRecord(GenericRecord r) {
    PersonaKey key =
        new PersonaKey(
            r.get("id").toString(),
            (Integer) r.get("round"),
            (Long) r.get("ordinal"),
            r.get("cell").toString(),
            r.get("first_name").toString());
    ByteBuffer packed = ((ByteBuffer) r.get("shingles")).duplicate();
    int[] shingles = new int[packed.remaining() / Integer.BYTES];
    packed.asIntBuffer().get(shingles);
    float[] embedding = null;
    if (r.get("embedding") instanceof ByteBuffer e) {
      ByteBuffer b = e.duplicate();
      embedding = new float[b.remaining() / Float.BYTES];
      b.asFloatBuffer().get(embedding);
    }
    return new PersonaSketch(
        key, (Long) r.get("profile"), r.get("fingerprint").toString(), shingles, embedding);
  }
}
