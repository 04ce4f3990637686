package io.personaforge.pipelines.dedup;

import io.personaforge.dedup.DocRef;
import io.personaforge.dedup.lexical.LexicalSketch;
import io.personaforge.pipelines.PersonaRecordCoder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * A compact binary encoding of {@link LexicalSketch}: ~4 bytes per shingle and 8 per band, against
 * roughly twice that and a class descriptor per element with Java serialization; the Direct
 * runner's GroupByKey copies every value through its coder (bench/README.md).
 */
public final class LexicalSketchCoder extends AtomicCoder<LexicalSketch> {
  private static final LexicalSketchCoder INSTANCE = new LexicalSketchCoder();

  public static LexicalSketchCoder of() {
    return INSTANCE;
  }

  private LexicalSketchCoder() {}

  @Override
  public void encode(LexicalSketch s, OutputStream outStream) throws IOException {
    DataOutputStream out = new DataOutputStream(outStream);
    PersonaRecordCoder.writeString(out, s.ref().id());
    out.writeInt(s.ref().round());
    out.writeLong(s.ref().ordinal());
    out.writeLong(s.ref().profile());
    PersonaRecordCoder.writeString(out, s.fingerprint());
    out.writeInt(s.shingles().length);
    for (int h : s.shingles()) {
      out.writeInt(h);
    }
    out.writeInt(s.bandKeys().length);
    for (long k : s.bandKeys()) {
      out.writeLong(k);
    }
    out.flush();
  }

  @Override
  public LexicalSketch decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    DocRef ref =
        new DocRef(PersonaRecordCoder.readString(in), in.readInt(), in.readLong(), in.readLong());
    String fingerprint = PersonaRecordCoder.readString(in);
    int[] shingles = new int[in.readInt()];
    for (int i = 0; i < shingles.length; i++) {
      shingles[i] = in.readInt();
    }
    long[] bandKeys = new long[in.readInt()];
    for (int i = 0; i < bandKeys.length; i++) {
      bandKeys[i] = in.readLong();
    }
    return new LexicalSketch(ref, fingerprint, shingles, bandKeys);
  }

  @Override
  public void verifyDeterministic() {}
}
