package io.personaforge.report;

import io.personaforge.schemas.ParquetFiles;
import io.personaforge.schemas.Schemas;
import io.personaforge.validator.JudgeSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * What the LLM judges said, per judge, read back from the verdicts the personas and rejects tables
 * record (never from counters, which a re-run bundle may count twice): verdicts and pass rate,
 * personas judged and the share whose last verdict passed, the score distribution, the problems
 * named most often, and the judge's cost in requests and request-seconds.
 */
public final class JudgeFigures {
  /** Problems listed per judge: the few that explain most fails. */
  public static final int DEFAULT_TOP_PROBLEMS = 10;

  private JudgeFigures() {}

  private static final class Tally {
    final JudgeSpec spec;
    long verdicts;
    long passed;
    long personas;
    long lastPassed;
    long millis;
    final long[] scores = new long[6];
    final Map<String, Long> problems = new HashMap<>();

    Tally(JudgeSpec spec) {
      this.spec = spec;
    }
  }

  /**
   * The {@code judges} section of summary.json for the run in {@code out}: one entry per judge of
   * {@code judges}, in configuration order (empty without judges).
   */
  public static Map<String, Object> compute(Path out, List<JudgeSpec> judges) throws IOException {
    Map<String, Tally> tallies = new LinkedHashMap<>();
    for (JudgeSpec j : judges) {
      tallies.put(j.name(), new Tally(j));
    }
    if (tallies.isEmpty()) {
      return Map.of();
    }
    read(out.resolve("personas"), Schemas.persona(), tallies);
    read(out.resolve("rejects"), Schemas.reject(), tallies);
    Map<String, Object> result = new LinkedHashMap<>();
    tallies.forEach((name, t) -> result.put(name, toJson(t)));
    return result;
  }

  private static void read(Path dir, Schema table, Map<String, Tally> tallies) throws IOException {
    Schema only = ParquetFiles.projection(table, Set.of("judges"));
    for (Path file : ParquetFiles.files(dir)) {
      ParquetFiles.forEachRowOf(
          file,
          only,
          r -> {
            add(r, tallies);
            return true;
          });
    }
  }

  private static void add(GenericRecord row, Map<String, Tally> tallies) {
    if (!(row.get("judges") instanceof List<?> verdicts) || verdicts.isEmpty()) {
      return;
    }
    // Per judge, the attempt of its last verdict on this persona, and whether it passed.
    Map<String, int[]> last = new HashMap<>();
    for (Object o : verdicts) {
      GenericRecord v = (GenericRecord) o;
      Tally t = tallies.get(String.valueOf(v.get("judge")));
      if (t == null) {
        continue; // a judge no longer configured (a resumed run's earlier rounds)
      }
      boolean pass = "pass".equals(String.valueOf(v.get("verdict")));
      int attempt = (Integer) v.get("attempt");
      t.verdicts++;
      t.passed += pass ? 1 : 0;
      t.millis += (Long) v.get("request_ms");
      int score = (Integer) v.get("score");
      if (score >= 1 && score <= 5) {
        t.scores[score]++;
      }
      if (v.get("problems") instanceof List<?> problems) {
        for (Object p : problems) {
          t.problems.merge(normalised(String.valueOf(p)), 1L, Long::sum);
        }
      }
      int[] seen = last.computeIfAbsent(t.spec.name(), k -> new int[] {-1, 0});
      if (attempt >= seen[0]) {
        seen[0] = attempt;
        seen[1] = pass ? 1 : 0;
      }
    }
    last.forEach(
        (name, seen) -> {
          Tally t = tallies.get(name);
          t.personas++;
          t.lastPassed += seen[1];
        });
  }

  /** Problems counted as one when they differ only in case, spacing or a final full stop. */
  static String normalised(String problem) {
    String p = problem.strip().replaceAll("\\s+", " ");
    while (p.endsWith(".")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.toLowerCase(Locale.ROOT);
  }

  private static Map<String, Object> toJson(Tally t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("severity", t.spec.severity().name().toLowerCase(Locale.ROOT));
    m.put("sample", t.spec.sample());
    m.put("personas", t.personas);
    m.put(
        "final_pass_rate",
        t.personas == 0 ? 0.0 : JsonNumbers.round3((double) t.lastPassed / t.personas));
    m.put("verdicts", t.verdicts);
    m.put("passed", t.passed);
    m.put("pass_rate", t.verdicts == 0 ? 0.0 : JsonNumbers.round3((double) t.passed / t.verdicts));
    Map<String, Long> scores = new LinkedHashMap<>();
    for (int s = 1; s <= 5; s++) {
      scores.put(Integer.toString(s), t.scores[s]);
    }
    m.put("scores", scores);
    List<Map<String, Object>> top = new ArrayList<>();
    t.problems.entrySet().stream()
        .sorted(
            Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
                .reversed()
                .thenComparing(Map.Entry::getKey))
        .limit(DEFAULT_TOP_PROBLEMS)
        .forEach(
            e -> {
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("problem", e.getKey());
              row.put("count", e.getValue());
              top.add(row);
            });
    m.put("top_problems", top);
    m.put("requests", t.verdicts);
    m.put("request_seconds", JsonNumbers.round3(t.millis / 1000.0));
    return m;
  }
}
