package io.personaforge.pipelines;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Deterministic binary encoding of {@link PersonaSketch}: ~4 bytes per shingle and dimension. */
public final class PersonaSketchCoder extends AtomicCoder<PersonaSketch> {
  private static final PersonaSketchCoder INSTANCE = new PersonaSketchCoder();

  public static PersonaSketchCoder of() {
    return INSTANCE;
  }

  private PersonaSketchCoder() {}

  @Override
  public void encode(PersonaSketch s, OutputStream outStream) throws IOException {
    PersonaKeyCoder.of().encode(s.key(), outStream);
    DataOutputStream out = new DataOutputStream(outStream);
    out.writeLong(s.profile());
    PersonaRecordCoder.writeString(out, s.fingerprint());
    out.writeInt(s.shingles().length);
    for (int h : s.shingles()) {
      out.writeInt(h);
    }
    float[] e = s.embedding();
    out.writeInt(e == null ? -1 : e.length);
    if (e != null) {
      for (float x : e) {
        out.writeFloat(x);
      }
    }
    out.flush();
  }

  @Override
  public PersonaSketch decode(InputStream inStream) throws IOException {
    PersonaKey key = PersonaKeyCoder.of().decode(inStream);
    DataInputStream in = new DataInputStream(inStream);
    long profile = in.readLong();
    String fingerprint = PersonaRecordCoder.readString(in);
    int[] shingles = new int[in.readInt()];
    for (int i = 0; i < shingles.length; i++) {
      shingles[i] = in.readInt();
    }
    int dims = in.readInt();
    float[] embedding = dims < 0 ? null : new float[dims];
    for (int i = 0; i < dims; i++) {
      embedding[i] = in.readFloat();
    }
    return new PersonaSketch(key, profile, fingerprint, shingles, embedding);
  }

  @Override
  public void verifyDeterministic() {}
}
