package io.personaforge.pipelines;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Deterministic binary encoding of {@link DuplicateVerdict}. */
public final class DuplicateVerdictCoder extends AtomicCoder<DuplicateVerdict> {
  private static final DuplicateVerdictCoder INSTANCE = new DuplicateVerdictCoder();

  public static DuplicateVerdictCoder of() {
    return INSTANCE;
  }

  private DuplicateVerdictCoder() {}

  @Override
  public void encode(DuplicateVerdict v, OutputStream outStream) throws IOException {
    DataOutputStream out = new DataOutputStream(outStream);
    PersonaRecordCoder.writeString(out, v.duplicateOf());
    out.writeDouble(v.similarity());
    PersonaRecordCoder.writeString(out, v.method());
    out.flush();
  }

  @Override
  public DuplicateVerdict decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    return new DuplicateVerdict(
        PersonaRecordCoder.readString(in), in.readDouble(), PersonaRecordCoder.readString(in));
  }

  @Override
  public void verifyDeterministic() {}
}
