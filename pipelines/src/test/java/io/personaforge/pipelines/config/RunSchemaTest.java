package io.personaforge.pipelines.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personaforge.dedup.DedupConfig;
import io.personaforge.dedup.LexicalConfig;
import io.personaforge.dedup.SemanticConfig;
import io.personaforge.generator.GeneratorConfig;
import io.personaforge.generator.PersonaWriters;
import io.personaforge.generator.Provider;
import io.personaforge.sampler.QuotaSpec;
import io.personaforge.sampler.SamplingConfig;
import io.personaforge.schemas.Schemas;
import io.personaforge.validator.ChecksConfig;
import io.personaforge.validator.JudgeSpec;
import io.personaforge.validator.NameCapConfig;
import io.personaforge.validator.RuleSpec;
import io.personaforge.validator.ValidationConfig;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schema editors use for run.yaml names exactly the keys the loader accepts, section by
 * section, so that completion never suggests a key the run would reject (or misses one).
 */
class RunSchemaTest {
  @Test
  void schemaKeysMatchTheConfigRecords() throws Exception {
    JsonNode schema = schema();
    Map<String, Class<? extends Record>> sections =
        Map.ofEntries(
            Map.entry("", RunConfig.class),
            Map.entry("/properties/quotas/items", QuotaSpec.class),
            Map.entry("/properties/sampling", SamplingConfig.class),
            Map.entry("/properties/sampling/properties/depth", SamplingConfig.Depth.class),
            Map.entry("/properties/generator", GeneratorConfig.class),
            Map.entry("/properties/validation", ValidationConfig.class),
            Map.entry("/properties/validation/properties/rules/items", RuleSpec.class),
            Map.entry("/properties/validation/properties/checks", ChecksConfig.class),
            Map.entry("/properties/validation/properties/first_name_cap", NameCapConfig.class),
            Map.entry("/properties/validation/properties/judges/items", JudgeSpec.class),
            Map.entry(
                "/properties/validation/properties/judges/items/properties/model",
                JudgeSpec.JudgeModel.class),
            Map.entry("/properties/dedup", DedupConfig.class),
            Map.entry("/properties/dedup/properties/lexical", LexicalConfig.class),
            Map.entry("/properties/dedup/properties/semantic", SemanticConfig.class),
            Map.entry("/properties/output", OutputConfig.class));
    for (Map.Entry<String, Class<? extends Record>> e : sections.entrySet()) {
      TreeSet<String> expected = new TreeSet<>();
      for (RecordComponent c : e.getValue().getRecordComponents()) {
        expected.add(snake(c.getName()));
      }
      TreeSet<String> actual = new TreeSet<>();
      schema.at(e.getKey() + "/properties").fieldNames().forEachRemaining(actual::add);
      assertEquals(
          expected, actual, "keys of " + e.getValue().getSimpleName() + " at " + e.getKey());
      assertEquals(
          false, schema.at(e.getKey() + "/additionalProperties").asBoolean(true), e.getKey());
    }
  }

  @Test
  void schemaProvidersAreTheRegistrysProviders() throws Exception {
    JsonNode schema = schema();
    List<String> all = new ArrayList<>();
    schema.at("/properties/generator/properties/provider/enum").forEach(n -> all.add(n.asText()));
    assertEquals(PersonaWriters.names(), all, "generator.provider");
    List<String> judging = new ArrayList<>();
    schema
        .at(
            "/properties/validation/properties/judges/items/properties/model/properties/provider/enum")
        .forEach(n -> judging.add(n.asText()));
    assertEquals(
        PersonaWriters.all().stream()
            .filter(p -> p.capabilities().judges())
            .map(Provider::name)
            .toList(),
        judging,
        "a judge's model.provider: the providers whose models can judge");
  }

  private static JsonNode schema() throws IOException {
    try (InputStream in = Schemas.class.getResourceAsStream("run.schema.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
