package io.personaforge.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: the run's summary for people, in one self-contained file — inline CSS,
 * charts as inline SVG, no script, nothing fetched — so it opens from disk, from a mail attachment
 * or an air-gapped machine alike. Everything it shows comes from {@code summary.json} and a few
 * personas; every string is HTML-escaped (narratives are model output).
 */
public final class ReportPage {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String CSS =
      """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",sans-serif;
        color:#1a202c;margin:0;background:#f7f8fa}
      main{max-width:980px;margin:0 auto;padding:24px}
      h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #d9dee6;
        padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
      .sub{color:#4a5568;margin:0 0 16px}
      .cards{display:flex;flex-wrap:wrap;gap:10px}
      .card{background:#fff;border:1px solid #d9dee6;border-radius:6px;padding:8px 14px;min-width:120px}
      .card b{display:block;font-size:20px}.card span{color:#4a5568;font-size:12px}
      table{border-collapse:collapse;background:#fff;margin:6px 0}
      th,td{border:1px solid #d9dee6;padding:3px 8px;text-align:right}
      th:first-child,td:first-child{text-align:left}th{background:#edf0f5}
      .bad{color:#c53030;font-weight:600}.ok{color:#2f855a;font-weight:600}
      svg.chart{display:block;background:#fff;border:1px solid #d9dee6;border-radius:6px;margin:6px 0;
        max-width:100%;height:auto}
      svg .label,svg .value,svg .tick{font-size:12px;fill:#2d3748}
      svg .one,svg .achieved,svg .key.achieved{fill:#2b6cb0}svg .target,svg .key.target{fill:#b8c4d6}
      svg .axis{stroke:#4a5568}svg .marker{stroke:#c53030;stroke-width:2;stroke-dasharray:4 3}
      svg .marker-label{font-size:12px;fill:#c53030}
      svg .limit{fill:none;stroke:#dd6b20;stroke-width:2}
      .persona{background:#fff;border:1px solid #d9dee6;border-radius:6px;padding:10px 14px;margin:10px 0}
      .persona p{white-space:pre-wrap;margin:6px 0}.meta{color:#4a5568;font-size:12px}
      .figures td{text-align:left}.figures td:first-child{color:#4a5568}
      details{margin:6px 0}
      """;

  private ReportPage() {}

  /**
   * The page for a run.
   *
   * @param summaryJson the run's summary.json
   * @param shown personas to show
   */
  public static String render(String summaryJson, List<CorpusMetrics.ShownPersona> shown) {
    JsonNode s;
    try {
      s = JSON.readTree(summaryJson);
    } catch (IOException e) {
      throw new UncheckedIOException("summary.json is not valid JSON", e);
    }
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        // No script, no fetch: the page must not reach out even if a narrative smuggled markup in.
        .append(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                + " style-src 'unsafe-inline'; img-src data:\">")
        .append("<title>PersonaForge report: ")
        .append(esc(s.path("taxonomy").asText()))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body><main>\n");
    overview(h, s);
    quotas(h, s);
    attributes(h, s);
    diversity(h, s);
    validation(h, s);
    JudgeSection.render(h, s.path("validation").path("judges"));
    rounds(h, s);
    cost(h, s);
    personas(h, shown);
    h.append("</main></body></html>\n");
    return h.toString();
  }

  private static void overview(StringBuilder h, JsonNode s) {
    JsonNode c = s.path("counts");
    h.append("<h1>PersonaForge run report</h1><p class=\"sub\">taxonomy <b>")
        .append(esc(s.path("taxonomy").asText()))
        .append("</b> · seed ")
        .append(s.path("seed").asLong())
        .append(" · runner ")
        .append(esc(s.path("runner").asText()))
        .append(" · writer ")
        .append(esc(s.at("/generator/provider").asText()))
        .append('/')
        .append(esc(s.at("/generator/model").asText()))
        .append(" · PersonaForge ")
        .append(esc(s.path("tool_version").asText()))
        .append(" · config ")
        .append(esc(abbreviate(s.path("config_hash").asText(), 12)))
        .append("</p>\n<div class=\"cards\">");
    card(h, c.path("accepted").asLong() + " / " + c.path("target").asLong(), "accepted / target");
    card(h, Charts.number(c.path("generated").asLong()), "generated");
    card(h, Charts.number(c.path("rejected").asLong()), "rejected");
    card(h, Charts.number(c.path("duplicates").asLong()), "duplicates");
    card(h, Charts.number(c.path("surplus").asLong()), "surplus");
    card(h, c.path("balanced").asBoolean() ? "yes" : "NO", "counts add up");
    card(h, Charts.number(s.path("seconds").asDouble()) + " s", "wall time");
    h.append("</div>\n");
    JsonNode shortCells = s.path("short_cells");
    if (shortCells.size() > 0) {
      h.append("<p class=\"bad\">")
          .append(shortCells.size())
          .append(" quota cell(s) ended below target: ")
          .append(esc(join(shortCells, ", ")))
          .append("</p>\n");
    }
  }

  private static void quotas(StringBuilder h, JsonNode s) {
    h.append("<h2>Quotas: target vs achieved</h2>\n");
    JsonNode fits = s.path("quota_fit");
    if (fits.isEmpty()) {
      h.append("<p>No quotas were configured.</p>\n");
    }
    for (JsonNode q : fits) {
      String name = join(q.path("attributes"), " × ");
      h.append("<h3>")
          .append(esc(name))
          .append("</h3><p class=\"meta\">KL(configured ‖ achieved) ")
          .append(esc(JsonNumbers.readable(q.path("kl_divergence").asDouble())))
          .append(" nats · total absolute error ")
          .append(
              esc(String.format(Locale.ROOT, "%.4f", q.path("total_absolute_error").asDouble())))
          .append("</p>");
      List<Charts.Row> rows = new ArrayList<>();
      for (JsonNode v : q.path("values")) {
        rows.add(
            new Charts.Row(
                v.path("value").asText(),
                new double[] {v.path("target").asDouble(), v.path("achieved").asDouble()},
                Charts.number(v.path("achieved").asLong())
                    + " / "
                    + Charts.number(v.path("target").asLong())));
      }
      h.append(
          Charts.horizontal(
              "quota:" + name,
              "target and achieved personas per value of " + name,
              List.of(
                  new Charts.Series("target", "target"), new Charts.Series("achieved", "achieved")),
              rows));
    }
    JsonNode cells = s.path("quotas");
    h.append("<details><summary>All ")
        .append(cells.size())
        .append(" quota cells</summary><table><tr><th>cell</th><th>target</th><th>achieved</th>")
        .append("<th>difference</th></tr>");
    for (JsonNode q : cells) {
      long diff = q.path("difference").asLong();
      h.append("<tr><td>")
          .append(
              esc(q.path("cell").asText().isEmpty() ? "(whole corpus)" : q.path("cell").asText()))
          .append("</td><td>")
          .append(Charts.number(q.path("target").asLong()))
          .append("</td><td>")
          .append(Charts.number(q.path("achieved").asLong()))
          .append("</td><td")
          .append(diff < 0 ? " class=\"bad\"" : "")
          .append('>')
          .append(diff > 0 ? "+" : "")
          .append(diff)
          .append("</td></tr>");
    }
    h.append("</table></details>\n");
  }

  private static void attributes(StringBuilder h, JsonNode s) {
    JsonNode attrs = s.at("/corpus/attributes");
    if (attrs.isMissingNode() || attrs.isEmpty()) {
      return;
    }
    h.append("<h2>Attribute distributions</h2>\n");
    for (Iterator<Map.Entry<String, JsonNode>> it = attrs.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      long total = 0;
      for (JsonNode v : e.getValue()) {
        total += v.path("count").asLong();
      }
      List<Charts.Row> rows = new ArrayList<>();
      for (JsonNode v : e.getValue()) {
        long n = v.path("count").asLong();
        rows.add(
            new Charts.Row(
                v.path("value").asText(),
                new double[] {n},
                Charts.number(n) + String.format(Locale.ROOT, " (%.1f%%)", 100.0 * n / total)));
      }
      h.append("<h3>").append(esc(e.getKey())).append("</h3>");
      h.append(
          Charts.horizontal(
              "attribute:" + e.getKey(),
              "personas per value of " + e.getKey(),
              List.of(new Charts.Series("personas", "one")),
              rows));
    }
  }

  private static void diversity(StringBuilder h, JsonNode s) {
    JsonNode c = s.path("corpus");
    if (c.isMissingNode()) {
      return;
    }
    h.append("<h2>Narratives and diversity</h2>\n<table class=\"figures\">");
    JsonNode words = c.path("narrative_words");
    JsonNode d = c.path("distinct_n");
    JsonNode nn = c.path("nn_similarity");
    JsonNode names = c.path("first_names");
    JsonNode cov = s.path("leaf_coverage");
    figure(
        h,
        "narrative length (words)",
        String.format(
            Locale.ROOT,
            "mean %.1f · median %d · p95 %d · min %d · max %d",
            words.path("mean").asDouble(),
            words.path("p50").asLong(),
            words.path("p95").asLong(),
            words.path("min").asLong(),
            words.path("max").asLong()));
    figure(
        h,
        "distinct-1 / distinct-2",
        String.format(
            Locale.ROOT,
            "%.4f / %.4f (over %s personas, %s words)",
            d.path("distinct_1").asDouble(),
            d.path("distinct_2").asDouble(),
            Charts.number(d.path("sample").asLong()),
            Charts.number(d.path("tokens").asLong())));
    figure(
        h,
        "nearest-neighbour similarity",
        String.format(
            Locale.ROOT,
            "mean %.4f · p95 %.4f (word-shingle Jaccard, %s personas compared pairwise)",
            nn.path("mean").asDouble(),
            nn.path("p95").asDouble(),
            Charts.number(nn.path("sample").asLong())));
    figure(
        h,
        "near-duplicate pairs removed",
        Charts.number(c.at("/duplicates/pairs").asLong()) + methods(c.at("/duplicates/by_method")));
    figure(
        h,
        "repeated first names",
        String.format(
            Locale.ROOT,
            "%.1f%% of %s named personas share their first name · %s distinct · most common: %s",
            100 * names.path("repeated_name_rate").asDouble(),
            Charts.number(names.path("named").asLong()),
            Charts.number(names.path("distinct_first_names").asLong()),
            valueCounts(names.path("most_common"), 5)));
    figure(
        h,
        "taxonomy leaf coverage",
        String.format(
            Locale.ROOT,
            "%d of %d leaves used (%.1f%%)",
            cov.path("used").asLong(),
            cov.path("leaves").asLong(),
            100 * cov.path("share").asDouble()));
    h.append("</table>\n<h3>Narrative length</h3>");
    h.append(
        Charts.histogram(
            "narrative-length",
            "personas per narrative length in words",
            columns(words.path("histogram")),
            "words",
            null,
            null));
    h.append("<h3>Nearest-neighbour similarity</h3>");
    Double threshold =
        nn.path("dedup_threshold").isNumber() ? nn.path("dedup_threshold").asDouble() : null;
    h.append(
        Charts.histogram(
            "nn-similarity",
            "personas per similarity to their nearest neighbour",
            columns(nn.path("histogram")),
            "word-shingle Jaccard to the nearest other persona",
            threshold,
            threshold == null ? null : "dedup threshold " + Charts.number(threshold)));
  }

  private static void validation(StringBuilder h, JsonNode s) {
    JsonNode v = s.path("validation");
    h.append("<h2>Validation</h2>\n<table class=\"figures\">");
    figure(h, "personas validated", Charts.number(v.path("personas_validated").asLong()));
    figure(h, "attempts (first drafts and revisions)", Charts.number(v.path("attempts").asLong()));
    figure(
        h,
        "revisions",
        Charts.number(v.path("revisions").asLong())
            + " ("
            + Charts.number(v.path("personas_revised").asLong())
            + " personas revised)");
    figure(h, "rejected by validation", Charts.number(v.path("rejected").asLong()));
    figure(
        h,
        "hard-error rate of accepted personas",
        String.format(Locale.ROOT, "%.4f", v.path("hard_error_rate").asDouble()));
    figure(
        h,
        "warning rate of accepted personas",
        String.format(Locale.ROOT, "%.4f", v.path("warning_rate").asDouble()));
    h.append("</table>\n<h3>Failures by rule</h3>");
    List<Charts.Row> failed = new ArrayList<>();
    StringBuilder table =
        new StringBuilder("<table><tr><th>rule</th><th>attempts</th><th>failed</th>")
            .append("<th>pass rate</th></tr>");
    for (Iterator<Map.Entry<String, JsonNode>> it = v.path("rules").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      long n = e.getValue().path("failed").asLong();
      if (n > 0) {
        failed.add(new Charts.Row(e.getKey(), new double[] {n}, Charts.number(n)));
      }
      table
          .append("<tr><td>")
          .append(esc(e.getKey()))
          .append("</td><td>")
          .append(Charts.number(e.getValue().path("attempts").asLong()))
          .append("</td><td>")
          .append(Charts.number(n))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.4f", e.getValue().path("pass_rate").asDouble()))
          .append("</td></tr>");
    }
    if (failed.isEmpty()) {
      h.append("<p>No rule failed.</p>");
    } else {
      h.append(
          Charts.horizontal(
              "validation-failures",
              "failed attempts per rule",
              List.of(new Charts.Series("failed attempts", "one")),
              failed));
    }
    h.append("<details><summary>Every rule</summary>").append(table).append("</table></details>\n");
  }

  private static void rounds(StringBuilder h, JsonNode s) {
    h.append("<h2>Rounds</h2>\n<table><tr><th>round</th><th>generated</th><th>accepted</th>")
        .append("<th>rejected</th><th>duplicates</th><th>surplus</th><th>seconds</th>")
        .append("<th title=\"runs of the round's pipeline: more than 1 when the Direct runner got")
        .append(" stuck and the round was run again\">runs</th></tr>");
    for (JsonNode r : s.path("rounds")) {
      h.append("<tr><td>").append(r.path("round").asInt()).append("</td>");
      for (String k : List.of("generated", "accepted", "rejected", "duplicates", "surplus")) {
        h.append("<td>").append(Charts.number(r.path(k).asLong())).append("</td>");
      }
      h.append("<td>").append(Charts.number(r.path("seconds").asDouble())).append("</td>");
      h.append("<td>").append(r.path("attempts").asInt(1)).append("</td></tr>");
    }
    h.append("</table>\n");
  }

  private static void cost(StringBuilder h, JsonNode s) {
    JsonNode llm = s.path("llm");
    h.append("<h2>Cost and time</h2>\n<table class=\"figures\">");
    figure(h, "LLM calls (retries included)", Charts.number(llm.path("calls").asLong()));
    figure(h, "answers replayed from the journal", Charts.number(llm.path("cache_hits").asLong()));
    figure(
        h,
        "retries",
        Charts.number(llm.path("retries").asLong()) + methods(llm.path("retries_by_cause")));
    figure(h, "prompt tokens", Charts.number(llm.path("prompt_tokens").asLong()));
    figure(h, "completion tokens", Charts.number(llm.path("completion_tokens").asLong()));
    if (llm.path("busy_request_seconds").asDouble() > 0) {
      figure(
          h,
          "LLM utilisation (busy request-seconds ÷ (concurrency × generation wall))",
          Charts.number(llm.path("utilisation").asDouble())
              + " = "
              + Charts.number(llm.path("busy_request_seconds").asDouble())
              + " ÷ ("
              + llm.path("concurrency").asInt()
              + " × "
              + Charts.number(llm.path("generation_seconds").asDouble())
              + " s)");
      figure(h, "answers 429 or 503", Charts.number(llm.path("overloads").asLong()));
    }
    h.append("</table>\n");
    if (llm.path("in_flight").size() > 1) {
      List<Charts.Point> points = new ArrayList<>();
      for (JsonNode p : llm.path("in_flight")) {
        points.add(
            new Charts.Point(
                p.path("t").asDouble(), p.path("in_flight").asInt(), p.path("limit").asInt()));
      }
      h.append(
              "<h3>Calls in flight over time</h3><p class=\"meta\">Bars: calls in flight, sampled"
                  + " once a second; line: the limiter's limit (it drops to a server's cap and"
                  + " probes upward); the top of the chart is the configured concurrency. Gaps"
                  + " are time the endpoint sat idle.</p>")
          .append(
              Charts.timeline(
                  "in-flight",
                  "LLM calls in flight over time",
                  points,
                  llm.path("concurrency").asInt()));
    }
    h.append("<h3>Wall time (seconds)</h3><table><tr>");
    JsonNode t = s.path("timings");
    List<String> keys = new ArrayList<>();
    t.fieldNames().forEachRemaining(keys::add);
    for (String k : keys) {
      h.append("<th>").append(esc(k)).append("</th>");
    }
    h.append("</tr><tr>");
    for (String k : keys) {
      h.append("<td>").append(Charts.number(t.path(k).asDouble())).append("</td>");
    }
    h.append("</tr></table>\n");
  }

  private static void personas(StringBuilder h, List<CorpusMetrics.ShownPersona> shown) {
    h.append("<h2>Personas to read</h2>\n<p class=\"meta\">")
        .append(shown.size())
        .append(" personas picked by a hash of their id (the same ones every time).</p>");
    for (CorpusMetrics.ShownPersona p : shown) {
      h.append("<div class=\"persona\"><b>")
          .append(esc(p.name().isEmpty() ? p.id() : p.name()))
          .append("</b> <span class=\"meta\">")
          .append(esc(p.id()))
          .append(p.cell().isEmpty() ? "" : " · " + esc(p.cell()))
          .append(p.revisions() > 0 ? " · revised " + p.revisions() + "×" : "")
          .append("</span><p>")
          .append(esc(p.narrative()))
          .append("</p>");
      if (!p.warnings().isEmpty()) {
        h.append("<p class=\"meta\">warnings: ")
            .append(esc(String.join("; ", p.warnings())))
            .append("</p>");
      }
      h.append("<details><summary>")
          .append(p.attributes().size())
          .append(" attributes</summary><table>");
      p.attributes()
          .forEach(
              (k, v) ->
                  h.append("<tr><td>")
                      .append(esc(k))
                      .append("</td><td>")
                      .append(esc(v))
                      .append("</td></tr>"));
      h.append("</table></details></div>\n");
    }
  }

  private static List<Charts.Column> columns(JsonNode bins) {
    List<Charts.Column> out = new ArrayList<>();
    for (JsonNode b : bins) {
      out.add(
          new Charts.Column(
              b.path("from").asDouble(), b.path("to").asDouble(), b.path("count").asLong()));
    }
    return out;
  }

  private static String methods(JsonNode byName) {
    if (byName.isMissingNode() || byName.isNull() || byName.isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    byName.fields().forEachRemaining(e -> parts.add(e.getKey() + " " + e.getValue().asLong()));
    return " (" + String.join(", ", parts) + ")";
  }

  private static String valueCounts(JsonNode list, int max) {
    List<String> parts = new ArrayList<>();
    for (JsonNode v : list) {
      if (parts.size() == max) {
        break;
      }
      parts.add(v.path("value").asText() + " " + v.path("count").asLong());
    }
    return parts.isEmpty() ? "—" : String.join(", ", parts);
  }

  private static void card(StringBuilder h, String value, String label) {
    h.append("<div class=\"card\"><b>")
        .append(esc(value))
        .append("</b><span>")
        .append(esc(label))
        .append("</span></div>");
  }

  private static void figure(StringBuilder h, String name, String value) {
    h.append("<tr><td>")
        .append(esc(name))
        .append("</td><td>")
        .append(esc(value))
        .append("</td></tr>");
  }

  private static String join(JsonNode array, String separator) {
    List<String> parts = new ArrayList<>();
    array.forEach(n -> parts.add(n.asText()));
    return String.join(separator, parts);
  }

  private static String abbreviate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n);
  }

  private static String esc(String s) {
    return Html.escape(s);
  }
}
