package io.personaforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html of a real run, opened in headless Chromium: the page loads with nothing on the
 * console (a blocked fetch, a CSP violation or a script error would print there) and every chart
 * lays out with the bars it declares, each of non-zero size.
 *
 * <p>How: the test copies the report, adds a small script that measures every chart ({@code
 * getBoundingClientRect}, {@code getBBox} of each bar) into an attribute of {@code <body>}, allows
 * exactly that script by its hash in the page's Content-Security-Policy (everything else stays
 * forbidden), and runs Chromium with {@code --dump-dom} (the DOM after load, on stdout) and {@code
 * --enable-logging=stderr} (every console message as a {@code CONSOLE} line on stderr).
 */
class ReportBrowserTest {
  /** Debian's package; {@code .ci/run} installs it. Override with the CHROMIUM variable. */
  static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  /** Chromium's first start on a fresh profile takes a few seconds; a hang must not stall CI. */
  static final long TIMEOUT_SECONDS = 120;

  private static final String MEASURE =
      """
      (function () {
        var charts = [];
        document.querySelectorAll('svg.chart').forEach(function (svg) {
          var box = svg.getBoundingClientRect();
          var drawn = 0, empty = 0;
          svg.querySelectorAll('rect.bar').forEach(function (bar) {
            var b = bar.getBBox();
            if (b.width > 0 && b.height > 0) { drawn++; } else { empty++; }
          });
          charts.push({id: svg.getAttribute('data-chart'), width: box.width, height: box.height,
                       declared: Number(svg.getAttribute('data-bars')), drawn: drawn, empty: empty});
        });
        document.body.setAttribute('data-check', JSON.stringify({charts: charts}));
      })();
      """;

  @TempDir static Path tmp;
  static Path out;
  static Cli run;

  @BeforeAll
  static void runASmallJob() {
    out = tmp.resolve("run");
    run =
        Cli.run(
            "run",
            "--config",
            Cli.repoRoot().resolve("examples/quickstart.yaml").toString(),
            "--out",
            out.toString(),
            "--count",
            "60");
  }

  /** What Chromium showed: the DOM after load and the console messages. */
  record Loaded(String dom, List<String> console) {}

  static Loaded open(Path page) throws IOException, InterruptedException {
    assertTrue(
        Files.isExecutable(CHROMIUM),
        "the report test needs Chromium at "
            + CHROMIUM
            + ": install it with 'apt-get install -y chromium' (.ci/run does), or point the"
            + " CHROMIUM variable at one");
    Path profile = Files.createTempDirectory(tmp, "chromium-profile");
    Path stdout = tmp.resolve("chromium-" + System.nanoTime() + ".out");
    Path stderr = tmp.resolve("chromium-" + System.nanoTime() + ".err");
    Process p =
        new ProcessBuilder(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                // Without these Chromium phones home at start and fails on a closed network.
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--enable-logging=stderr",
                "--v=0",
                "--dump-dom",
                page.toUri().toString())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("Chromium did not finish within " + TIMEOUT_SECONDS + " s");
    }
    String err = Files.readString(stderr);
    assertEquals(0, p.exitValue(), "Chromium failed:\n" + err);
    List<String> console = new ArrayList<>();
    for (String line : err.split("\n")) {
      if (line.contains(":CONSOLE")) {
        console.add(line);
      }
    }
    return new Loaded(Files.readString(stdout), console);
  }

  /** A copy of {@code report} with the measuring script, allowed by its hash and nothing else. */
  static Path withMeasuringScript(Path report) throws Exception {
    String html = Files.readString(report);
    String hash =
        Base64.getEncoder()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(MEASURE.getBytes(StandardCharsets.UTF_8)));
    String csp = "default-src 'none';";
    assertTrue(html.contains(csp), "the report forbids every load by default");
    html =
        html.replace(csp, csp + " script-src 'sha256-" + hash + "';")
            .replace("</body>", "<script>" + MEASURE + "</script></body>");
    Path copy = tmp.resolve("measured-report.html");
    Files.writeString(copy, html);
    return copy;
  }

  @Test
  void chartsRenderWithTheirBarsAndTheConsoleStaysSilent() throws Exception {
    assertEquals(0, run.exit(), run.err());
    Loaded page = open(withMeasuringScript(out.resolve("report.html")));
    assertEquals(List.of(), page.console(), "console messages while loading the report");
    Matcher m = Pattern.compile("data-check=\"([^\"]*)\"").matcher(page.dom());
    assertTrue(m.find(), "the measuring script ran: " + page.dom().substring(0, 300));
    JsonNode charts =
        new ObjectMapper()
            .readTree(
                m.group(1)
                    .replace("&quot;", "\"")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&#39;", "'")
                    .replace("&amp;", "&"))
            .path("charts");
    List<String> ids = new ArrayList<>();
    for (JsonNode c : charts) {
      String id = c.path("id").asText();
      ids.add(id);
      assertTrue(
          c.path("width").asDouble() > 100 && c.path("height").asDouble() > 20, c.toString());
      assertTrue(c.path("declared").asInt() > 0, "a chart with nothing to show: " + c);
      assertEquals(c.path("declared").asInt(), c.path("drawn").asInt(), "bars laid out: " + c);
      assertEquals(0, c.path("empty").asInt(), "bars of zero size: " + c);
    }
    assertTrue(ids.contains("quota:demographics.gender"), ids.toString());
    assertTrue(ids.contains("attribute:demographics.age_band"), ids.toString());
    assertTrue(ids.contains("narrative-length"), ids.toString());
    assertTrue(ids.contains("nn-similarity"), ids.toString());
    assertTrue(
        charts.get(ids.indexOf("quota:demographics.gender")).path("drawn").asInt() == 4,
        "target and achieved bars for female and male");
  }

  @Test
  void theInFlightChartOfAnLlmRunRendersWithItsBarsAndLimitLine() throws Exception {
    assertEquals(0, run.exit(), run.err());
    // The quickstart runs offline; give its summary the LLM figures a run with a model records,
    // then let 'personaforge report' draw them.
    Path llmRun = tmp.resolve("llm-run");
    try (var files = Files.walk(out)) {
      for (Path f : files.toList()) {
        Path to = llmRun.resolve(out.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode summary = (ObjectNode) json.readTree(llmRun.resolve("summary.json").toFile());
    ObjectNode llm = summary.putObject("llm");
    llm.put("calls", 120).put("concurrency", 8).put("busy_request_seconds", 210.0);
    llm.put("generation_seconds", 30.0).put("utilisation", 0.875).put("overloads", 6);
    ArrayNode points = llm.putArray("in_flight");
    for (int t = 0; t < 30; t++) {
      points
          .addObject()
          .put("t", t)
          .put("in_flight", t < 2 ? 8 : t < 28 ? 7 : 0)
          .put("limit", t < 2 ? 8 : 7);
    }
    Files.writeString(llmRun.resolve("summary.json"), json.writeValueAsString(summary));
    Cli r = Cli.run("report", llmRun.toString());
    assertEquals(0, r.exit(), r.err());
    String html = Files.readString(llmRun.resolve("report.html"));
    assertTrue(html.contains("0.875"), "the utilisation is shown");
    assertTrue(html.contains("class=\"limit\""), "the limit is drawn as a line");
    Loaded page = open(withMeasuringScript(llmRun.resolve("report.html")));
    assertEquals(List.of(), page.console(), "console messages while loading the report");
    Matcher m = Pattern.compile("data-check=\"([^\"]*)\"").matcher(page.dom());
    assertTrue(m.find(), "the measuring script ran");
    JsonNode chart = null;
    for (JsonNode c :
        json.readTree(m.group(1).replace("&quot;", "\"").replace("&amp;", "&")).path("charts")) {
      if (c.path("id").asText().equals("in-flight")) {
        chart = c;
      }
    }
    assertTrue(chart != null, "the in-flight chart is on the page");
    assertEquals(28, chart.path("declared").asInt(), chart.toString());
    assertEquals(28, chart.path("drawn").asInt(), chart.toString());
    assertEquals(0, chart.path("empty").asInt(), chart.toString());
  }

  @Test
  void theHarnessSeesConsoleMessagesAndBlockedLoads() throws Exception {
    // A control: if Chromium's logging changed, the test above would pass vacuously.
    Path bad = tmp.resolve("bad.html");
    Files.writeString(
        bad,
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\""
            + " content=\"default-src 'none'\"></head><body>"
            + "<img src=\"https://example.invalid/x.png\"><script>console.error('boom')</script>"
            + "</body></html>");
    Loaded page = open(bad);
    assertEquals(2, page.console().size(), String.join("\n", page.console()));
    assertFalse(page.dom().isBlank());
  }
}
