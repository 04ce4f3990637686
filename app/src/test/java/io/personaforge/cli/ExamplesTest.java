package io.personaforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every example the docs point to is a valid configuration (checked, not run). */
class ExamplesTest {
  @Test
  void everyExampleConfigValidates() throws IOException {
    List<Path> examples;
    try (Stream<Path> s = Files.list(Cli.repoRoot().resolve("examples"))) {
      examples = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(examples.size() >= 4, examples.toString());
    for (Path example : examples) {
      Cli r = Cli.run("validate-config", example.toString());
      assertEquals(0, r.exit(), example + ": " + r.err());
      assertTrue(r.out().contains("is valid"), r.out());
    }
  }

  @Test
  void theCustomTaxonomyExampleChecksClean() {
    Cli r =
        Cli.run(
            "taxonomy",
            "check",
            Cli.repoRoot().resolve("examples/custom/clinic-patients.taxonomy.yaml").toString());
    assertEquals(0, r.exit(), r.err());
  }
}
