package io.personaforge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.generator.sim.LlmSimulator;
import io.personaforge.pipelines.DirectStallWatch;
import io.personaforge.pipelines.Execution;
import io.personaforge.pipelines.RunFailedException;
import io.personaforge.pipelines.StallWatch;
import io.personaforge.report.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A round whose Direct pipeline gets stuck is cancelled and run again, and the run ends with the
 * same tables as a run that never got stuck, each persona once; a round that keeps getting stuck
 * fails the run with a message that says what to do. The stall is declared by the test (Beam's race
 * cannot be caused on demand); the cancelling and the second run are the real ones, on a pipeline
 * cut off while it works.
 */
class StuckRoundTest {
  private static final String CONFIG =
      "count: 40\nseed: 5\nquotas:\n  - attribute: location.region\n"
          + "    shares: {northeast: 0.25, midwest: 0.25, south: 0.25, west: 0.25}\n";

  /**
   * A Direct run of {@code config} into {@code out}, each pipeline run watched by {@code watches}.
   */
  private static Summary run(
      Path config, Path out, RunListener listener, Supplier<StallWatch> watches)
      throws IOException {
    return PersonaRun.execute(
        RunConfigLoader.load(config, null, null),
        out,
        Execution.direct(),
        false,
        false,
        listener,
        watches);
  }

  /** A real watch of the pipeline, except that it calls the pipeline stuck when {@code now}. */
  private static StallWatch stuckWhen(BooleanSupplier now) {
    DirectStallWatch real = new DirectStallWatch();
    return new StallWatch() {
      @Override
      public boolean stalled() {
        return now.getAsBoolean() || real.stalled();
      }

      @Override
      public void awaitStopped(long limitMillis) throws InterruptedException {
        real.awaitStopped(limitMillis);
      }
    };
  }

  @Test
  void aStuckRoundRunsAgainPayingNoCallTwiceAndTheCorpusIsTheSame(@TempDir Path tmp)
      throws Exception {
    Path config = tmp.resolve("run.yaml");
    try (LlmSimulator sim = LlmSimulator.builder().latency(Duration.ofMillis(100)).start()) {
      Files.writeString(
          config,
          CONFIG
              + "generator:\n  provider: openai\n  base_url: "
              + sim.baseUrl()
              + "\n  model: sim-model\n  api_key_env: \"\"\n  concurrency: 4\n"
              + "dedup: {semantic: {enabled: false}}\n");
      Path plain = tmp.resolve("plain");
      Summary expected = run(config, plain, line -> {}, DirectStallWatch::new);
      long paid = sim.requests();
      sim.resetCounters();

      AtomicInteger runs = new AtomicInteger();
      // The first pipeline run is declared stuck in the middle of its LLM calls (40 personas, 4
      // at a time, 100 ms each): it is cut off while it works.
      Supplier<StallWatch> watches =
          () ->
              runs.getAndIncrement() == 0
                  ? stuckWhen(() -> sim.requests() >= 12)
                  : new DirectStallWatch();
      Path retried = tmp.resolve("retried");
      List<String> lines = new ArrayList<>();
      Summary got = run(config, retried, lines::add, watches);

      assertTrue(
          lines.stream().anyMatch(l -> l.contains("running the round again (attempt 2 of 3)")),
          lines.toString());
      assertEquals(expected.counts(), got.counts());
      assertEquals(40, got.counts().accepted());
      assertTrue(runs.get() >= 2, "the round ran again");
      assertEquals(2, got.rounds().get(0).attempts(), "the summary says the round ran twice");
      assertEquals(1, expected.rounds().get(0).attempts());
      assertEquals(paid, sim.requests(), "the calls of the cut-off run are not paid again");
      try (Stream<Path> left = Files.walk(retried)) {
        assertFalse(
            left.anyMatch(f -> f.getFileName().toString().equals(".attempts")),
            "no attempt files are left behind");
      }
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
          Statement st = c.createStatement()) {
        for (String table : List.of("personas", "rejects", "duplicates")) {
          ResultSet rs =
              st.executeQuery(
                  "select (select count(*) from read_parquet('"
                      + retried
                      + "/"
                      + table
                      + "/*.parquet')), (select count(*) from (select * from read_parquet('"
                      + plain
                      + "/"
                      + table
                      + "/*.parquet') except all select * from read_parquet('"
                      + retried
                      + "/"
                      + table
                      + "/*.parquet'))), (select count(*) from read_parquet('"
                      + plain
                      + "/"
                      + table
                      + "/*.parquet'))");
          rs.next();
          assertEquals(rs.getLong(3), rs.getLong(1), table + ": as many rows as the plain run");
          assertEquals(0, rs.getLong(2), table + ": the same rows, each once");
        }
      }
    }
  }

  @Test
  void aRoundThatKeepsGettingStuckFailsTheRunSayingWhatToDo(@TempDir Path tmp) throws Exception {
    Path config = tmp.resolve("run.yaml");
    Files.writeString(config, CONFIG);
    RunFailedException e =
        assertThrows(
            RunFailedException.class,
            () -> run(config, tmp.resolve("out"), line -> {}, () -> stuckWhen(() -> true)));
    assertTrue(e.getMessage().contains("3 times in a row"), e.getMessage());
    assertTrue(e.getMessage().contains("--runner flink"), e.getMessage());
  }
}
