package io.personaforge.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's "LLM judges" section, from the summary's {@code validation.judges}: per judge, its
 * pass rate, score distribution, most frequent problems and cost. Absent when no judge ran.
 */
final class JudgeSection {
  private JudgeSection() {}

  static void render(StringBuilder h, JsonNode judges) {
    if (!judges.isObject() || judges.isEmpty()) {
      return;
    }
    h.append("<h2>LLM judges</h2>\n<table><tr><th>judge</th><th>severity</th><th>sample</th>")
        .append("<th>personas judged</th><th>final pass rate</th><th>verdicts</th>")
        .append("<th>pass rate</th><th>requests</th><th>request-seconds</th></tr>");
    for (Iterator<Map.Entry<String, JsonNode>> it = judges.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode j = e.getValue();
      h.append("<tr><td>").append(Html.escape(e.getKey())).append("</td>");
      cell(h, j.path("severity").asText());
      cell(h, Charts.number(j.path("sample").asDouble()));
      cell(h, Charts.number(j.path("personas").asLong()));
      cell(h, String.format(Locale.ROOT, "%.3f", j.path("final_pass_rate").asDouble()));
      cell(h, Charts.number(j.path("verdicts").asLong()));
      cell(h, String.format(Locale.ROOT, "%.3f", j.path("pass_rate").asDouble()));
      cell(h, Charts.number(j.path("requests").asLong()));
      cell(h, Charts.number(j.path("request_seconds").asDouble()));
      h.append("</tr>");
    }
    h.append("</table>\n");
    for (Iterator<Map.Entry<String, JsonNode>> it = judges.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode j = e.getValue();
      List<Charts.Row> scores = new ArrayList<>();
      for (int s = 1; s <= 5; s++) {
        long n = j.path("scores").path(Integer.toString(s)).asLong();
        scores.add(new Charts.Row("score " + s, new double[] {n}, Charts.number(n)));
      }
      h.append("<h3>").append(Html.escape(e.getKey())).append(": scores</h3>");
      h.append(
          Charts.horizontal(
              "judge-scores-" + e.getKey(),
              "verdicts of " + e.getKey() + " by score",
              List.of(new Charts.Series("verdicts", "one")),
              scores));
      JsonNode top = j.path("top_problems");
      if (top.isEmpty()) {
        h.append("<p>No problem named.</p>\n");
        continue;
      }
      h.append("<table><tr><th>problem named most often</th><th>times</th></tr>");
      for (JsonNode p : top) {
        h.append("<tr><td>").append(Html.escape(p.path("problem").asText())).append("</td>");
        cell(h, Charts.number(p.path("count").asLong()));
        h.append("</tr>");
      }
      h.append("</table>\n");
    }
  }

  private static void cell(StringBuilder h, String text) {
    h.append("<td>").append(Html.escape(text)).append("</td>");
  }
}
