package io.personaforge.pipelines;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;

/**
 * Deterministic binary encoding of {@link Settled}: the outcome's byte, the persona, then a
 * duplicate's row.
 */
public final class SettledCoder extends AtomicCoder<Settled> {
  private static final SettledCoder INSTANCE = new SettledCoder();
  private static final Settled.Kind[] KINDS = Settled.Kind.values();

  public static SettledCoder of() {
    return INSTANCE;
  }

  private SettledCoder() {}

  @Override
  public void encode(Settled s, OutputStream out) throws IOException {
    out.write(s.kind().ordinal());
    PersonaRecordCoder.of().encode(s.persona(), out);
    if (s.kind() == Settled.Kind.DUPLICATE) {
      DuplicateRowCoder.of().encode(s.duplicate(), out);
    }
  }

  @Override
  public Settled decode(InputStream in) throws IOException {
    int k = in.read();
    if (k < 0 || k >= KINDS.length) {
      throw new CoderException("not a settled persona: outcome byte " + k);
    }
    Settled.Kind kind = KINDS[k];
    PersonaRecord persona = PersonaRecordCoder.of().decode(in);
    return new Settled(
        kind, persona, kind == Settled.Kind.DUPLICATE ? DuplicateRowCoder.of().decode(in) : null);
  }

  @Override
  public void verifyDeterministic() {}
}
