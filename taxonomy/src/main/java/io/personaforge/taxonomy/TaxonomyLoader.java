package io.personaforge.taxonomy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.personaforge.schemas.Sha256;
import io.personaforge.schemas.config.ConfigException;
import io.personaforge.schemas.config.YamlDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
 *       income: {type: integer, min: 0, max: 500000, distribution: normal, mean: 60000, sd: 30000}
 *       height_cm:
 *         type: number
 *         min: 140
 *         max: 210
 *         distribution: histogram
 *         bins: [{from: 140, to: 160, weight: 20}, {from: 160, to: 210, weight: 80}]
 *     categories: {...}   # sub-categories nest to any depth
 * never:                  # impossible combinations: never drawn, never planned
 *   - {demographics.age_band: "18-24", work.occupation: [physician, professor]}
 * </pre>
 *
 * <p>{@link #check} reports every problem of a file at once; {@link #load} throws them together in
 * one {@link ConfigException} (one problem per line).
 */
public final class TaxonomyLoader {
  /** Prefix of the names of taxonomies shipped with the tool. */
  public static final String BUILTIN_PREFIX = "builtin:";

  /** The built-in taxonomies, in the order {@code taxonomy list} shows them. */
  public static final List<String> BUILTINS = List.of("builtin:general", "builtin:students");

  private TaxonomyLoader() {}

  /**
   * Loads {@code ref}: {@code builtin:NAME} or a file path, resolved against {@code baseDir} when
   * relative (the directory of the run.yaml that names it).
   */
  public static Taxonomy load(String ref, Path baseDir) {
    return orThrow(check(ref, baseDir));
  }

  /** Parses taxonomy YAML text; {@code name} names it in messages and provenance. */
  public static Taxonomy parse(String name, String yaml) {
    return orThrow(checkText(name, yaml));
  }

  /**
   * Loads {@code ref} like {@link #load} but returns every problem found instead of throwing, for
   * {@code personaforge taxonomy check FILE}. Each problem carries file, line, column and key path.
   */
  public static Checked check(String ref, Path baseDir) {
    try {
      if (ref.startsWith(BUILTIN_PREFIX)) {
        return checkText(ref, readBuiltin(ref));
      }
      Path file = baseDir == null ? Path.of(ref) : baseDir.resolve(ref);
      YamlDocument doc = YamlDocument.read(file);
      return build(ref, doc, Sha256.hex(doc.root().toString()), file.toAbsolutePath().getParent());
    } catch (ConfigException e) {
      return new Checked(null, List.of(e));
    }
  }

  /** Checks taxonomy YAML text; see {@link #check}. */
  public static Checked checkText(String name, String yaml) {
    try {
      return build(name, YamlDocument.parse(name, yaml), Sha256.hex(yaml), null);
    } catch (ConfigException e) {
      return new Checked(null, List.of(e));
    }
  }

  /**
   * The outcome of checking a taxonomy file.
   *
   * @param taxonomy the taxonomy, or null when there are problems
   * @param problems every problem found, in file order (empty when the taxonomy loaded)
   */
  public record Checked(Taxonomy taxonomy, List<ConfigException> problems) {
    public Checked {
      problems = List.copyOf(problems);
    }

    /** True when the file has no problems. */
    public boolean ok() {
      return problems.isEmpty();
    }

    /** One problem per line, as {@code file:line:col key: message}. */
    public String report() {
      StringBuilder sb = new StringBuilder();
      for (ConfigException p : problems) {
        sb.append(p.getMessage()).append('\n');
      }
      return sb.toString();
    }
  }

  private static Taxonomy orThrow(Checked checked) {
    if (!checked.ok()) {
      throw combine(checked.problems());
    }
    return checked.taxonomy();
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

  private static Checked build(String name, YamlDocument doc, String contentHash, Path tableDir) {
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
        attributes.add(toAttribute(doc, raw, raws, problems, tableDir));
      } catch (ConfigException e) {
        problems.add(e); // a name attribute's table or key, placed already
      } catch (IllegalArgumentException e) {
        problems.add(ConfigException.at(doc, raw.keyPath, e.getMessage()));
      }
    }
    Map<String, Attribute> byPath = new LinkedHashMap<>();
    for (Attribute a : attributes) {
      byPath.put(a.path(), a);
    }
    checkConditionValues(doc, attributes, byPath, raws, problems);
    checkNamesAndPhrasing(doc, attributes, byPath, raws, problems);
    List<Attribute> ordered = order(doc, attributes, raws, problems);
    List<Exclusion> exclusions = exclusions(doc, file.never(), byPath, problems);
    if (!problems.isEmpty()) {
      problems.sort(
          Comparator.comparingInt(ConfigException::line).thenComparingInt(ConfigException::column));
      return new Checked(null, problems);
    }
    return new Checked(
        new Taxonomy(
            name,
            file.description() == null ? "" : file.description(),
            contentHash,
            ordered,
            exclusions),
        List.of());
  }

  /** A condition must name a value its attribute can take, or it silently never matches. */
  private static void checkConditionValues(
      YamlDocument doc,
      List<Attribute> attributes,
      Map<String, Attribute> byPath,
      Map<String, Raw> raws,
      List<ConfigException> problems) {
    for (Attribute a : attributes) {
      for (int i = 0; i < a.conditionals().size(); i++) {
        Conditional c = a.conditionals().get(i);
        for (Map.Entry<String, String> cond : c.when().entrySet()) {
          Attribute dep = byPath.get(cond.getKey());
          if (dep == null) {
            continue; // reported as an unknown attribute already
          }
          String problem = valueProblem(dep, cond.getValue());
          if (problem != null) {
            problems.add(
                ConfigException.at(
                    doc,
                    raws.get(a.path()).keyPath + ".when[" + i + "].if." + cond.getKey(),
                    problem));
          }
        }
      }
    }
  }

  /** Why {@code value} can never be a value of {@code a}, or null when it can. */
  private static String valueProblem(Attribute a, String value) {
    switch (a.type()) {
      case CATEGORICAL, BOOLEAN -> {
        if (!a.possibleValues().contains(value)) {
          return "'"
              + value
              + "' is not a value of "
              + a.path()
              + "; values: "
              + String.join(", ", a.possibleValues());
        }
        return null;
      }
      case INTEGER -> {
        try {
          Long.parseLong(value);
          return null;
        } catch (NumberFormatException e) {
          return "'" + value + "' is not a whole number, but " + a.path() + " is an integer";
        }
      }
      case NUMBER -> {
        try {
          Double.parseDouble(value);
          return null;
        } catch (NumberFormatException e) {
          return "'" + value + "' is not a number, but " + a.path() + " is a number";
        }
      }
      case NAME -> {
        return "conditions cannot test " + a.path() + ": names are drawn from a table, not tested";
      }
      default -> {
        return "conditions cannot test " + a.path() + ": text attributes have no drawn value";
      }
    }
  }

  private static List<Exclusion> exclusions(
      YamlDocument doc,
      List<Map<String, JsonNode>> never,
      Map<String, Attribute> byPath,
      List<ConfigException> problems) {
    List<Exclusion> out = new ArrayList<>();
    if (never == null) {
      return out;
    }
    for (int i = 0; i < never.size(); i++) {
      String key = "never[" + i + "]";
      Map<String, JsonNode> rule = never.get(i);
      if (rule == null || rule.size() < 2) {
        problems.add(
            ConfigException.at(
                doc,
                key,
                "an exclusion names at least two attributes, e.g. {demographics.age_band:"
                    + " \"18-24\", work.occupation: physician}"));
        continue;
      }
      Map<String, Set<String>> values = new LinkedHashMap<>();
      boolean bad = false;
      for (Map.Entry<String, JsonNode> e : rule.entrySet()) {
        String ruleKey = key + "." + e.getKey();
        Attribute a = byPath.get(e.getKey());
        if (a == null) {
          problems.add(
              ConfigException.at(
                  doc,
                  ruleKey,
                  "unknown attribute '"
                      + e.getKey()
                      + "' (write its full path, e.g. demographics.age_band)"));
          bad = true;
          continue;
        }
        if (a.type() != AttributeType.CATEGORICAL && a.type() != AttributeType.BOOLEAN) {
          problems.add(
              ConfigException.at(
                  doc,
                  ruleKey,
                  "exclusions name categorical or boolean attributes; "
                      + a.path()
                      + " is "
                      + a.type().name().toLowerCase(Locale.ROOT)));
          bad = true;
          continue;
        }
        Set<String> vs = new LinkedHashSet<>();
        JsonNode node = e.getValue();
        if (node != null && node.isArray()) {
          node.forEach(n -> vs.add(n.asText()));
        } else if (node != null && node.isValueNode() && !node.isNull()) {
          vs.add(node.asText());
        }
        if (vs.isEmpty()) {
          problems.add(
              ConfigException.at(doc, ruleKey, "give a value or a list of values to exclude"));
          bad = true;
          continue;
        }
        for (String v : vs) {
          String problem = valueProblem(a, v);
          if (problem != null) {
            problems.add(ConfigException.at(doc, ruleKey, problem));
            bad = true;
          }
        }
        values.put(a.path(), vs);
      }
      if (!bad) {
        out.add(new Exclusion(values, i));
      }
    }
    return out;
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
    CategorySpec cat;
    try {
      cat = doc.bind(node, keyPath, CategorySpec.class);
    } catch (ConfigException e) {
      problems.add(e);
      return;
    }
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
      YamlDocument doc,
      Raw raw,
      Map<String, Raw> raws,
      List<ConfigException> problems,
      Path tableDir) {
    AttributeSpec s = raw.spec;
    if (s.type() == null) {
      throw new IllegalArgumentException(
          "missing 'type'; one of: categorical, integer, number, boolean, text, name");
    }
    Phrasing phrasing = new Phrasing(s.phrase(), s.phrases());
    if (s.type() == AttributeType.NAME) {
      return new Attribute(
          raw.path,
          s.label(),
          s.type(),
          Boolean.TRUE.equals(s.core()),
          namesOf(doc, raw, raws, tableDir),
          List.of(),
          s.description(),
          s.source(),
          raw.line,
          phrasing,
          s.pronouns());
    }
    if (s.table() != null || s.given() != null) {
      throw new IllegalArgumentException("'table' and 'given' belong to attributes of type: name");
    }
    Domain domain =
        domainOf(
            s.type(),
            s.values(),
            s.min(),
            s.max(),
            new Spread(s.distribution(), s.mean(), s.sd(), s.bins()),
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
          // A 'when' entry keeps the attribute's distribution unless it names its own or moves
          // the range (bins and a mean written for the old range rarely fit a new one).
          boolean ownSpread =
              w.distribution() != null || w.mean() != null || w.sd() != null || w.bins() != null;
          boolean newRange = w.min() != null || w.max() != null;
          Spread spread =
              ownSpread
                  ? new Spread(w.distribution(), w.mean(), w.sd(), w.bins())
                  : newRange
                      ? new Spread(null, null, null, null)
                      : new Spread(s.distribution(), s.mean(), s.sd(), s.bins());
          Domain d =
              domainOf(
                  s.type(),
                  w.values(),
                  w.min() == null ? s.min() : w.min(),
                  w.max() == null ? s.max() : w.max(),
                  spread,
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
        raw.line,
        phrasing,
        s.pronouns());
  }

  /** The domain of a {@code type: name} attribute: its table and how each key is selected. */
  private static Domain.Names namesOf(
      YamlDocument doc, Raw raw, Map<String, Raw> raws, Path tableDir) {
    AttributeSpec s = raw.spec;
    if (s.values() != null || s.when() != null || s.min() != null || s.max() != null) {
      throw new IllegalArgumentException(
          "a name attribute takes 'table' and 'given', not values, ranges or 'when'");
    }
    if (s.table() == null || s.table().isBlank()) {
      throw new IllegalArgumentException(
          "a name attribute needs 'table': one of "
              + String.join(", ", NameTable.BUILTINS)
              + ", or a CSV file (key columns, name, weight) relative to the taxonomy file");
    }
    NameTable table;
    try {
      table = NameTable.load(s.table(), tableDir);
    } catch (ConfigException e) {
      throw ConfigException.at(doc, raw.keyPath + ".table", e.getMessage());
    }
    List<NameKey> given = new ArrayList<>();
    if (s.given() != null) {
      for (Map.Entry<String, JsonNode> g : s.given().entrySet()) {
        String key = raw.keyPath + ".given." + g.getKey();
        if (!table.keyColumns().contains(g.getKey())) {
          throw ConfigException.at(
              doc,
              key,
              "'"
                  + g.getKey()
                  + "' is not a key column of "
                  + table.ref()
                  + "; its key columns: "
                  + String.join(", ", table.keyColumns()));
        }
        JsonNode n = g.getValue();
        NameKey k;
        if (n != null && n.isTextual()) {
          k = new NameKey(g.getKey(), n.asText(), null, null);
        } else if (n != null && n.isObject()) {
          GivenSpec gs = doc.bind(n, key, GivenSpec.class);
          if (gs.attribute() == null) {
            throw ConfigException.at(doc, key, "give 'attribute': the full path it is read from");
          }
          k = new NameKey(g.getKey(), gs.attribute(), gs.values(), gs.ageIn());
        } else {
          throw ConfigException.at(
              doc,
              key,
              "give an attribute path, or {attribute: PATH, values: {value: key}} or {attribute:"
                  + " PATH, age_in: YEAR}");
        }
        Raw dep = raws.get(k.attribute());
        if (dep == null) {
          throw ConfigException.at(
              doc,
              key,
              "unknown attribute '"
                  + k.attribute()
                  + "' (write its full path, e.g. demographics.gender)");
        }
        AttributeType t = dep.spec.type();
        if (t != AttributeType.CATEGORICAL
            && t != AttributeType.BOOLEAN
            && t != AttributeType.INTEGER) {
          throw ConfigException.at(
              doc,
              key,
              "a name table key is read from a categorical, boolean or integer attribute");
        }
        if (k.ageIn() != null && t != AttributeType.INTEGER) {
          throw ConfigException.at(doc, key, "'age_in' needs an integer (age) attribute");
        }
        given.add(k);
      }
    }
    return new Domain.Names(table, given);
  }

  /** Pronoun sources and per-value phrases must name values the attribute can take. */
  private static void checkNamesAndPhrasing(
      YamlDocument doc,
      List<Attribute> attributes,
      Map<String, Attribute> byPath,
      Map<String, Raw> raws,
      List<ConfigException> problems) {
    String pronounSource = null;
    for (Attribute a : attributes) {
      String key = raws.get(a.path()).keyPath;
      if (!a.pronouns().isEmpty()) {
        if (a.type() != AttributeType.CATEGORICAL && a.type() != AttributeType.BOOLEAN) {
          problems.add(
              ConfigException.at(
                  doc, key + ".pronouns", "pronouns come from a categorical attribute"));
        } else if (pronounSource != null) {
          problems.add(
              ConfigException.at(
                  doc,
                  key + ".pronouns",
                  "only one attribute chooses pronouns; " + pronounSource + " already does"));
        }
        pronounSource = a.path();
        for (Map.Entry<String, String> e : a.pronouns().entrySet()) {
          String problem = valueProblem(a, e.getKey());
          if (problem != null) {
            problems.add(ConfigException.at(doc, key + ".pronouns." + e.getKey(), problem));
          } else if (!PRONOUNS.contains(e.getValue())) {
            problems.add(
                ConfigException.at(
                    doc,
                    key + ".pronouns." + e.getKey(),
                    "'" + e.getValue() + "' is not one of: " + String.join(", ", PRONOUNS)));
          }
        }
      }
      for (String v : a.phrasing().values().keySet()) {
        if (a.type() != AttributeType.CATEGORICAL && a.type() != AttributeType.BOOLEAN) {
          problems.add(
              ConfigException.at(
                  doc,
                  key + ".phrases",
                  "per-value phrases are for categorical and boolean attributes; use 'phrase'"));
          break;
        }
        String problem = valueProblem(a, v);
        if (problem != null) {
          problems.add(ConfigException.at(doc, key + ".phrases." + v, problem));
        }
      }
    }
  }

  /** The subject pronouns a pronoun source may map its values to. */
  private static final List<String> PRONOUNS = List.of("she", "he", "they");

  private static Domain domainOf(
      AttributeType type,
      Map<String, Double> values,
      Double min,
      Double max,
      Spread spread,
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
        yield new Domain.IntegerRange(min.longValue(), max.longValue(), spread.distribution());
      }
      case NUMBER -> {
        requireRange(min, max);
        yield new Domain.NumberRange(min, max, spread.distribution());
      }
      case BOOLEAN -> new Domain.Bool(pTrue == null ? 0.5 : pTrue);
      case TEXT -> new Domain.Text(hint != null ? hint : description == null ? "" : description);
      case NAME -> throw new IllegalStateException("name domains are built by namesOf");
    };
  }

  /** The distribution keys of an attribute or of one of its 'when' entries. */
  private record Spread(String name, Double mean, Double sd, List<BinSpec> bins) {
    Distribution distribution() {
      String n = name == null ? "uniform" : name;
      return switch (n) {
        case "uniform" -> {
          if (mean != null || sd != null || bins != null) {
            throw new IllegalArgumentException(
                "'mean', 'sd' and 'bins' need 'distribution: normal' or 'distribution: histogram'");
          }
          yield Distribution.UNIFORM;
        }
        case "normal" -> {
          if (mean == null || sd == null) {
            throw new IllegalArgumentException("'distribution: normal' needs 'mean' and 'sd'");
          }
          yield new Distribution.Normal(mean, sd);
        }
        case "histogram" -> {
          if (bins == null || bins.isEmpty()) {
            throw new IllegalArgumentException(
                "'distribution: histogram' needs 'bins': [{from, to, weight}, ...]");
          }
          List<Distribution.Bin> out = new ArrayList<>();
          for (BinSpec b : bins) {
            if (b.from() == null || b.to() == null || b.weight() == null) {
              throw new IllegalArgumentException("each bin needs 'from', 'to' and 'weight'");
            }
            out.add(new Distribution.Bin(b.from(), b.to(), b.weight()));
          }
          yield new Distribution.Histogram(out);
        }
        default ->
            throw new IllegalArgumentException(
                "unknown distribution '" + n + "'; one of: uniform, normal, histogram");
      };
    }
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
      String key = new TreeSet<>(cycle).toString();
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
    for (String dep : a.dependencies()) {
      Attribute d = byPath.get(dep);
      if (d != null && d != a) { // self-dependence is reported on its own
        visit(doc, d, byPath, raws, done, stack, out, problems, reportedCycles);
      }
    }
    stack.remove(stack.size() - 1);
    if (done.add(a.path())) {
      out.add(a);
    }
  }

  private record Raw(String path, String keyPath, AttributeSpec spec, int line) {}

  record FileSpec(
      String name,
      String description,
      List<String> sources,
      Map<String, JsonNode> categories,
      List<Map<String, JsonNode>> never) {}

  record BinSpec(Double from, Double to, Double weight) {}

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
      String distribution,
      Double mean,
      Double sd,
      List<BinSpec> bins,
      List<WhenSpec> when,
      String source,
      String table,
      LinkedHashMap<String, JsonNode> given,
      String phrase,
      LinkedHashMap<String, String> phrases,
      LinkedHashMap<String, String> pronouns) {}

  record GivenSpec(String attribute, LinkedHashMap<String, String> values, Integer ageIn) {}

  record WhenSpec(
      @JsonProperty("if") LinkedHashMap<String, String> condition,
      LinkedHashMap<String, Double> values,
      Double min,
      Double max,
      Double pTrue,
      String distribution,
      Double mean,
      Double sd,
      List<BinSpec> bins) {}
}
