package io.personaforge.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A summary.json in a few lines of text — what {@code run} prints when it ends and {@code inspect}
 * starts with: counts, rounds, quota fit, validation, diversity, cost and time. Sections a summary
 * lacks (one written by an older version) are left out.
 */
public final class SummaryText {
  private SummaryText() {}

  public static String overview(JsonNode s) {
    List<String> lines = new ArrayList<>();
    JsonNode c = s.path("counts");
    lines.add(
        f(
            "%d of %d personas accepted in %.1f s on %s (taxonomy %s, seed %d)",
            c.path("accepted").asLong(),
            c.path("target").asLong(),
            s.path("seconds").asDouble(),
            s.path("runner").asText(),
            s.path("taxonomy").asText(),
            s.path("seed").asLong()));
    lines.add(
        f(
            "generated %d = accepted %d + rejected %d + duplicates %d + surplus %d (%s)",
            c.path("generated").asLong(),
            c.path("accepted").asLong(),
            c.path("rejected").asLong(),
            c.path("duplicates").asLong(),
            c.path("surplus").asLong(),
            c.path("balanced").asBoolean() ? "balanced" : "NOT balanced"));
    for (JsonNode r : s.path("rounds")) {
      lines.add(
          f(
                  "  round %d: %d generated, %d accepted, %d rejected, %d duplicates, %d surplus%s",
                  r.path("round").asInt(),
                  r.path("generated").asLong(),
                  r.path("accepted").asLong(),
                  r.path("rejected").asLong(),
                  r.path("duplicates").asLong(),
                  r.path("surplus").asLong(),
                  r.has("seconds") ? f(" (%.1f s)", r.path("seconds").asDouble()) : "")
              + (r.path("attempts").asInt(1) > 1
                  ? f(
                      "; run %d times: the Direct runner got stuck and the round was run again",
                      r.path("attempts").asInt())
                  : ""));
    }
    JsonNode fits = s.path("quota_fit");
    if (fits.size() > 0) {
      JsonNode worst = fits.get(0);
      for (JsonNode q : fits) {
        if (q.path("total_absolute_error").asDouble()
            > worst.path("total_absolute_error").asDouble()) {
          worst = q;
        }
      }
      lines.add(
          f(
              "quotas: %d quota(s), %d cells, %d short; largest error %s: total absolute error"
                  + " %.4f, KL %s",
              fits.size(),
              s.path("quotas").size(),
              s.path("short_cells").size(),
              String.join(" × ", texts(worst.path("attributes"))),
              worst.path("total_absolute_error").asDouble(),
              JsonNumbers.readable(worst.path("kl_divergence").asDouble())));
    }
    JsonNode v = s.path("validation");
    if (!v.isMissingNode()) {
      lines.add(
          f(
              "validation: %d attempts, %d revisions, hard-error rate %.3f, warning rate %.3f",
              v.path("attempts").asLong(),
              v.path("revisions").asLong(),
              v.path("hard_error_rate").asDouble(),
              v.path("warning_rate").asDouble()));
      v.path("judges")
          .fields()
          .forEachRemaining(
              e ->
                  lines.add(
                      f(
                          "judge %s: %d personas judged, final pass rate %.3f; %d verdicts, pass"
                              + " rate %.3f; %.1f request-seconds",
                          e.getKey(),
                          e.getValue().path("personas").asLong(),
                          e.getValue().path("final_pass_rate").asDouble(),
                          e.getValue().path("verdicts").asLong(),
                          e.getValue().path("pass_rate").asDouble(),
                          e.getValue().path("request_seconds").asDouble())));
    }
    JsonNode corpus = s.path("corpus");
    if (!corpus.isMissingNode()) {
      lines.add(
          f(
              "diversity: distinct-1 %.4f, distinct-2 %.4f; nearest-neighbour similarity mean %.3f,"
                  + " p95 %.3f; repeated first names %.1f%%; %d near-duplicate pairs removed",
              corpus.at("/distinct_n/distinct_1").asDouble(),
              corpus.at("/distinct_n/distinct_2").asDouble(),
              corpus.at("/nn_similarity/mean").asDouble(),
              corpus.at("/nn_similarity/p95").asDouble(),
              100 * corpus.at("/first_names/repeated_name_rate").asDouble(),
              corpus.at("/duplicates/pairs").asLong()));
      lines.add(
          f(
              "narratives: mean %.0f words, median %d, p95 %d",
              corpus.at("/narrative_words/mean").asDouble(),
              corpus.at("/narrative_words/p50").asLong(),
              corpus.at("/narrative_words/p95").asLong()));
    }
    JsonNode llm = s.path("llm");
    if (!llm.isMissingNode()) {
      lines.add(
          f(
              "llm: %d calls, %d cache hits, %d retries, %d prompt + %d completion tokens",
              llm.path("calls").asLong(),
              llm.path("cache_hits").asLong(),
              llm.path("retries").asLong(),
              llm.path("prompt_tokens").asLong(),
              llm.path("completion_tokens").asLong()));
    }
    JsonNode t = s.path("timings");
    if (!t.isMissingNode()) {
      List<String> parts = new ArrayList<>();
      t.fields()
          .forEachRemaining(
              e -> {
                if (!e.getKey().equals("total")) {
                  parts.add(f("%s %.1f s", e.getKey(), e.getValue().asDouble()));
                }
              });
      lines.add("time: " + String.join(", ", parts));
    }
    return String.join(System.lineSeparator(), lines) + System.lineSeparator();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
