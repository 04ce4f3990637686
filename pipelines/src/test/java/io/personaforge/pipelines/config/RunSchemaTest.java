package io.personaforge.pipelines.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personaforge.dedup.DedupConfig;
import io.personaforge.dedup.LexicalConfig;
import io.personaforge.dedup.SemanticConfig;
import io.personaforge.generator.GeneratorConfig;
import io.personaforge.sampler.QuotaSpec;
import io.personaforge.sampler.SamplingConfig;
import io.personaforge.schemas.Schemas;
import io.personaforge.validator.ChecksConfig;
import io.personaforge.validator.JudgeSpec;
import io.personaforge.validator.NameCapConfig;
import io.personaforge.validator.RuleSpec;
import io.personaforge.validator.ValidationConfig;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
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
    JsonNode schema;
    try (InputStream in = Schemas.class.getResourceAsStream("run.schema.json")) {
      schema = new ObjectMapper().readTree(in);
    }
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

  private static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
