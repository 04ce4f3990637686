package io.personaforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.schemas.config.ConfigException;
import io.personaforge.schemas.config.YamlDocument;
import java.nio.file.AccessDeniedException;
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

  /**
   * Runs {@code validate-config} on a file of {@code src/test/resources/bad-input/} (copied with
   * its neighbours, so relative taxonomy paths resolve) and returns the result.
   */
  private Cli validate(String name) throws Exception {
    Path dir = tmp.resolve("bad-input");
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      Path source =
          Path.of(BadInputTest.class.getResource("/bad-input/" + name).toURI()).getParent();
      try (var files = Files.list(source)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.copy(f, dir.resolve(f.getFileName()));
        }
      }
    }
    return Cli.run("validate-config", dir.resolve(name).toString());
  }

  /** The whole error output: "error: FILE" + {@code rest}, exit code 2. */
  private void assertExactError(String name, String rest) throws Exception {
    Cli r = validate(name);
    assertEquals(2, r.exit(), r.err());
    assertEquals("error: " + tmp.resolve("bad-input").resolve(name) + rest, r.err().strip());
  }

  @Test
  void emptyRunConfig() throws Exception {
    assertExactError(
        "empty.yaml",
        ": the file is empty; a run config needs at least 'count' (see examples/quickstart.yaml,"
            + " and docs/configuration.md for every key)");
  }

  @Test
  void keyWithNoValue() throws Exception {
    assertExactError(
        "count-no-value.yaml",
        ":2:1 count: no value given; write one, or remove the key to use the default"
            + " (docs/configuration.md lists every key and its default)");
  }

  @Test
  void duplicateKey() throws Exception {
    assertExactError(
        "duplicate-key.yaml",
        ":3:1 count: 'count' is given twice (first at line 1, column 1); keep one");
  }

  @Test
  void duplicateShareKey() throws Exception {
    assertExactError(
        "duplicate-share.yaml",
        ":4:27 quotas[0].shares.female: 'female' is given twice (first at line 4, column 14);"
            + " keep one");
  }

  @Test
  void attributeDefinedTwiceInATaxonomy() throws Exception {
    Cli r = validate("attribute-twice.yaml");
    assertEquals(2, r.exit(), r.err());
    assertEquals(
        "error: "
            + tmp.resolve("bad-input/twice.taxonomy.yaml")
            + ":7:7 categories.demographics.attributes.gender: 'gender' is given twice (first at"
            + " line 5, column 7); keep one",
        r.err().strip());
  }

  @Test
  void zeroParallelism() throws Exception {
    Path config = tmp.resolve("run.yaml");
    Files.writeString(config, "count: 3\n");
    Cli r =
        Cli.run(
            "run",
            "--config",
            config.toString(),
            "--out",
            tmp.resolve("o").toString(),
            "--parallelism",
            "0");
    assertEquals(2, r.exit(), r.err());
    assertEquals(
        "error: --parallelism: must be at least 1, got 0 (leave it out to use every core)",
        r.err().strip());
    assertFalse(Files.exists(tmp.resolve("o")), "nothing ran");
  }

  @Test
  void countBeyondTheDirectRunnerIsWarnedAbout() throws Exception {
    Cli r = validate("count-too-large-for-direct.yaml");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        "warning: count 3,000,000,000 is more than the Direct runner (the default) holds in memory:"
            + " it keeps every shuffle on the heap and ran out of 4 GB at 1,000,000 personas. Use"
            + " --runner flink, which spills to disk (docs/flink.md)",
        r.err().strip());
  }

  @Test
  void fileThatIsNotUtf8() throws Exception {
    assertExactError(
        "latin1.yaml",
        ":2:6: the file is not UTF-8: byte 0xE9 at line 2 (byte offset 15) is not valid UTF-8;"
            + " save the file as UTF-8");
  }

  @Test
  void tabIndentation() throws Exception {
    assertExactError(
        "tab.yaml",
        ":3:1: not valid YAML: found a tab character; YAML indents with spaces only (replace the"
            + " tab with spaces)");
  }

  @Test
  void unclosedBrace() throws Exception {
    assertExactError(
        "unclosed-brace.yaml",
        ":3:5: not valid YAML: the '{' at line 2, column 12 is not closed: expected ',' or '}' but"
            + " found ':'");
  }

  @Test
  void negativeCountPointsAtTheKey() throws Exception {
    assertExactError("count-negative.yaml", ":2:1 count: count must be at least 1, got -5");
  }

  @Test
  void zeroCountPointsAtTheKey() throws Exception {
    assertExactError("count-zero.yaml", ":2:1 count: count must be at least 1, got 0");
  }

  @Test
  void zeroMaxRoundsPointsAtTheKey() throws Exception {
    assertExactError(
        "max-rounds-zero.yaml", ":2:1 max_rounds: max_rounds must be in [1, 100], got 0");
  }

  @Test
  void zeroConcurrencyPointsAtTheKey() throws Exception {
    assertExactError(
        "concurrency-zero.yaml",
        ":4:3 generator.concurrency: 0 is out of range; allowed: 1 to 4096");
  }

  @Test
  void aValueNamedFromTheEnclosingSectionPointsAtItsKey() throws Exception {
    assertExactError(
        "compression-unknown.yaml",
        ":2:10 output.compression: output.compression 'lz5' is not one of snappy, zstd, gzip,"
            + " uncompressed");
  }

  @Test
  void sectionGivenAsAListNamesNoJavaType() throws Exception {
    assertExactError(
        "section-as-list.yaml",
        ":2:1 generator: expected a mapping with the keys api_key_env, backoff_initial_ms,"
            + " backoff_max_ms, base_url, concurrency, fields, max_retries, max_tokens, model,"
            + " prompt, provider, remote, requests_per_minute, revise_prompt, seed,"
            + " structured_output, temperature, timeout_seconds, top_p here, found a list");
  }

  @Test
  void numberGivenAsAListNamesNoJavaType() throws Exception {
    assertExactError(
        "count-as-list.yaml", ":1:1 count: expected a whole number here, found a list");
  }

  @Test
  void numberBeyondTheLargestWholeNumber() throws Exception {
    assertExactError(
        "count-beyond-long.yaml",
        ":1:8 count: 99999999999999999999 is too large: whole numbers here go up to"
            + " 9,223,372,036,854,775,807");
  }

  @Test
  void nestingBeyondTheLimit() throws Exception {
    assertExactError(
        "too-deep.yaml",
        ":2:58: nested more than 50 levels deep; a configuration or taxonomy file may nest at most"
            + " 50 levels");
  }

  @Test
  void ruleNamingAShortenedAttributeGetsDidYouMean() throws Exception {
    assertExactError(
        "cel-typo.yaml",
        ":6:7 validation.rules[0].require: unknown attribute 'attr.clinical.hba1c' (column 1 of"
            + " 'attr.clinical.hba1c != \"\"'); the taxonomy has no attribute clinical.hba1c; did"
            + " you mean attr.clinical.hba1c_band?");
  }

  @Test
  void validateConfigForeseesNarrativesThatCanNeverPass() throws Exception {
    assertExactError(
        "short-narratives.yaml",
        ":4:1 validation: none of 20 sample personas written by the offline writer passes"
            + " validation, so no run of this configuration can: word_count rejected 20 (e.g. the"
            + " narrative has 14 words; write at least 40). Change the rule (docs/validation.md) or"
            + " the taxonomy, or use an LLM writer");
  }

  @Test
  void unreadableFileSaysPermissionDenied() throws Exception {
    // Tests may run as root, who reads any file; the message is checked where it is made.
    Path file = tmp.resolve("locked.yaml");
    Files.writeString(file, "count: 3\n");
    ConfigException e = YamlDocument.readFailure(file, new AccessDeniedException(file.toString()));
    assertEquals(
        file + ": permission denied: this user cannot read the file (check its permissions)",
        e.getMessage());
  }

  /** A file of {@code src/test/resources/dedup-input/}. */
  private static Path dedupInput(String name) throws Exception {
    return Path.of(BadInputTest.class.getResource("/dedup-input/" + name).toURI());
  }

  @Test
  void dedupRefusesRepeatedIds() throws Exception {
    Path csv = dedupInput("duplicate-ids.csv");
    Cli r = Cli.run("dedup", "--input", csv.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(2, r.exit(), r.err());
    assertEquals(
        "error: "
            + csv
            + ": ids must be unique (id, --id-column), but 'a' on rows 1 and 3; give every row its"
            + " own id",
        r.err().strip());
  }

  @Test
  void dedupConfigWithABadSettingNamesItsLine() throws Exception {
    Path config = dedupInput("bad-threshold.yaml");
    Cli r =
        Cli.run(
            "dedup",
            "--input",
            dedupInput("empty-texts.csv").toString(),
            "--config",
            config.toString(),
            "--out",
            tmp.resolve("o").toString());
    assertEquals(2, r.exit(), r.err());
    assertEquals(
        "error: "
            + config
            + ":4:5 dedup.lexical.threshold: threshold is 1.5, it must be in (0, 1] (shingle"
            + " Jaccard)",
        r.err().strip());
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
