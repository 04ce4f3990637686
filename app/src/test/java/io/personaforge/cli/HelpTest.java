package io.personaforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelpTest {
  @Test
  void helpDocumentsEveryOptionOfRun() {
    Cli top = Cli.run("--help");
    assertEquals(0, top.exit());
    for (String s : new String[] {"run", "validate-config", "taxonomy", "Exit codes"}) {
      assertTrue(top.out().contains(s), s + " in " + top.out());
    }
    Cli run = Cli.run("run", "--help");
    assertEquals(0, run.exit());
    for (String s :
        new String[] {
          "--config", "--out", "--runner", "--count", "--seed", "--overwrite", "--debug"
        }) {
      assertTrue(run.out().contains(s), s + " in " + run.out());
    }
  }

  @Test
  void versionIsPrinted() {
    Cli v = Cli.run("--version");
    assertEquals(0, v.exit());
    assertTrue(v.out().startsWith("personaforge "), v.out());
  }

  @Test
  void validateConfigPrintsThePlan(@TempDir Path tmp) throws Exception {
    Path config = tmp.resolve("run.yaml");
    Files.writeString(
        config,
        "count: 9\nquotas:\n  - attribute: location.region\n    shares: {south: 0.5, west: 0.5}\n");
    Cli r = Cli.run("validate-config", config.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("location.region=south"), r.out());
    assertTrue(r.out().contains("is valid: 9 personas"), r.out());
    assertTrue(
        r.out().contains("20 of 20 sample personas written by the offline writer pass validation"),
        r.out());
  }

  @Test
  void taxonomyShowListsAttributes() {
    Cli r = Cli.run("taxonomy", "show", "builtin:general");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("demographics"), r.out());
    assertTrue(r.out().contains("age"), r.out());
  }

  @Test
  void taxonomyCheckReportsEveryProblemWithItsLine(@TempDir Path tmp) throws Exception {
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(
        bad,
        "name: bad\ncategories:\n  people:\n    attributes:\n      job:\n        type: categorical\n"
            + "        values: {}\n      age:\n        type: integer\n        min: 50\n        max: 10\n");
    Cli r = Cli.run("taxonomy", "check", bad.toString());
    assertEquals(2, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains("bad.yaml:5:") && r.err().contains("bad.yaml:8:"), r.err());
    assertTrue(r.err().contains("2 problem(s)"), r.err());
    Cli ok = Cli.run("taxonomy", "check", "builtin:students");
    assertEquals(0, ok.exit(), ok.err());
  }
}
