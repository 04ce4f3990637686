package io.personaforge.app;

import io.personaforge.app.RunConfigLoader.LoadedRun;
import io.personaforge.generator.WriterInfo;
import io.personaforge.generator.engine.Activity;
import io.personaforge.pipelines.Stats;
import io.personaforge.pipelines.Version;
import io.personaforge.report.CorpusMetrics;
import io.personaforge.report.JsonNumbers;
import io.personaforge.report.JudgeFigures;
import io.personaforge.report.QuotaFit;
import io.personaforge.report.Summary;
import io.personaforge.sampler.Cell;
import io.personaforge.sampler.QuotaPlan;
import io.personaforge.schemas.ParquetFiles;
import io.personaforge.taxonomy.Attribute;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.validator.JudgeSpec;
import io.personaforge.validator.ValidationStats;
import io.personaforge.validator.Validator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds a run's {@link Summary} from what it wrote (the tables' row counts, the rounds' counts,
 * the validation figures and leaves drawn tallied as the personas were written) and, for the LLM
 * figures (calls, retries: observations), from the rounds' counters.
 */
final class RunSummary {
  /** Most unused taxonomy leaves the summary names (the count covers them all). */
  static final int DEFAULT_UNUSED_SHOWN = 20;

  private RunSummary() {}

  /**
   * @param loaded the run's configuration
   * @param out the finished output folder (its tables are in place)
   * @param runner the runner's name
   * @param startNanos when the run started ({@link System#nanoTime()})
   * @param writer who wrote the narratives
   * @param activity how busy the run's engine kept the endpoint, when the calls were made here
   * @param outcome what the rounds did
   * @param corpus the corpus's metrics
   * @param timings the phases' timings so far
   */
  static Summary of(
      LoadedRun loaded,
      Path out,
      String runner,
      long startNanos,
      WriterInfo writer,
      Optional<Activity.Snapshot> activity,
      RoundLoop.Outcome outcome,
      CorpusMetrics.Result corpus,
      Summary.Timings timings)
      throws IOException {
    QuotaPlan plan = loaded.plan();
    Map<String, Long> counters = outcome.counters();
    List<Summary.RoundRow> rounds = outcome.rounds();
    ValidationStats validation =
        new ValidationStats(
                Validator.of(loaded.config().validation(), loaded.taxonomy()).ruleNames())
            .addCounts(outcome.validation());
    return new Summary(
        Version.current(),
        runner.toLowerCase(Locale.ROOT),
        PersonaRun.seconds(startNanos),
        loaded.config().seed(),
        loaded.taxonomy().name(),
        loaded.configHash(),
        new Summary.Counts(
            plan.size(),
            rounds.stream().mapToLong(Summary.RoundRow::generated).sum(),
            ParquetFiles.rowCount(out.resolve("personas")),
            ParquetFiles.rowCount(out.resolve("rejects")),
            ParquetFiles.rowCount(out.resolve("duplicates")),
            rounds.stream().mapToLong(Summary.RoundRow::surplus).sum()),
        quotaRows(plan, outcome.accepted()),
        rounds,
        coverage(loaded.taxonomy(), outcome.leavesDrawn()),
        withJudges(validation.toJson(), out, loaded),
        llm(counters, activity, loaded.config().generator().concurrency(), rounds),
        Map.of(
            "provider", writer.provider(),
            "model", writer.model(),
            "prompt_version", writer.promptVersion()),
        QuotaFit.of(plan, outcome.accepted()),
        corpus,
        timings);
  }

  /**
   * The validation figures with the judges' ({@code judges}, from the verdicts the tables record)
   * when the run has judges.
   */
  private static Map<String, Object> withJudges(
      Map<String, Object> validation, Path out, LoadedRun loaded) throws IOException {
    List<JudgeSpec> specs = loaded.config().validation().judges();
    if (specs.isEmpty()) {
      return validation;
    }
    Map<String, Object> figures = new LinkedHashMap<>(validation);
    figures.put("judges", JudgeFigures.compute(out, specs));
    return figures;
  }

  /** Leaf coverage, given per leaf path the settled personas that drew it. */
  private static Summary.Coverage coverage(Taxonomy taxonomy, Map<String, Long> leavesDrawn) {
    int used = 0;
    List<String> unused = new ArrayList<>();
    for (Attribute a : taxonomy.attributes()) {
      if (leavesDrawn.getOrDefault(a.path(), 0L) > 0) {
        used++;
      } else if (unused.size() < DEFAULT_UNUSED_SHOWN) {
        unused.add(a.path());
      }
    }
    return new Summary.Coverage(taxonomy.attributes().size(), used, unused);
  }

  /** The counters named {@code prefix...}, without the prefix. */
  private static Map<String, Long> withPrefix(Map<String, Long> counters, String prefix) {
    Map<String, Long> out = new HashMap<>();
    counters.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            out.put(k.substring(prefix.length()), v);
          }
        });
    return out;
  }

  private static Map<String, Object> llm(
      Map<String, Long> counters,
      Optional<Activity.Snapshot> activity,
      int concurrency,
      List<Summary.RoundRow> rounds) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("calls", counters.getOrDefault(Stats.LLM_CALLS, 0L));
    out.put("cache_hits", counters.getOrDefault(Stats.CACHE_HITS, 0L));
    out.put("retries", counters.getOrDefault(Stats.RETRIES, 0L));
    Map<String, Long> byCause = new TreeMap<>(withPrefix(counters, Stats.RETRIES_BY));
    byCause.values().removeIf(v -> v == 0);
    out.put("retries_by_cause", byCause);
    out.put("prompt_tokens", counters.getOrDefault(Stats.PROMPT_TOKENS, 0L));
    out.put("completion_tokens", counters.getOrDefault(Stats.COMPLETION_TOKENS, 0L));
    out.put("overloads", counters.getOrDefault(Stats.LLM_OVERLOADS, 0L));
    out.put("concurrency", concurrency);
    double busy = counters.getOrDefault(Stats.LLM_BUSY_MS, 0L) / 1000.0;
    // The endpoint's wall: from the run's first call to its last answer when the calls were made
    // in this process (Direct, embedded Flink); else the rounds' wall, a slight overestimate.
    double wall =
        activity
            .map(Activity.Snapshot::generationSeconds)
            .filter(s -> s > 0)
            .orElse(rounds.stream().mapToDouble(Summary.RoundRow::seconds).sum());
    out.put("busy_request_seconds", JsonNumbers.round3(busy));
    out.put("generation_seconds", JsonNumbers.round3(wall));
    out.put(
        "utilisation",
        busy <= 0 || wall <= 0 ? 0.0 : JsonNumbers.round3(busy / (concurrency * wall)));
    activity.ifPresent(
        a -> {
          Map<String, Object> limiter = new LinkedHashMap<>();
          limiter.put("cap_rejections", a.capRejections());
          limiter.put("isolated_rejections", a.isolatedRejections());
          out.put("limiter", limiter);
          List<Map<String, Object>> points = new ArrayList<>();
          for (Activity.Point p : a.points()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("t", JsonNumbers.round3(p.seconds()));
            m.put("in_flight", p.inFlight());
            m.put("limit", p.limit());
            points.add(m);
          }
          out.put("in_flight", points);
        });
    return out;
  }

  /** One row per cell, with what the rounds accepted into it (cell key to count). */
  private static List<Summary.QuotaRow> quotaRows(QuotaPlan plan, Map<String, Long> accepted) {
    List<Summary.QuotaRow> rows = new ArrayList<>();
    for (Cell c : plan.cells()) {
      rows.add(
          new Summary.QuotaRow(c.key(), c.fixed(), c.target(), accepted.getOrDefault(c.key(), 0L)));
    }
    return rows;
  }
}
