package io.personaforge.taxonomy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.personaforge.schemas.config.ConfigException;
import io.personaforge.schemas.config.YamlDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads taxonomies from YAML: {@code builtin:NAME} from the resources shipped with the tool, or a
 * file path. Every problem is reported with file, line, column and key path.
 *
 * <pre>
 * name: my-taxonomy
 * description: ...
 * categories:
 *   demographics:
 *     attributes:
 *       gender: {type: categorical, core: true, values: {female: 51, male: 49}}
 *       age:
 *         type: integer
 *         min: 18
 *         max: 90
 *         when:
 *           - if: {demographics.age_band: "18-24"}
 *             min: 18
 *             max: 24
 *     categories: {...}   # sub-categories nest to any depth
 * </pre>
 */
public final class TaxonomyLoader {
  /** Prefix of the names of taxonomies shipped with the tool. */
  public static final String BUILTIN_PREFIX = "builtin:";

  /** The built-in taxonomies, in the order {@code taxonomy list} shows them. */
  public static final List<String> BUILTINS = List.of("builtin:general");

  private TaxonomyLoader() {}

  /**
   * Loads {@code ref}: {@code builtin:NAME} or a file path, resolved against {@code baseDir} when
   * relative (the directory of the run.yaml that names it).
   */
  public static Taxonomy load(String ref, Path baseDir) {
    if (ref.startsWith(BUILTIN_PREFIX)) {
      return parse(ref, readBuiltin(ref));
    }
    Path file = baseDir == null ? Path.of(ref) : baseDir.resolve(ref);
    YamlDocument doc = YamlDocument.read(file);
    return build(ref, doc, hash(doc.root().toString()));
  }

  /** Parses taxonomy YAML text; {@code name} names it in messages and provenance. */
  public static Taxonomy parse(String name, String yaml) {
    YamlDocument doc = YamlDocument.parse(name, yaml);
    return build(name, doc, hash(yaml));
  }

  private static String readBuiltin(String ref) {
    String resource = "builtin/" + ref.substring(BUILTIN_PREFIX.length()) + ".yaml";
    try (InputStream in = TaxonomyLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ConfigException(
            "",
            0,
            0,
            "",
            "unknown built-in taxonomy '" + ref + "'; available: " + String.join(", ", BUILTINS));
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read built-in taxonomy " + ref, e);
    }
  }

  private static Taxonomy build(String name, YamlDocument doc, String contentHash) {
    List<ConfigException> problems = new ArrayList<>();
    FileSpec file = doc.bind(FileSpec.class);
    if (file.categories() == null || file.categories().isEmpty()) {
      throw ConfigException.at(
          doc, "categories", "a taxonomy needs at least one category under 'categories'");
    }
    Map<String, Raw> raws = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : file.categories().entrySet()) {
      readCategory(doc, e.getKey(), "categories." + e.getKey(), e.getValue(), raws, problems);
    }
    List<Attribute> attributes = new ArrayList<>();
    for (Raw raw : raws.values()) {
      try {
        attributes.add(toAttribute(doc, raw, raws, problems));
      } catch (IllegalArgumentException e) {
        problems.add(ConfigException.at(doc, raw.keyPath, e.getMessage()));
      }
    }
    List<Attribute> ordered = order(doc, attributes, raws, problems);
    if (!problems.isEmpty()) {
      throw combine(problems);
    }
    return new Taxonomy(
        name, file.description() == null ? "" : file.description(), contentHash, ordered);
  }

  private static ConfigException combine(List<ConfigException> problems) {
    ConfigException first = problems.get(0);
    if (problems.size() == 1) {
      return first;
    }
    StringBuilder sb = new StringBuilder(first.problem());
    for (ConfigException p : problems.subList(1, problems.size())) {
      sb.append('\n').append(p.getMessage());
    }
    return new ConfigException(
        first.file(), first.line(), first.column(), first.keyPath(), sb.toString());
  }

  private static void readCategory(
      YamlDocument doc,
      String categoryPath,
      String keyPath,
      JsonNode node,
      Map<String, Raw> raws,
      List<ConfigException> problems) {
    if (!categoryPath.matches("[a-z0-9_.]+")) {
      problems.add(
          ConfigException.at(
              doc, keyPath, "category names use lower-case letters, digits and '_' only"));
    }
    CategorySpec cat = doc.bind(node, keyPath, CategorySpec.class);
    boolean empty = true;
    if (cat.attributes() != null) {
      for (Map.Entry<String, JsonNode> a : cat.attributes().entrySet()) {
        empty = false;
        String path = categoryPath + "." + a.getKey();
        String attrKey = keyPath + ".attributes." + a.getKey();
        if (!a.getKey().matches("[a-z0-9_]+")) {
          problems.add(
              ConfigException.at(
                  doc, attrKey, "attribute names use lower-case letters, digits and '_' only"));
          continue;
        }
        try {
          AttributeSpec spec = doc.bind(a.getValue(), attrKey, AttributeSpec.class);
          raws.put(path, new Raw(path, attrKey, spec, doc.location(attrKey).line()));
        } catch (ConfigException e) {
          problems.add(e);
        }
      }
    }
    if (cat.categories() != null) {
      for (Map.Entry<String, JsonNode> c : cat.categories().entrySet()) {
        empty = false;
        readCategory(
            doc,
            categoryPath + "." + c.getKey(),
            keyPath + ".categories." + c.getKey(),
            c.getValue(),
            raws,
            problems);
      }
    }
    if (empty) {
      problems.add(
          ConfigException.at(doc, keyPath, "category has no attributes and no sub-categories"));
    }
  }

  private static Attribute toAttribute(
      YamlDocument doc, Raw raw, Map<String, Raw> raws, List<ConfigException> problems) {
    AttributeSpec s = raw.spec;
    if (s.type() == null) {
      throw new IllegalArgumentException(
          "missing 'type'; one of: categorical, integer, number, boolean, text");
    }
    Domain domain =
        domainOf(
            doc,
            raw.keyPath,
            s.type(),
            s.values(),
            s.min(),
            s.max(),
            s.pTrue(),
            s.hint(),
            s.description());
    List<Conditional> conditionals = new ArrayList<>();
    if (s.when() != null) {
      for (int i = 0; i < s.when().size(); i++) {
        WhenSpec w = s.when().get(i);
        String wKey = raw.keyPath + ".when[" + i + "]";
        if (w.condition() == null || w.condition().isEmpty()) {
          problems.add(
              ConfigException.at(
                  doc, wKey, "each 'when' entry needs an 'if' mapping of attribute path: value"));
          continue;
        }
        for (Map.Entry<String, String> c : w.condition().entrySet()) {
          Raw dep = raws.get(c.getKey());
          String condKey = wKey + ".if." + c.getKey();
          if (dep == null) {
            problems.add(
                ConfigException.at(
                    doc,
                    condKey,
                    "unknown attribute '"
                        + c.getKey()
                        + "' (write its full path, e.g. demographics.age_band)"));
          } else if (dep.path.equals(raw.path)) {
            problems.add(ConfigException.at(doc, condKey, "an attribute cannot depend on itself"));
          }
        }
        try {
          Domain d =
              domainOf(
                  doc,
                  wKey,
                  s.type(),
                  w.values(),
                  w.min(),
                  w.max(),
                  w.pTrue(),
                  null,
                  s.description());
          conditionals.add(new Conditional(w.condition(), d));
        } catch (IllegalArgumentException e) {
          problems.add(ConfigException.at(doc, wKey, e.getMessage()));
        }
      }
    }
    return new Attribute(
        raw.path,
        s.label(),
        s.type(),
        Boolean.TRUE.equals(s.core()),
        domain,
        conditionals,
        s.description(),
        s.source(),
        raw.line);
  }

  private static Domain domainOf(
      YamlDocument doc,
      String keyPath,
      AttributeType type,
      Map<String, Double> values,
      Double min,
      Double max,
      Double pTrue,
      String hint,
      String description) {
    return switch (type) {
      case CATEGORICAL -> {
        if (values == null || values.isEmpty()) {
          throw new IllegalArgumentException(
              "a categorical attribute needs 'values' (value: weight)");
        }
        yield new Domain.Categorical(
            new ArrayList<>(values.keySet()), new ArrayList<>(values.values()));
      }
      case INTEGER -> {
        requireRange(min, max);
        if (min != Math.rint(min) || max != Math.rint(max)) {
          throw new IllegalArgumentException(
              "an integer attribute needs whole-number 'min' and 'max'");
        }
        yield new Domain.IntegerRange(min.longValue(), max.longValue());
      }
      case NUMBER -> {
        requireRange(min, max);
        yield new Domain.NumberRange(min, max);
      }
      case BOOLEAN -> new Domain.Bool(pTrue == null ? 0.5 : pTrue);
      case TEXT -> new Domain.Text(hint != null ? hint : description == null ? "" : description);
    };
  }

  private static void requireRange(Double min, Double max) {
    if (min == null || max == null) {
      throw new IllegalArgumentException("a numeric attribute needs 'min' and 'max'");
    }
  }

  /** Orders attributes so that each follows those its conditionals depend on; reports cycles. */
  private static List<Attribute> order(
      YamlDocument doc,
      List<Attribute> attributes,
      Map<String, Raw> raws,
      List<ConfigException> problems) {
    Map<String, Attribute> byPath = new LinkedHashMap<>();
    for (Attribute a : attributes) {
      byPath.put(a.path(), a);
    }
    List<Attribute> out = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    Set<String> reportedCycles = new LinkedHashSet<>();
    for (Attribute a : attributes) {
      visit(doc, a, byPath, raws, done, new ArrayList<>(), out, problems, reportedCycles);
    }
    return out;
  }

  private static void visit(
      YamlDocument doc,
      Attribute a,
      Map<String, Attribute> byPath,
      Map<String, Raw> raws,
      Set<String> done,
      List<String> stack,
      List<Attribute> out,
      List<ConfigException> problems,
      Set<String> reportedCycles) {
    if (done.contains(a.path())) {
      return;
    }
    int at = stack.indexOf(a.path());
    if (at >= 0) {
      List<String> cycle = new ArrayList<>(stack.subList(at, stack.size()));
      cycle.add(a.path());
      String key = new java.util.TreeSet<>(cycle).toString();
      if (reportedCycles.add(key)) {
        problems.add(
            ConfigException.at(
                doc,
                raws.get(a.path()).keyPath,
                "conditional weights form a cycle: "
                    + String.join(" -> ", cycle)
                    + "; an attribute can only depend on attributes drawn before it"));
      }
      return;
    }
    stack.add(a.path());
    for (Conditional c : a.conditionals()) {
      for (String dep : c.when().keySet()) {
        Attribute d = byPath.get(dep);
        if (d != null) {
          visit(doc, d, byPath, raws, done, stack, out, problems, reportedCycles);
        }
      }
    }
    stack.remove(stack.size() - 1);
    if (done.add(a.path())) {
      out.add(a);
    }
  }

  static String hash(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Raw(String path, String keyPath, AttributeSpec spec, int line) {}

  record FileSpec(
      String name, String description, List<String> sources, Map<String, JsonNode> categories) {}

  record CategorySpec(
      String label,
      String description,
      Map<String, JsonNode> attributes,
      Map<String, JsonNode> categories) {}

  record AttributeSpec(
      AttributeType type,
      String label,
      String description,
      Boolean core,
      LinkedHashMap<String, Double> values,
      Double min,
      Double max,
      Double pTrue,
      String hint,
      List<WhenSpec> when,
      String source) {}

  record WhenSpec(
      @JsonProperty("if") LinkedHashMap<String, String> condition,
      LinkedHashMap<String, Double> values,
      Double min,
      Double max,
      Double pTrue) {}
}
