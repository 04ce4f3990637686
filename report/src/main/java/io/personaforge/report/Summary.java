package io.personaforge.report;

import com.fasterxml.jackson.core.JsonProcessingException;
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
 * @param llm calls made, cache hits, retries (by cause where known) and tokens paid in this run
 * @param generator provider, model and prompt version
 * @param quotaFit per configured quota: KL divergence and total absolute error of the shares
 * @param corpus diversity and shape of the final corpus, or null when not computed
 * @param timings wall seconds per phase
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
    Map<String, Object> llm,
    Map<String, String> generator,
    List<QuotaFit> quotaFit,
    CorpusMetrics.Result corpus,
    Timings timings) {

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
  public record QuotaRow(String cell, Map<String, String> attributes, long target, long achieved) {
    /** Achieved minus target: negative for a short cell. */
    public long difference() {
      return achieved - target;
    }
  }

  /**
   * One round of generation; generated = accepted + rejected + duplicates + surplus.
   *
   * @param round round number
   * @param generated personas drawn and written
   * @param rejected rejected by the writer or the checks
   * @param duplicates duplicates of earlier personas
   * @param accepted accepted into the corpus
   * @param surplus valid and unique, but their cell was full
   * @param seconds wall time of the round's pipeline (every run of it)
   * @param attempts runs of the round's pipeline: 1, or more when the Direct runner got stuck and
   *     the round was run again
   */
  public record RoundRow(
      int round,
      long generated,
      long rejected,
      long duplicates,
      long accepted,
      long surplus,
      double seconds,
      int attempts) {}

  /**
   * Wall seconds of the phases of a run that the driver can time on its own clock; the rounds'
   * pipelines are timed in {@link RoundRow#seconds()}.
   *
   * @param planning loading the configuration and taxonomy and planning the quota cells
   * @param prepare claiming the output directory and probing the LLM endpoint
   * @param tables moving the finished tables into place
   * @param metrics computing the corpus metrics (reading the corpus back)
   * @param report writing report.html (0 in the summary the report itself shows)
   */
  public record Timings(
      double planning, double prepare, double tables, double metrics, double report) {}

  /** This summary with the report's time filled in and the total wall time updated. */
  public Summary withReportTime(double reportSeconds, double totalSeconds) {
    return new Summary(
        toolVersion,
        runner,
        totalSeconds,
        seed,
        taxonomy,
        configHash,
        counts,
        quotas,
        rounds,
        coverage,
        validation,
        llm,
        generator,
        quotaFit,
        corpus,
        new Timings(
            timings.planning(),
            timings.prepare(),
            timings.tables(),
            timings.metrics(),
            reportSeconds));
  }

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
    m.put("seconds", seconds(seconds));
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
                  row.put("difference", q.difference());
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
                  row.put("seconds", seconds(r.seconds()));
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
    m.put("quota_fit", quotaFit.stream().map(QuotaFit::toJson).toList());
    if (corpus != null) {
      m.put("corpus", corpus.toJson());
    }
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("planning", seconds(timings.planning()));
    t.put("prepare", seconds(timings.prepare()));
    t.put("rounds", seconds(rounds.stream().mapToDouble(RoundRow::seconds).sum()));
    t.put("tables", seconds(timings.tables()));
    t.put("metrics", seconds(timings.metrics()));
    t.put("report", seconds(timings.report()));
    t.put("total", seconds(seconds));
    m.put("timings", t);
    try {
      return JSON.writeValueAsString(m) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Seconds to the millisecond. */
  private static double seconds(double s) {
    return JsonNumbers.round3(s);
  }
}
