package io.personaforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input ends with exit code 2 and a one-paragraph message naming the file, the
 * line and column where known, and what to do — never a stack trace.
 */
class BadInputTest {
  @TempDir Path tmp;

  private Cli runWith(String yaml) throws Exception {
    Path config = tmp.resolve("run.yaml");
    Files.writeString(config, yaml);
    return Cli.run("run", "--config", config.toString(), "--out", tmp.resolve("out").toString());
  }

  private static void assertConfigError(Cli r, String... fragments) {
    assertEquals(2, r.exit(), r.err());
    for (String f : fragments) {
      assertTrue(r.err().contains(f), "expected '" + f + "' in: " + r.err());
    }
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  @Test
  void runningOutOfMemorySaysHowToGiveTheRunMore() {
    // Beam hands a worker's OutOfMemoryError to the driver wrapped in its own exception.
    String message =
        Main.describe(
            new RuntimeException("pipeline failed", new OutOfMemoryError("Java heap space")));
    assertTrue(message.startsWith("out of memory (Java heap space, max heap "), message);
    assertTrue(message.contains("PERSONAFORGE_JAVA_OPTS=-Xmx"), message);
    assertTrue(message.contains("--runner flink"), message);
  }

  @Test
  void missingConfigFile() {
    Cli r =
        Cli.run(
            "run",
            "--config",
            tmp.resolve("nope.yaml").toString(),
            "--out",
            tmp.resolve("o").toString());
    assertConfigError(r, "nope.yaml: file not found");
  }

  @Test
  void yamlSyntaxError() throws Exception {
    Cli r = runWith("count: 10\nquotas: [\n  - attribute: x\n");
    assertConfigError(r, "run.yaml:", "not valid YAML");
  }

  @Test
  void unknownKeyListsTheAllowedOnes() throws Exception {
    Cli r = runWith("count: 10\ncuont: 5\n");
    assertConfigError(r, "run.yaml:2:1 cuont: unknown key 'cuont'", "allowed keys:", "count");
  }

  @Test
  void unknownKeyInASection() throws Exception {
    Cli r = runWith("count: 10\ngenerator:\n  provder: offline\n");
    assertConfigError(r, "run.yaml:3:3 generator.provder: unknown key 'provder'", "provider");
  }

  @Test
  void shareThatIsNotANumber() throws Exception {
    Cli r =
        runWith(
            "count: 10\nquotas:\n  - attribute: demographics.gender\n    shares: {female: half, male: 0.5}\n");
    assertConfigError(r, "run.yaml:4:", "quotas[0].shares.female", "'half' is not a number");
  }

  @Test
  void sharesThatDoNotSumToOne() throws Exception {
    Cli r =
        runWith(
            "count: 10\nquotas:\n  - attribute: demographics.gender\n    shares: {female: 0.5, male: 0.43}\n");
    assertConfigError(r, "run.yaml:4:5 quotas[0].shares: shares sum to 0.93", "must sum to 1");
  }

  @Test
  void unknownAttributePathInAQuota() throws Exception {
    Cli r =
        runWith("count: 10\nquotas:\n  - attribute: demographics.gendr\n    shares: {female: 1}\n");
    assertConfigError(
        r,
        "run.yaml:3:5 quotas[0].attribute",
        "unknown attribute 'demographics.gendr'",
        "taxonomy show");
  }

  @Test
  void unknownValueInAQuota() throws Exception {
    Cli r =
        runWith("count: 10\nquotas:\n  - attribute: demographics.gender\n    shares: {femme: 1}\n");
    assertConfigError(
        r, "quotas[0].shares.femme", "'femme' is not a value of demographics.gender", "female");
  }

  @Test
  void countThatIsNotAWholeNumber() throws Exception {
    Cli r = runWith("count: many\n");
    assertConfigError(r, "run.yaml:1:", "count", "'many' is not a whole number");
  }

  @Test
  void unknownProvider() throws Exception {
    Cli r = runWith("count: 10\ngenerator: {provider: gpt}\n");
    assertConfigError(r, "run.yaml:2:", "generator", "unknown provider 'gpt'", "offline");
  }

  @Test
  void unknownBuiltinTaxonomy() throws Exception {
    Cli r = runWith("taxonomy: builtin:nope\ncount: 10\n");
    assertConfigError(
        r, "run.yaml:1:", "unknown built-in taxonomy 'builtin:nope'", "builtin:general");
  }

  @Test
  void outputDirectoryWithUnrelatedFiles() throws Exception {
    Path out = tmp.resolve("mine");
    Files.createDirectories(out);
    Files.writeString(out.resolve("thesis.docx"), "precious");
    Path config = tmp.resolve("run.yaml");
    Files.writeString(config, "count: 3\n");
    Cli r = Cli.run("run", "--config", config.toString(), "--out", out.toString());
    assertConfigError(r, "not a PersonaForge run (thesis.docx)", "--overwrite");
    assertTrue(Files.exists(out.resolve("thesis.docx")), "nothing is deleted without --overwrite");
    Cli forced =
        Cli.run("run", "--config", config.toString(), "--out", out.toString(), "--overwrite");
    assertEquals(0, forced.exit(), forced.err());
    assertFalse(Files.exists(out.resolve("thesis.docx")));
  }

  @Test
  void anUnfinishedRunOfTheSameConfigIsResumed() throws Exception {
    Path config = tmp.resolve("run.yaml");
    Files.writeString(config, "count: 4\n");
    Path out = tmp.resolve("resume");
    Cli done = Cli.run("run", "--config", config.toString(), "--out", out.toString());
    assertEquals(0, done.exit(), done.err());
    // Simulate a crash: the state file says running, a staged table is half written.
    Path state = out.resolve(".personaforge/run.json");
    Files.writeString(state, Files.readString(state).replace("\"finished\"", "\"running\""));
    Files.createDirectories(out.resolve(".personaforge/staging/personas"));
    Files.writeString(out.resolve(".personaforge/staging/personas/part-torn.parquet"), "torn");
    Cli resumed = Cli.run("run", "--config", config.toString(), "--out", out.toString());
    assertEquals(0, resumed.exit(), resumed.err());
    assertTrue(resumed.err().contains("Resuming"), resumed.err());
    assertFalse(Files.exists(out.resolve("personas/part-torn.parquet")));
    Files.writeString(config, "count: 5\n");
    Files.writeString(state, Files.readString(state).replace("\"finished\"", "\"running\""));
    Cli other = Cli.run("run", "--config", config.toString(), "--out", out.toString());
    assertConfigError(other, "unfinished run of a different configuration");
  }

  @Test
  void debugShowsTheStackTrace() throws Exception {
    Path config = tmp.resolve("run.yaml");
    Files.writeString(config, "count: 10\ncuont: 5\n");
    Cli r =
        Cli.run(
            "run", "--debug", "--config", config.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("\tat "), r.err());
  }
}
