package io.personaforge.validator.rules;

import io.personaforge.schemas.config.YamlDocument;
import io.personaforge.validator.RuleSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The rule sets shipped with the built-in taxonomies: {@code builtin:NAME} has its rules in the
 * resource {@code io/personaforge/validator/builtin/NAME.rules.yaml}. A user's own taxonomy file
 * has none.
 */
public final class BuiltinRules {
  private BuiltinRules() {}

  /**
   * A parsed rule file.
   *
   * @param document the parsed file, to place errors in it
   * @param rules its rules, in file order (key paths {@code rules[i]})
   */
  public record RuleFile(YamlDocument document, List<RuleSpec> rules) {}

  /** The shipped rule set of taxonomy {@code taxonomyName}, if it has one. */
  public static Optional<RuleFile> forTaxonomy(String taxonomyName) {
    if (taxonomyName == null || !taxonomyName.startsWith("builtin:")) {
      return Optional.empty();
    }
    String name = taxonomyName.substring("builtin:".length());
    String resource = "builtin/" + name + ".rules.yaml";
    try (InputStream in =
        BuiltinRules.class.getResourceAsStream("/io/personaforge/validator/" + resource)) {
      if (in == null) {
        return Optional.empty();
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Optional.of(parse(taxonomyName + " rules (" + resource + ")", text));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the built-in rules of " + taxonomyName, e);
    }
  }

  /** Parses a rule file: {@code rules: [{name, when, require, severity, message}, ...]}. */
  public static RuleFile parse(String fileName, String yaml) {
    YamlDocument doc = YamlDocument.parse(fileName, yaml);
    Spec spec = doc.bind(Spec.class);
    return new RuleFile(doc, spec.rules() == null ? List.of() : List.copyOf(spec.rules()));
  }

  record Spec(String description, List<RuleSpec> rules) {}
}
