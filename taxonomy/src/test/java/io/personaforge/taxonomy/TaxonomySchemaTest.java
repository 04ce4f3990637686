package io.personaforge.taxonomy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.personaforge.schemas.Schemas;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schema editors use for taxonomy files: it names exactly the keys the loader binds, and
 * every taxonomy we ship (built-in and example) validates against it with an independent validator.
 */
class TaxonomySchemaTest {
  static JsonNode schemaJson;
  static Schema schema;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = Schemas.class.getResourceAsStream("taxonomy.schema.json")) {
      schemaJson = new ObjectMapper().readTree(in);
    }
    schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(schemaJson.toString());
  }

  @Test
  void schemaKeysMatchTheLoaderRecords() {
    Map<String, Class<? extends Record>> sections =
        Map.of(
            "", TaxonomyLoader.FileSpec.class,
            "/$defs/category", TaxonomyLoader.CategorySpec.class,
            "/$defs/attribute", TaxonomyLoader.AttributeSpec.class,
            "/$defs/when", TaxonomyLoader.WhenSpec.class,
            "/$defs/attribute/properties/bins/items", TaxonomyLoader.BinSpec.class);
    for (Map.Entry<String, Class<? extends Record>> e : sections.entrySet()) {
      TreeSet<String> expected = new TreeSet<>();
      for (RecordComponent c : e.getValue().getRecordComponents()) {
        // @JsonProperty on a component lands on its accessor, field and constructor parameter.
        JsonProperty named = c.getAccessor().getAnnotation(JsonProperty.class);
        expected.add(named != null ? named.value() : snake(c.getName()));
      }
      TreeSet<String> actual = new TreeSet<>();
      schemaJson.at(e.getKey() + "/properties").fieldNames().forEachRemaining(actual::add);
      assertEquals(expected, actual, "keys of " + e.getValue().getSimpleName());
      assertEquals(
          false, schemaJson.at(e.getKey() + "/additionalProperties").asBoolean(true), e.getKey());
    }
  }

  @Test
  void everyShippedTaxonomyValidates() throws IOException {
    Path root = repoRoot();
    List<Path> files =
        List.of(
            root.resolve(
                "taxonomy/src/main/resources/io/personaforge/taxonomy/builtin/general.yaml"),
            root.resolve(
                "taxonomy/src/main/resources/io/personaforge/taxonomy/builtin/students.yaml"),
            root.resolve("examples/custom/clinic-patients.taxonomy.yaml"));
    for (Path f : files) {
      List<Error> errors = schema.validate(new YAMLMapper().readTree(f.toFile()));
      assertEquals(List.of(), errors.stream().map(Error::toString).toList(), f.toString());
    }
  }

  @Test
  void theExampleTaxonomyPointsEditorsAtTheSchema() throws IOException {
    Path example = repoRoot().resolve("examples/custom/clinic-patients.taxonomy.yaml");
    String first = Files.readAllLines(example).get(0);
    assertEquals(
        "# yaml-language-server: $schema="
            + "../../schemas/src/main/resources/io/personaforge/schemas/taxonomy.schema.json",
        first);
    assertTrue(
        Files.isRegularFile(
            example.getParent().resolve(first.substring(first.indexOf('=') + 1)).normalize()),
        "the schema path resolves from the example");
  }

  @Test
  void mistakesTheLoaderRejectsAreFlaggedByTheSchemaToo() throws IOException {
    String yaml =
        """
        categories:
          Work:
            attributes:
              level: {type: categorical, valeus: {junior: 1}}
              pay: {type: money}
              years: {type: integer, min: 0, max: 40, distribution: lognormal}
        """;
    List<String> errors =
        schema.validate(new YAMLMapper().readTree(yaml)).stream()
            .map(e -> e.getInstanceLocation() + " " + e.getKeyword())
            .toList();
    assertTrue(errors.stream().anyMatch(e -> e.contains("propertyNames")), errors.toString());
    assertTrue(
        errors.stream().anyMatch(e -> e.contains("level") && e.contains("additionalProperties")),
        errors.toString());
    assertTrue(
        errors.stream().anyMatch(e -> e.contains("pay") && e.contains("enum")), errors.toString());
    assertTrue(
        errors.stream().anyMatch(e -> e.contains("years") && e.contains("enum")),
        errors.toString());
  }

  private static Path repoRoot() {
    String root = System.getProperty("personaforge.repo.root");
    return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
