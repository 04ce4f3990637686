package io.personaforge.taxonomy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.schemas.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per loader message: each names the file, line, key path and what is allowed. */
class TaxonomyLoaderTest {

  private static final String HEAD = "name: t\ncategories:\n  c:\n    attributes:\n";

  private static List<ConfigException> problems(String yaml) {
    TaxonomyLoader.Checked c = TaxonomyLoader.checkText("t.yaml", yaml);
    assertFalse(c.ok(), "expected problems in:\n" + yaml);
    return c.problems();
  }

  private static String only(String yaml) {
    List<ConfigException> ps = problems(yaml);
    assertEquals(1, ps.size(), ps.toString());
    return ps.get(0).getMessage();
  }

  @Test
  void loadsDistributionsExclusionsAndNesting() {
    Taxonomy t =
        TaxonomyLoader.parse(
            "t.yaml",
            HEAD
                + "      a: {type: categorical, values: {x: 1, y: 2}}\n"
                + "      n: {type: integer, min: 0, max: 10, distribution: normal, mean: 5, sd: 2}\n"
                + "      h:\n"
                + "        type: number\n"
                + "        min: 0\n"
                + "        max: 10\n"
                + "        distribution: histogram\n"
                + "        bins: [{from: 0, to: 5, weight: 1}, {from: 5, to: 10, weight: 3}]\n"
                + "    categories:\n"
                + "      d:\n"
                + "        categories:\n"
                + "          e:\n"
                + "            attributes:\n"
                + "              b: {type: categorical, values: {p: 1, q: 1}, when: [{if: {c.a: x}, values: {p: 1}}]}\n"
                + "never:\n"
                + "  - {c.a: y, c.d.e.b: [p, q]}\n");
    assertTrue(t.has("c.d.e.b"));
    assertEquals(
        new Distribution.Normal(5, 2),
        ((Domain.IntegerRange) t.attribute("c.n").orElseThrow().domain()).distribution());
    assertInstanceOf(
        Distribution.Histogram.class,
        ((Domain.NumberRange) t.attribute("c.h").orElseThrow().domain()).distribution());
    assertEquals(1, t.exclusions().size());
    assertEquals(List.of("c.a", "c.d.e.b"), t.exclusions().get(0).attributes());
    assertTrue(t.indexOf("c.a") < t.indexOf("c.d.e.b"), "dependencies come first");
  }

  @Test
  void cycleIsNamed() {
    String msg =
        only(
            HEAD
                + "      a: {type: categorical, values: {x: 1}, when: [{if: {c.b: y}, values: {x: 1}}]}\n"
                + "      b: {type: categorical, values: {y: 1}, when: [{if: {c.a: x}, values: {y: 1}}]}\n");
    assertTrue(
        msg.startsWith(
            "t.yaml:5:7 categories.c.attributes.a: conditional weights form a cycle: c.a -> c.b -> c.a"),
        msg);
  }

  @Test
  void unknownConditionAttribute() {
    String msg =
        only(
            HEAD
                + "      a: {type: categorical, values: {x: 1}, when: [{if: {c.zz: y}, values: {x: 1}}]}\n");
    assertTrue(
        msg.contains("categories.c.attributes.a.when[0].if.c.zz: unknown attribute 'c.zz'"), msg);
    assertTrue(msg.startsWith("t.yaml:5:"), msg);
  }

  @Test
  void conditionOnAValueThatDoesNotExist() {
    String msg =
        only(
            HEAD
                + "      a: {type: categorical, values: {x: 1, y: 1}}\n"
                + "      b: {type: categorical, values: {p: 1}, when: [{if: {c.a: z}, values: {p: 1}}]}\n");
    assertTrue(msg.contains("'z' is not a value of c.a; values: x, y"), msg);
  }

  @Test
  void selfDependency() {
    String msg =
        only(
            HEAD
                + "      a: {type: categorical, values: {x: 1}, when: [{if: {c.a: x}, values: {x: 1}}]}\n");
    assertTrue(msg.contains("an attribute cannot depend on itself"), msg);
  }

  @Test
  void emptyDomain() {
    assertTrue(
        only(HEAD + "      a: {type: categorical}\n")
            .contains("a categorical attribute needs 'values' (value: weight)"));
    assertTrue(
        only(HEAD + "      a: {type: categorical, values: {}}\n").contains("needs 'values'"));
  }

  @Test
  void weightsThatDoNotSum() {
    assertTrue(
        only(HEAD + "      a: {type: categorical, values: {x: 0, y: 0}}\n")
            .contains("at least one weight must be above 0"));
    assertTrue(
        only(HEAD + "      a: {type: categorical, values: {x: -1, y: 2}}\n")
            .contains("weights must be finite and >= 0, got -1.0"));
    assertTrue(
        only(HEAD
                + "      a: {type: integer, min: 0, max: 9, distribution: histogram, bins: [{from: 0, to: 9, weight: 0}]}\n")
            .contains("histogram bin weights sum to 0"));
  }

  @Test
  void missingType() {
    assertTrue(
        only(HEAD + "      a: {values: {x: 1}}\n")
            .contains("missing 'type'; one of: categorical, integer, number, boolean, text"));
  }

  @Test
  void unknownKeyListsAllowedKeys() {
    String msg = only(HEAD + "      a: {type: boolean, p_ture: 0.3}\n");
    assertTrue(msg.contains("unknown key 'p_ture'"), msg);
    assertTrue(msg.contains("p_true"), msg);
  }

  @Test
  void numericRangeProblems() {
    assertTrue(
        only(HEAD + "      a: {type: integer, min: 5}\n")
            .contains("a numeric attribute needs 'min' and 'max'"));
    assertTrue(
        only(HEAD + "      a: {type: integer, min: 5, max: 1}\n").contains("min 5 is above max 1"));
    assertTrue(
        only(HEAD + "      a: {type: integer, min: 0.5, max: 3}\n")
            .contains("whole-number 'min' and 'max'"));
  }

  @Test
  void distributionProblems() {
    assertTrue(
        only(HEAD + "      a: {type: number, min: 0, max: 1, distribution: poisson}\n")
            .contains("unknown distribution 'poisson'; one of: uniform, normal, histogram"));
    assertTrue(
        only(HEAD + "      a: {type: number, min: 0, max: 1, distribution: normal, mean: 0.5}\n")
            .contains("'distribution: normal' needs 'mean' and 'sd'"));
    assertTrue(
        only(HEAD
                + "      a: {type: number, min: 0, max: 1, distribution: normal, mean: 0.5, sd: 0}\n")
            .contains("'sd' must be a finite number above 0, got 0.0"));
    assertTrue(
        only(HEAD + "      a: {type: number, min: 0, max: 1, distribution: histogram}\n")
            .contains("needs 'bins'"));
    assertTrue(
        only(HEAD
                + "      a: {type: number, min: 0, max: 1, distribution: histogram, bins: [{from: 0, to: 2, weight: 1}]}\n")
            .contains("bin [0.0, 2.0] lies outside the range [0.0, 1.0]"));
    assertTrue(
        only(HEAD
                + "      a: {type: number, min: 0, max: 1, distribution: histogram, bins: [{from: 0, weight: 1}]}\n")
            .contains("each bin needs 'from', 'to' and 'weight'"));
    assertTrue(
        only(HEAD + "      a: {type: number, min: 0, max: 1, mean: 3}\n")
            .contains("'mean', 'sd' and 'bins' need 'distribution: normal'"));
  }

  @Test
  void exclusionProblems() {
    String two =
        HEAD
            + "      a: {type: categorical, values: {x: 1, y: 1}}\n      n: {type: integer, min: 0, max: 3}\n";
    assertTrue(
        only(two + "never:\n  - {c.a: x}\n")
            .contains("never[0]: an exclusion names at least two attributes"));
    assertTrue(
        only(two + "never:\n  - {c.a: x, c.q: y}\n")
            .contains("never[0].c.q: unknown attribute 'c.q'"));
    assertTrue(
        only(two + "never:\n  - {c.a: x, c.n: 2}\n")
            .contains(
                "never[0].c.n: exclusions name categorical or boolean attributes; c.n is integer"));
    String bad =
        only(
            HEAD
                + "      a: {type: categorical, values: {x: 1}}\n      b: {type: boolean}\nnever:\n  - {c.a: z, c.b: true}\n");
    assertTrue(bad.contains("never[0].c.a: 'z' is not a value of c.a; values: x"), bad);
  }

  @Test
  void categoryProblems() {
    assertTrue(
        only("categories:\n  c: {}\n")
            .contains("categories.c: category has no attributes and no sub-categories"));
    assertTrue(
        only("categories:\n  c:\n    attributes:\n      Bad: {type: boolean}\n")
            .contains("attribute names use lower-case letters, digits and '_' only"));
    assertTrue(
        only("name: t\n").contains("a taxonomy needs at least one category under 'categories'"));
  }

  @Test
  void everyProblemIsReportedAtOnceInLineOrder() {
    List<ConfigException> ps =
        problems(
            HEAD
                + "      a: {type: categorical, values: {x: 0}}\n"
                + "      b: {type: integer, min: 3, max: 1}\n"
                + "      c: {type: categorical, values: {p: 1}, when: [{if: {c.nope: x}, values: {p: 1}}]}\n");
    assertEquals(3, ps.size(), ps.toString());
    assertEquals(List.of(5, 6, 7), ps.stream().map(ConfigException::line).toList());
    ConfigException thrown =
        assertThrows(
            ConfigException.class,
            () ->
                TaxonomyLoader.parse(
                    "t.yaml",
                    HEAD
                        + "      a: {type: categorical, values: {x: 0}}\n      b: {type: integer, min: 3, max: 1}\n"));
    assertEquals(2, thrown.getMessage().split("\n").length, thrown.getMessage());
  }

  @Test
  void checkReadsFilesAndReportsMissingOnes(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("mine.yaml");
    Files.writeString(f, HEAD + "      a: {type: categorical, values: {x: 1}}\n");
    assertTrue(TaxonomyLoader.check("mine.yaml", dir).ok());
    TaxonomyLoader.Checked missing = TaxonomyLoader.check("absent.yaml", dir);
    assertFalse(missing.ok());
    assertTrue(missing.report().contains("file not found"), missing.report());
    TaxonomyLoader.Checked builtin = TaxonomyLoader.check("builtin:nope", null);
    assertTrue(
        builtin
            .report()
            .contains(
                "unknown built-in taxonomy 'builtin:nope'; available: builtin:general, builtin:students"),
        builtin.report());
  }

  @Test
  void whenEntryWithANewRangeStartsUniform() {
    Taxonomy t =
        TaxonomyLoader.parse(
            "t.yaml",
            HEAD
                + "      a: {type: boolean}\n"
                + "      n: {type: integer, min: 0, max: 9, distribution: histogram, bins: [{from: 0, to: 9, weight: 1}], when: [{if: {c.a: \"true\"}, min: 0, max: 0}, {if: {c.a: \"false\"}, values: null}]}\n");
    Attribute n = t.attribute("c.n").orElseThrow();
    assertEquals(new Domain.IntegerRange(0, 0), n.conditionals().get(0).domain());
    assertInstanceOf(
        Distribution.Histogram.class,
        ((Domain.IntegerRange) n.conditionals().get(1).domain()).distribution());
  }

  @Test
  void conditionProblems() {
    String base =
        HEAD
            + "      n: {type: integer, min: 0, max: 3}\n"
            + "      s: {type: text, hint: anything}\n";
    assertTrue(
        only(base + "      a: {type: boolean, when: [{p_true: 0.2}]}\n")
            .contains("each 'when' entry needs an 'if' mapping of attribute path: value"));
    assertTrue(
        only(base + "      a: {type: boolean, when: [{if: {c.n: two}, p_true: 0.2}]}\n")
            .contains("'two' is not a whole number, but c.n is an integer"));
    assertTrue(
        only(base + "      a: {type: boolean, when: [{if: {c.s: x}, p_true: 0.2}]}\n")
            .contains("conditions cannot test c.s: text attributes have no drawn value"));
    assertTrue(
        only(base
                + "      a: {type: boolean}\n      b: {type: boolean}\nnever:\n  - {c.a: [], c.b: true}\n")
            .contains("never[0].c.a: give a value or a list of values to exclude"));
  }

  @Test
  void syntaxAndNamingProblems() {
    String syntax = only("categories:\n  c: [unclosed\n");
    assertTrue(syntax.startsWith("t.yaml:") && syntax.contains("not valid YAML"), syntax);
    assertTrue(
        only("categories:\n  Big:\n    attributes:\n      a: {type: boolean}\n")
            .contains(
                "categories.Big: category names use lower-case letters, digits and '_' only"));
  }

  @Test
  void studentsTreeShowsGradeAndAge() {
    String tree = TaxonomyPrinter.render(TaxonomyLoader.load("builtin:students", null));
    assertTrue(tree.contains("  grade: integer 1..12 uniform, core"), tree);
    assertTrue(tree.contains("  age: integer 6..19 uniform, 12 conditionals, core"), tree);
  }
}
