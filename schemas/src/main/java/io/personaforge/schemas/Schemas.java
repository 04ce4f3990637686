package io.personaforge.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/**
 * The Avro schemas of every output table. They are the single source of the Parquet schemas: the
 * pipeline writes with them and readers can find them beside the code in {@code
 * io/personaforge/schemas/*.avsc}.
 */
public final class Schemas {
  private static final Schema PERSONA = load("persona.avsc");
  private static final Schema REJECT = load("reject.avsc");
  private static final Schema DUPLICATE = load("duplicate.avsc");

  private Schemas() {}

  /** Accepted personas ({@code personas/*.parquet}). */
  public static Schema persona() {
    return PERSONA;
  }

  /** Rejected personas with every violation ({@code rejects/*.parquet}). */
  public static Schema reject() {
    return REJECT;
  }

  /** Near-duplicates removed ({@code duplicates/*.parquet}). */
  public static Schema duplicate() {
    return DUPLICATE;
  }

  /** Reads a schema by file name, e.g. {@code persona.avsc}; each file parses on its own. */
  public static Schema load(String fileName) {
    try (InputStream in = Schemas.class.getResourceAsStream(fileName)) {
      if (in == null) {
        throw new IllegalArgumentException("no schema resource " + fileName);
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
