package io.personaforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same config and seed give the same corpus on Direct and on embedded Flink, at any width. */
class RunnerEquivalenceTest {
  @Test
  void directAndFlinkWriteTheSamePersonas(@TempDir Path tmp) throws Exception {
    Path config = tmp.resolve("run.yaml");
    Files.writeString(
        config,
        "count: 60\nseed: 11\nquotas:\n  - attribute: location.region\n"
            + "    shares: {northeast: 0.2, midwest: 0.2, south: 0.4, west: 0.2}\n");
    Path direct = tmp.resolve("direct");
    Path flink = tmp.resolve("flink");
    Cli d =
        Cli.run(
            "run", "--config", config.toString(), "--out", direct.toString(), "--parallelism", "1");
    assertEquals(0, d.exit(), d.err());
    Cli f =
        Cli.run(
            "run",
            "--config",
            config.toString(),
            "--out",
            flink.toString(),
            "--runner",
            "flink",
            "--parallelism",
            "2");
    assertEquals(0, f.exit(), f.err());
    List<String> directRows = EndToEndTest.rows(direct);
    assertEquals(60, directRows.size());
    assertEquals(directRows, EndToEndTest.rows(flink));
  }
}
