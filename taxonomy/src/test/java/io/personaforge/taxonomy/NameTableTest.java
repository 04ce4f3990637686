package io.personaforge.taxonomy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.schemas.config.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Name tables: reading, pooling unknown keys, taxonomy wiring and its errors. */
class NameTableTest {
  @TempDir Path dir;

  private static final String CSV =
      "# a comment\nsex,name,weight\nfemale,Anna,3\nfemale,Eva,1\nmale,Noah,2\n";

  @Test
  void drawsByKeyAndPoolsUnknownValues() {
    NameTable t = NameTable.parse("t.csv", CSV);
    assertEquals(List.of("sex"), t.keyColumns());
    assertEquals(Map.of("Anna", 0.75, "Eva", 0.25), t.distribution("female"));
    assertEquals("Noah", t.name(t.draw(new String[] {"male"}, 0.99)));
    // A value the table lacks pools the column: every name with its summed weight.
    Map<String, Double> pooled = t.distribution("nonbinary");
    assertEquals(3, pooled.size());
    assertEquals(0.5, pooled.get("Anna"), 1e-12);
    assertEquals(pooled, t.distribution(NameTable.ANY));
  }

  @Test
  void malformedRowsNameTheLine() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> NameTable.parse("t.csv", "sex,name,weight\nfemale,Anna\n"));
    assertTrue(e.getMessage().startsWith("t.csv:2:1"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> NameTable.parse("t.csv", "sex,weight\n"));
    assertTrue(e.getMessage().contains("'name,weight'"), e.getMessage());
  }

  @Test
  void builtinTablesTravelByName() throws Exception {
    NameTable t = NameTable.load("builtin:us-surnames", null);
    assertTrue(t.size() > 1000);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(t);
    }
    assertTrue(bytes.size() < 200, "serialized as its name: " + bytes.size() + " bytes");
    try (ObjectInputStream in =
        new ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(t.distribution("api"), ((NameTable) in.readObject()).distribution("api"));
    }
  }

  @Test
  void aCustomTaxonomyDrawsFromItsOwnTableNextToIt() throws IOException {
    Files.writeString(dir.resolve("names.csv"), CSV);
    Path yaml = dir.resolve("t.yaml");
    Files.writeString(
        yaml,
        "categories:\n  p:\n    attributes:\n"
            + "      sex: {type: categorical, values: {female: 1, male: 1}, pronouns: {female: she, male: he}}\n"
            + "      first: {type: name, table: names.csv, given: {sex: p.sex}}\n");
    Taxonomy t = TaxonomyLoader.load(yaml.toString(), null);
    assertTrue(t.indexOf("p.sex") < t.indexOf("p.first"), "the key attribute is drawn first");
    assertEquals("p.sex", t.pronounSource().orElseThrow().path());
    assertEquals(List.of("p.first"), t.nameAttributes().stream().map(Attribute::path).toList());
    assertEquals("Eva", t.fullName(Map.of("p.first", "Eva", "p.sex", "female")).orElseThrow());
  }

  @Test
  void wiringErrorsNameTheKey() {
    String head = "name: t\ncategories:\n  c:\n    attributes:\n";
    String msg =
        TaxonomyLoader.checkText(
                "t.yaml",
                head
                    + "      g: {type: categorical, values: {f: 1}, pronouns: {x: she}}\n"
                    + "      n: {type: name, table: builtin:us-first-names, given: {sex: c.g, colour: c.g}}\n"
                    + "      m: {type: name, table: builtin:us-surnames, given: {race: c.nope}}\n"
                    + "      b: {type: boolean, phrases: {maybe: has one}}\n")
            .report();
    assertTrue(msg.contains("c.attributes.g.pronouns.x: 'x' is not a value of c.g"), msg);
    assertTrue(
        msg.contains(
            "'colour' is not a key column of builtin:us-first-names; its key columns:"
                + " sex, birth_decade"),
        msg);
    assertTrue(msg.contains("given.race: unknown attribute 'c.nope'"), msg);
    assertTrue(msg.contains("b.phrases.maybe: 'maybe' is not a value of c.b"), msg);
  }
}
