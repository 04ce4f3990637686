package io.personaforge.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.personaforge.dedup.semantic.Embedders;
import io.personaforge.generator.PersonaWriters;
import io.personaforge.pipelines.Judges;
import io.personaforge.pipelines.config.RunConfig;
import io.personaforge.sampler.QuotaPlan;
import io.personaforge.sampler.QuotaPlanner;
import io.personaforge.schemas.Sha256;
import io.personaforge.schemas.config.ConfigException;
import io.personaforge.schemas.config.YamlDocument;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import io.personaforge.validator.Validator;
import java.nio.file.Path;

/**
 * Reads run.yaml and checks everything that can be checked before a run starts: keys and types, the
 * taxonomy, quotas against the taxonomy, the generator and validator settings. Every problem is a
 * {@link ConfigException} naming file, line and column.
 */
public final class RunConfigLoader {
  private static final YAMLMapper WRITER =
      YAMLMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  private RunConfigLoader() {}

  /** Loads {@code file}, applying command-line overrides (null for none). */
  public static LoadedRun load(Path file, Long countOverride, Long seedOverride) {
    long start = System.nanoTime();
    YamlDocument doc = YamlDocument.read(file);
    JsonNode root = doc.root();
    if (doc.isEmpty()) {
      throw ConfigException.at(
          doc,
          "",
          "the file is empty; a run config needs at least 'count' (see examples/quickstart.yaml,"
              + " and docs/configuration.md for every key)");
    }
    if (!root.isObject()) {
      throw ConfigException.at(
          doc, "", "a run config is a mapping of keys (taxonomy, count, quotas, ...)");
    }
    rejectEmptyValues(doc, root, "");
    RunConfig config = doc.bind(RunConfig.class);
    if (countOverride != null && countOverride < 1) {
      throw new ConfigException("--count", 0, 0, "", "must be at least 1, got " + countOverride);
    }
    config = config.withOverrides(countOverride, seedOverride);
    Path baseDir = file.toAbsolutePath().getParent();
    try {
      // Prompt template paths are relative to the run file, like the taxonomy path.
      config = config.withGenerator(config.generator().resolvedAgainst(baseDir));
      config = config.withValidation(config.validation().resolvedAgainst(baseDir));
      Taxonomy taxonomy = TaxonomyLoader.load(config.taxonomy(), baseDir);
      QuotaPlan plan =
          new QuotaPlanner(taxonomy).plan(config.count(), config.quotas(), config.sampling());
      PersonaWriters.create(config.generator(), taxonomy).close();
      Validator validator = Validator.of(config.validation(), taxonomy);
      Judges.of(config.validation(), config.generator(), taxonomy, validator.ruleNames());
      if (config.dedup().enabled() && config.dedup().semantic().on()) {
        Embedders.check(config.dedup().semantic());
      }
      String resolved = toYaml(config);
      return new LoadedRun(
          file,
          config,
          taxonomy,
          plan,
          resolved,
          Sha256.hex(resolved),
          (System.nanoTime() - start) / 1e9);
    } catch (ConfigException e) {
      if (e.file().isEmpty() && !e.keyPath().isEmpty()) {
        throw e.placedIn(doc);
      }
      if (e.file().isEmpty()) {
        throw ConfigException.at(doc, "taxonomy", e.problem());
      }
      throw e;
    } catch (IllegalArgumentException e) {
      throw ConfigException.at(doc, "", e.getMessage());
    }
  }

  /**
   * A key written with no value ({@code count:}) would silently mean the default; the user meant a
   * value, so it is an error at the key.
   */
  private static void rejectEmptyValues(YamlDocument doc, JsonNode node, String path) {
    if (node.isObject()) {
      for (var it = node.fields(); it.hasNext(); ) {
        var field = it.next();
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (field.getValue().isNull()) {
          throw ConfigException.at(
              doc,
              child,
              "no value given; write one, or remove the key to use the default"
                  + " (docs/configuration.md lists every key and its default)");
        }
        rejectEmptyValues(doc, field.getValue(), child);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        if (node.get(i).isNull()) {
          throw ConfigException.at(doc, path + "[" + i + "]", "empty list item; remove it");
        }
        rejectEmptyValues(doc, node.get(i), path + "[" + i + "]");
      }
    }
  }

  /** The fully resolved configuration as YAML (every default filled in, no secrets). */
  public static String toYaml(RunConfig config) {
    try {
      return "# Resolved PersonaForge run configuration: every default filled in.\n"
          + WRITER.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the resolved config", e);
    }
  }

  /**
   * A checked run configuration and what was derived from it.
   *
   * @param file the run.yaml read
   * @param config the configuration with defaults and overrides applied
   * @param taxonomy the loaded taxonomy
   * @param plan exact cell targets
   * @param resolvedYaml the configuration written back as YAML
   * @param configHash SHA-256 of {@code resolvedYaml}: identifies the run for resume
   * @param planSeconds wall time of loading, checking and planning (for the summary's timings)
   */
  public record LoadedRun(
      Path file,
      RunConfig config,
      Taxonomy taxonomy,
      QuotaPlan plan,
      String resolvedYaml,
      String configHash,
      double planSeconds) {}
}
