package io.personaforge.pipelines;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;

/**
 * A compact, deterministic binary encoding of {@link PersonaRecord}: maps keep their order, null
 * strings are distinct from empty ones. Hand-written because Beam cannot infer coders for records
 * and Java serialization is several times larger and slower.
 */
public final class PersonaRecordCoder extends AtomicCoder<PersonaRecord> {
  private static final PersonaRecordCoder INSTANCE = new PersonaRecordCoder();

  public static PersonaRecordCoder of() {
    return INSTANCE;
  }

  private PersonaRecordCoder() {}

  @Override
  public void encode(PersonaRecord r, OutputStream outStream) throws IOException {
    DataOutputStream out = new DataOutputStream(outStream);
    writeString(out, r.id());
    out.writeLong(r.runSeed());
    out.writeInt(r.round());
    out.writeLong(r.ordinal());
    writeString(out, r.cell());
    writeMap(out, r.attributes());
    writeString(out, r.narrative());
    writeMap(out, r.fields());
    out.writeInt(r.revisions());
    out.writeInt(r.warnings().size());
    for (String w : r.warnings()) {
      writeString(out, w);
    }
    out.writeInt(r.violations().size());
    for (PersonaRecord.Attempt a : r.violations()) {
      out.writeInt(a.attempt());
      writeString(out, a.rule());
      writeString(out, a.severity());
      writeString(out, a.message());
    }
    writeString(out, r.failedStage() == null ? null : r.failedStage().label());
    writeString(out, r.reason());
    writeString(out, r.lastOutput());
    out.writeInt(r.judgements().size());
    for (PersonaRecord.Judgement j : r.judgements()) {
      out.writeInt(j.attempt());
      writeString(out, j.judge());
      out.writeBoolean(j.pass());
      out.writeInt(j.score());
      out.writeInt(j.problems().size());
      for (String p : j.problems()) {
        writeString(out, p);
      }
      out.writeLong(j.millis());
    }
    out.writeInt(r.validationCounts().size());
    for (Map.Entry<String, Long> e : r.validationCounts().entrySet()) {
      writeString(out, e.getKey());
      out.writeLong(e.getValue());
    }
    out.flush();
  }

  @Override
  public PersonaRecord decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    String id = readString(in);
    long runSeed = in.readLong();
    int round = in.readInt();
    long ordinal = in.readLong();
    String cell = readString(in);
    Map<String, String> attributes = readMap(in);
    String narrative = readString(in);
    Map<String, String> fields = readMap(in);
    int revisions = in.readInt();
    int nw = in.readInt();
    List<String> warnings = new ArrayList<>(nw);
    for (int i = 0; i < nw; i++) {
      warnings.add(readString(in));
    }
    int nv = in.readInt();
    List<PersonaRecord.Attempt> violations = new ArrayList<>(nv);
    for (int i = 0; i < nv; i++) {
      violations.add(
          new PersonaRecord.Attempt(in.readInt(), readString(in), readString(in), readString(in)));
    }
    PersonaRecord.Stage failedStage = PersonaRecord.Stage.ofLabel(readString(in));
    String reason = readString(in);
    String lastOutput = readString(in);
    int nj = in.readInt();
    List<PersonaRecord.Judgement> judgements = new ArrayList<>(nj);
    for (int i = 0; i < nj; i++) {
      int attempt = in.readInt();
      String judge = readString(in);
      boolean pass = in.readBoolean();
      int score = in.readInt();
      int np = in.readInt();
      List<String> problems = new ArrayList<>(np);
      for (int k = 0; k < np; k++) {
        problems.add(readString(in));
      }
      judgements.add(
          new PersonaRecord.Judgement(attempt, judge, pass, score, problems, in.readLong()));
    }
    int nc = in.readInt();
    Map<String, Long> validationCounts = new LinkedHashMap<>(Math.max(4, nc * 2));
    for (int i = 0; i < nc; i++) {
      validationCounts.put(readString(in), in.readLong());
    }
    return new PersonaRecord(
        id,
        runSeed,
        round,
        ordinal,
        cell,
        attributes,
        narrative,
        fields,
        revisions,
        warnings,
        violations,
        failedStage,
        reason,
        lastOutput,
        judgements,
        validationCounts);
  }

  @Override
  public void verifyDeterministic() {}

  public static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  public static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      if (n != -1) {
        throw new CoderException("corrupt string length " + n);
      }
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  static void writeMap(DataOutputStream out, Map<String, String> m) throws IOException {
    out.writeInt(m.size());
    for (Map.Entry<String, String> e : m.entrySet()) {
      writeString(out, e.getKey());
      writeString(out, e.getValue());
    }
  }

  static Map<String, String> readMap(DataInputStream in) throws IOException {
    int n = in.readInt();
    Map<String, String> m = new LinkedHashMap<>(Math.max(4, n * 2));
    for (int i = 0; i < n; i++) {
      m.put(readString(in), readString(in));
    }
    return m;
  }
}
