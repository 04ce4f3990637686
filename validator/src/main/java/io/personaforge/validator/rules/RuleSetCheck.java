package io.personaforge.validator.rules;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import io.personaforge.schemas.config.ConfigException;
import io.personaforge.taxonomy.Attribute;
import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.AttributeType;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.validator.Check;
import io.personaforge.validator.RuleSpec;
import io.personaforge.validator.Subject;
import io.personaforge.validator.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates a list of CEL rules over one persona at a time, building the persona's variables once
 * for all rules.
 *
 * <p>Semantics: a rule is skipped for a persona that lacks any attribute (or generated field) it
 * reads; otherwise it is violated when {@code when} (absent = true) holds and {@code require} does
 * not. An attribute whose value cannot be read as its declared type (an empty integer) counts as
 * lacking.
 *
 * <p>Serializable (for Beam DoFns): only the rule texts and the taxonomy's attribute types are
 * serialized; the CEL programs are compiled when the check is built and again, lazily, after
 * deserialization. Thread-safe.
 */
public final class RuleSetCheck implements Check {
  private static final long serialVersionUID = 1L;

  /** {@code {demographics.age}} in a message inserts the persona's value. */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9_.]+)\\}");

  private final List<RuleSpec> rules;
  private final List<String> keyPaths;
  private final Map<String, AttributeType> types;
  private final Set<String> core;
  private transient volatile Compiled compiled;

  /**
   * Compiles {@code rules} against {@code taxonomy}.
   *
   * @param keyPaths where each rule sits in its file ({@code validation.rules[2]}), for messages
   * @throws ConfigException for the first rule that does not compile, at {@code
   *     KEYPATH.when|require|message}
   */
  public RuleSetCheck(List<RuleSpec> rules, List<String> keyPaths, Taxonomy taxonomy) {
    if (rules.size() != keyPaths.size()) {
      throw new IllegalArgumentException("rules and keyPaths differ in length");
    }
    this.rules = List.copyOf(rules);
    this.keyPaths = List.copyOf(keyPaths);
    Map<String, AttributeType> t = new LinkedHashMap<>();
    for (Attribute a : taxonomy.attributes()) {
      t.put(a.path(), a.type());
    }
    this.types = Map.copyOf(t);
    this.core =
        Set.copyOf(
            taxonomy.attributes().stream().filter(Attribute::core).map(Attribute::path).toList());
    this.compiled = compile();
  }

  @Override
  public String name() {
    return "rules";
  }

  /** The rules, in evaluation order. */
  public List<RuleSpec> rules() {
    return rules;
  }

  /** The rule names, as they appear in violations. */
  public List<String> ruleNames() {
    return rules.stream().map(RuleSpec::name).toList();
  }

  @Override
  public List<Violation> check(Subject s) {
    Compiled c = compiled();
    Map<String, Object> vars = new HashMap<>(c.readAttrs.size() * 2 + 4);
    AttributeSet attrs = s.attributes();
    for (Map.Entry<String, AttributeType> e : c.readAttrs.entrySet()) {
      Object v = typed(e.getValue(), attrs.get(e.getKey()));
      if (v != null) {
        vars.put(c.varNames.get(e.getKey()), v);
      }
    }
    vars.put(RuleCompiler.NARRATIVE, s.narrative());
    vars.put(RuleCompiler.FIELDS, s.fields());
    CelVariableResolver resolver = name -> Optional.ofNullable(vars.get(name));
    // The usual case: every rule over core attributes applies, and one evaluation of the combined
    // program answers them all (a CEL evaluation has a fixed cost of about a microsecond).
    List<?> combined = null;
    if (c.combined != null && applies(c.combinedReads, vars, s.fields())) {
      combined = evalCombined(c.combined, resolver);
    }
    List<Violation> out = null;
    for (CompiledRule r : c.rules) {
      boolean violated;
      if (combined != null && r.groupIndex >= 0) {
        violated = (Boolean) combined.get(r.groupIndex);
      } else {
        if (!applies(r.reads, vars, s.fields())) {
          continue;
        }
        if (r.when != null && !eval(r, r.when, resolver)) {
          continue;
        }
        violated = !eval(r, r.require, resolver);
      }
      if (violated) {
        if (out == null) {
          out = new ArrayList<>(2);
        }
        out.add(new Violation(r.spec.name(), r.spec.severity(), r.render(attrs)));
      }
    }
    return out == null ? List.of() : out;
  }

  private static boolean applies(Reads r, Map<String, Object> vars, Map<String, String> f) {
    for (String v : r.vars) {
      if (!vars.containsKey(v)) {
        return false;
      }
    }
    for (String name : r.fields) {
      if (!f.containsKey(name)) {
        return false;
      }
    }
    return true;
  }

  private static List<?> evalCombined(CelRuntime.Program p, CelVariableResolver vars) {
    try {
      return (List<?>) p.eval(vars);
    } catch (CelEvaluationException e) {
      throw new IllegalStateException("a rule failed to evaluate: " + e.getMessage(), e);
    }
  }

  private static boolean eval(CompiledRule r, CelRuntime.Program p, CelVariableResolver vars) {
    Object result;
    try {
      result = p.eval(vars);
    } catch (CelEvaluationException e) {
      // A bug in a rule (division by zero, a bad regex): fail loudly rather than accept or reject
      // personas on a rule nobody can trust.
      throw new IllegalStateException(
          "rule '" + r.spec.name() + "' failed to evaluate: " + e.getMessage(), e);
    }
    if (result instanceof Boolean b) {
      return b;
    }
    throw new IllegalStateException(
        "rule '" + r.spec.name() + "' gave " + result + " instead of true or false");
  }

  static Object typed(AttributeType type, String value) {
    if (value == null) {
      return null;
    }
    try {
      return switch (type) {
        case INTEGER -> Long.parseLong(value.trim());
        case NUMBER -> Double.parseDouble(value.trim());
        case BOOLEAN -> "true".equals(value) ? Boolean.TRUE : "false".equals(value) ? false : null;
        default -> value;
      };
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private Compiled compiled() {
    Compiled c = compiled;
    if (c == null) {
      synchronized (this) {
        c = compiled;
        if (c == null) {
          c = compile();
          compiled = c;
        }
      }
    }
    return c;
  }

  private Compiled compile() {
    RuleCompiler compiler = new RuleCompiler(types);
    List<CompiledRule> out = new ArrayList<>();
    Map<String, AttributeType> readAttrs = new LinkedHashMap<>();
    Map<String, String> varNames = new HashMap<>();
    List<Set<String>> groupAttrs = new ArrayList<>();
    Set<String> groupFields = new LinkedHashSet<>();
    StringBuilder combinedSource = new StringBuilder();
    for (int i = 0; i < rules.size(); i++) {
      RuleSpec spec = rules.get(i);
      String base = keyPaths.get(i);
      Set<String> attrPaths = new LinkedHashSet<>();
      Set<String> fields = new LinkedHashSet<>();
      CelRuntime.Program when = null;
      if (spec.when() != null) {
        RuleCompiler.Compiled w = compiler.compile(spec.when(), base + ".when");
        when = w.program();
        attrPaths.addAll(w.attrPaths());
        fields.addAll(w.fieldNames());
      }
      RuleCompiler.Compiled req = compiler.compile(spec.require(), base + ".require");
      attrPaths.addAll(req.attrPaths());
      fields.addAll(req.fieldNames());
      List<Object> message = parseMessage(spec.message(), base + ".message");
      for (String p : attrPaths) {
        readAttrs.put(p, types.get(p));
        varNames.put(p, RuleCompiler.ATTR + "." + p);
      }
      boolean inGroup = core.containsAll(attrPaths);
      out.add(
          new CompiledRule(
              spec,
              when,
              req.program(),
              new Reads(
                  attrPaths.stream().map(p -> RuleCompiler.ATTR + "." + p).toArray(String[]::new),
                  fields.toArray(String[]::new)),
              inGroup ? groupAttrs.size() : -1,
              message));
      if (inGroup) {
        groupAttrs.add(attrPaths);
        groupFields.addAll(fields);
        // Newlines end any '//' comment in the rule's text; the ternary keeps 'when' lazy.
        String term =
            spec.when() == null
                ? "!(\n" + spec.require() + "\n)"
                : "(\n" + spec.when() + "\n) ? !(\n" + spec.require() + "\n) : false";
        combinedSource.append(groupAttrs.size() == 1 ? "" : ",\n").append(term);
      }
    }
    CelRuntime.Program combined = null;
    Reads combinedReads = null;
    if (groupAttrs.size() > 1) {
      combined = compiler.compileTrusted("[\n" + combinedSource + "\n]");
      Set<String> allVars = new LinkedHashSet<>();
      groupAttrs.forEach(g -> g.forEach(p -> allVars.add(RuleCompiler.ATTR + "." + p)));
      combinedReads = new Reads(allVars.toArray(String[]::new), groupFields.toArray(String[]::new));
    } else {
      // A single rule gains nothing from a combined program.
      for (int i = 0; i < out.size(); i++) {
        CompiledRule r = out.get(i);
        out.set(i, new CompiledRule(r.spec, r.when, r.require, r.reads, -1, r.message));
      }
    }
    return new Compiled(List.copyOf(out), readAttrs, varNames, combined, combinedReads);
  }

  /** Literal text (String) and attribute placeholders (Placeholder), in order. */
  private List<Object> parseMessage(String message, String keyPath) {
    List<Object> parts = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(message);
    int last = 0;
    while (m.find()) {
      String path = m.group(1);
      if (!types.containsKey(path)) {
        throw ConfigException.of(
            keyPath,
            "'{"
                + path
                + "}' names no attribute of the taxonomy; placeholders are attribute paths such"
                + " as {demographics.age}");
      }
      parts.add(message.substring(last, m.start()));
      parts.add(new Placeholder(path));
      last = m.end();
    }
    parts.add(message.substring(last));
    return List.copyOf(parts);
  }

  private record Placeholder(String path) {}

  /**
   * @param combined one program giving, for every rule over core attributes only, whether it is
   *     violated (a list of booleans in group order); null when fewer than two such rules
   */
  private record Compiled(
      List<CompiledRule> rules,
      Map<String, AttributeType> readAttrs,
      Map<String, String> varNames,
      CelRuntime.Program combined,
      Reads combinedReads) {}

  /** The variables ({@code attr.x.y}) and fields a rule reads; it is skipped when one is absent. */
  private record Reads(String[] vars, String[] fields) {}

  private record CompiledRule(
      RuleSpec spec,
      CelRuntime.Program when,
      CelRuntime.Program require,
      Reads reads,
      int groupIndex,
      List<Object> message) {
    String render(AttributeSet attrs) {
      if (message.size() == 1) {
        return (String) message.get(0);
      }
      StringBuilder sb = new StringBuilder();
      for (Object part : message) {
        if (part instanceof Placeholder p) {
          String v = attrs.get(p.path());
          sb.append(v == null ? "(unknown)" : v);
        } else {
          sb.append((String) part);
        }
      }
      return sb.toString();
    }
  }
}
