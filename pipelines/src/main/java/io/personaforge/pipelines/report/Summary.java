package io.personaforge.pipelines.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable account of a run, written as {@code summary.json}. Every generated persona
 * is counted in exactly one of accepted, rejected, duplicates or surplus, and {@code balanced} says
 * whether the counts add up.
 *
 * @param toolVersion PersonaForge version
 * @param runner direct or flink
 * @param seconds wall time of the run
 * @param seed run seed
 * @param taxonomy taxonomy name
 * @param configHash SHA-256 of the resolved run.yaml
 * @param counts target, generated, accepted, rejected, duplicates, surplus
 * @param quotas one row per quota cell
 * @param rounds what each round generated and where it went
 * @param coverage how much of the taxonomy the generated personas used
 * @param validation pass rate per rule, error and warning rates, revisions (from {@code
 *     ValidationStats})
 * @param llm calls made, cache hits, retries and tokens paid in this run
 * @param generator provider, model and prompt version
 */
public record Summary(
    String toolVersion,
    String runner,
    double seconds,
    long seed,
    String taxonomy,
    String configHash,
    Counts counts,
    List<QuotaRow> quotas,
    List<RoundRow> rounds,
    Coverage coverage,
    Map<String, Object> validation,
    Map<String, Long> llm,
    Map<String, String> generator) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * @param target personas requested
   * @param generated personas generated in all rounds
   * @param accepted personas in the corpus
   * @param rejected personas in the rejects table
   * @param duplicates personas in the duplicates table
   * @param surplus valid, unique personas whose cell was already full
   */
  public record Counts(
      long target, long generated, long accepted, long rejected, long duplicates, long surplus) {
    /** Whether every generated persona is accounted for exactly once. */
    public boolean balanced() {
      return generated == accepted + rejected + duplicates + surplus;
    }
  }

  /**
   * @param cell the cell key
   * @param attributes the cell's fixed values
   * @param target personas the cell must hold
   * @param achieved personas it holds
   */
  public record QuotaRow(String cell, Map<String, String> attributes, long target, long achieved) {}

  /**
   * One round of generation; generated = accepted + rejected + duplicates + surplus.
   *
   * @param round round number
   * @param generated personas drawn and written
   * @param rejected rejected by the writer or the checks
   * @param duplicates duplicates of earlier personas
   * @param accepted accepted into the corpus
   * @param surplus valid and unique, but their cell was full
   */
  public record RoundRow(
      int round, long generated, long rejected, long duplicates, long accepted, long surplus) {}

  /**
   * Taxonomy leaf coverage over every generated persona.
   *
   * @param leaves leaf attributes in the taxonomy
   * @param used leaves drawn by at least one persona
   * @param unused up to 20 leaves never drawn
   */
  public record Coverage(int leaves, int used, List<String> unused) {}

  /** Quota cells that ended below target. */
  public List<QuotaRow> shortCells() {
    return quotas.stream().filter(q -> q.achieved() < q.target()).toList();
  }

  /** The summary as pretty-printed JSON with snake_case keys. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tool_version", toolVersion);
    m.put("runner", runner);
    m.put("seconds", Math.round(seconds * 1000) / 1000.0);
    m.put("seed", seed);
    m.put("taxonomy", taxonomy);
    m.put("config_hash", configHash);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("target", counts.target());
    c.put("generated", counts.generated());
    c.put("accepted", counts.accepted());
    c.put("rejected", counts.rejected());
    c.put("duplicates", counts.duplicates());
    c.put("surplus", counts.surplus());
    c.put("balanced", counts.balanced());
    m.put("counts", c);
    m.put(
        "quotas",
        quotas.stream()
            .map(
                q -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("cell", q.cell());
                  row.put("attributes", q.attributes());
                  row.put("target", q.target());
                  row.put("achieved", q.achieved());
                  return row;
                })
            .toList());
    m.put(
        "rounds",
        rounds.stream()
            .map(
                r -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("round", r.round());
                  row.put("generated", r.generated());
                  row.put("accepted", r.accepted());
                  row.put("rejected", r.rejected());
                  row.put("duplicates", r.duplicates());
                  row.put("surplus", r.surplus());
                  return row;
                })
            .toList());
    m.put("short_cells", shortCells().stream().map(QuotaRow::cell).toList());
    Map<String, Object> cov = new LinkedHashMap<>();
    cov.put("leaves", coverage.leaves());
    cov.put("used", coverage.used());
    cov.put(
        "share",
        coverage.leaves() == 0
            ? 0
            : Math.round(1000.0 * coverage.used() / coverage.leaves()) / 1000.0);
    cov.put("unused_sample", coverage.unused());
    m.put("leaf_coverage", cov);
    m.put("validation", validation);
    m.put("llm", llm);
    m.put("generator", generator);
    try {
      return JSON.writeValueAsString(m) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
