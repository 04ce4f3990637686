package io.personaforge.pipelines;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Deterministic binary encoding of {@link DuplicateRow}. */
public final class DuplicateRowCoder extends AtomicCoder<DuplicateRow> {
  private static final DuplicateRowCoder INSTANCE = new DuplicateRowCoder();

  public static DuplicateRowCoder of() {
    return INSTANCE;
  }

  private DuplicateRowCoder() {}

  @Override
  public void encode(DuplicateRow d, OutputStream outStream) throws IOException {
    DataOutputStream out = new DataOutputStream(outStream);
    PersonaRecordCoder.writeString(out, d.id());
    PersonaRecordCoder.writeString(out, d.duplicateOf());
    out.writeDouble(d.similarity());
    PersonaRecordCoder.writeString(out, d.method());
    out.writeInt(d.round());
    out.writeLong(d.ordinal());
    PersonaRecordCoder.writeString(out, d.cell());
    PersonaRecordCoder.writeString(out, d.narrative());
    out.flush();
  }

  @Override
  public DuplicateRow decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    return new DuplicateRow(
        PersonaRecordCoder.readString(in),
        PersonaRecordCoder.readString(in),
        in.readDouble(),
        PersonaRecordCoder.readString(in),
        in.readInt(),
        in.readLong(),
        PersonaRecordCoder.readString(in),
        PersonaRecordCoder.readString(in));
  }

  @Override
  public void verifyDeterministic() {}
}
