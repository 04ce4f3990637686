package io.personaforge.pipelines;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Deterministic binary encoding of {@link PersonaKey}. */
public final class PersonaKeyCoder extends AtomicCoder<PersonaKey> {
  private static final PersonaKeyCoder INSTANCE = new PersonaKeyCoder();

  public static PersonaKeyCoder of() {
    return INSTANCE;
  }

  private PersonaKeyCoder() {}

  @Override
  public void encode(PersonaKey k, OutputStream outStream) throws IOException {
    DataOutputStream out = new DataOutputStream(outStream);
    PersonaRecordCoder.writeString(out, k.id());
    out.writeInt(k.round());
    out.writeLong(k.ordinal());
    PersonaRecordCoder.writeString(out, k.cell());
    PersonaRecordCoder.writeString(out, k.firstName());
    out.flush();
  }

  @Override
  public PersonaKey decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    return new PersonaKey(
        PersonaRecordCoder.readString(in),
        in.readInt(),
        in.readLong(),
        PersonaRecordCoder.readString(in),
        PersonaRecordCoder.readString(in));
  }

  @Override
  public void verifyDeterministic() {}
}
