package io.personaforge.pipelines.io;

import io.personaforge.generator.WriterInfo;
import io.personaforge.pipelines.DuplicateRow;
import io.personaforge.pipelines.PersonaRecord;
import io.personaforge.schemas.Schemas;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Builds the Avro records of the output tables from pipeline elements, with the schemas of the
 * {@code schemas} module (the single source of the Parquet schemas).
 *
 * @param writer who wrote the narratives
 * @param toolVersion PersonaForge version
 * @param configHash SHA-256 of the resolved run.yaml
 * @param taxonomy taxonomy name
 * @param taxonomyHash SHA-256 of the taxonomy's content
 */
public record AvroRows(
    WriterInfo writer, String toolVersion, String configHash, String taxonomy, String taxonomyHash)
    implements Serializable {

  public GenericRecord persona(PersonaRecord p) {
    Schema s = Schemas.persona();
    GenericRecord r = new GenericData.Record(s);
    r.put("id", p.id());
    r.put("run_seed", p.runSeed());
    r.put("round", p.round());
    r.put("ordinal", p.ordinal());
    r.put("cell", p.cell());
    r.put("attributes", p.attributes());
    r.put("narrative", p.narrative());
    r.put("fields", p.fields());
    r.put("revisions", p.revisions());
    r.put("warnings", p.warnings());
    r.put("judges", judgements(s, p));
    r.put("generator", generator(s.getField("generator").schema()));
    GenericRecord prov = new GenericData.Record(s.getField("provenance").schema());
    prov.put("tool_version", toolVersion);
    prov.put("config_hash", configHash);
    prov.put("taxonomy", taxonomy);
    prov.put("taxonomy_hash", taxonomyHash);
    r.put("provenance", prov);
    return r;
  }

  public GenericRecord reject(PersonaRecord p) {
    Schema s = Schemas.reject();
    GenericRecord r = new GenericData.Record(s);
    r.put("id", p.id());
    r.put("run_seed", p.runSeed());
    r.put("round", p.round());
    r.put("ordinal", p.ordinal());
    r.put("cell", p.cell());
    r.put("attributes", p.attributes());
    r.put("stage", p.failedStage() == null ? null : p.failedStage().label());
    r.put("reason", p.reason());
    Schema vs = s.getField("violations").schema().getElementType();
    List<GenericRecord> vios = new ArrayList<>();
    for (PersonaRecord.Attempt a : p.violations()) {
      GenericRecord v = new GenericData.Record(vs);
      v.put("attempt", a.attempt());
      v.put("rule", a.rule());
      v.put("severity", a.severity());
      v.put("message", a.message());
      vios.add(v);
    }
    r.put("violations", vios);
    r.put("judges", judgements(s, p));
    r.put("last_output", p.lastOutput());
    r.put("generator", generator(s.getField("generator").schema()));
    return r;
  }

  public GenericRecord duplicate(DuplicateRow d) {
    GenericRecord r = new GenericData.Record(Schemas.duplicate());
    r.put("id", d.id());
    r.put("duplicate_of", d.duplicateOf());
    r.put("similarity", d.similarity());
    r.put("method", d.method());
    r.put("round", d.round());
    r.put("ordinal", d.ordinal());
    r.put("cell", d.cell());
    r.put("narrative", d.narrative());
    return r;
  }

  private static List<GenericRecord> judgements(Schema table, PersonaRecord p) {
    Schema js = table.getField("judges").schema().getElementType();
    List<GenericRecord> out = new ArrayList<>(p.judgements().size());
    for (PersonaRecord.Judgement j : p.judgements()) {
      GenericRecord g = new GenericData.Record(js);
      g.put("attempt", j.attempt());
      g.put("judge", j.judge());
      g.put("verdict", j.pass() ? "pass" : "fail");
      g.put("score", j.score());
      g.put("problems", j.problems());
      g.put("request_ms", j.millis());
      out.add(g);
    }
    return out;
  }

  private GenericRecord generator(Schema schema) {
    GenericRecord g = new GenericData.Record(schema);
    g.put("provider", writer.provider());
    g.put("model", writer.model());
    g.put("prompt_version", writer.promptVersion());
    return g;
  }
}
