package io.personaforge.validator.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelSource;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.personaforge.schemas.config.ConfigException;
import io.personaforge.taxonomy.AttributeType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles rule expressions with CEL against one taxonomy. Every taxonomy attribute is declared as
 * a typed variable named by its path ({@code attr.demographics.age}: integer → int, number →
 * double, boolean → bool, else string), so unknown attributes, type mismatches and syntax errors
 * are all found here, at load, with the column inside the expression. Not serializable (CEL objects
 * are not); thread-safe once built.
 */
final class RuleCompiler {
  /** The variable prefix for attributes in expressions. */
  static final String ATTR = "attr";

  static final String FIELDS = "fields";
  static final String NARRATIVE = "narrative";

  /** Lets {@code attr.demographics.age < 16.5} compare an int with a double. */
  static final CelOptions OPTIONS =
      CelOptions.current().enableHeterogeneousNumericComparisons(true).build();

  private final Map<String, AttributeType> types;
  private final CelCompiler compiler;
  private final CelRuntime runtime;

  RuleCompiler(Map<String, AttributeType> types) {
    this.types = types;
    CelCompilerBuilder b =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar(FIELDS, MapType.create(SimpleType.STRING, SimpleType.STRING))
            .addVar(NARRATIVE, SimpleType.STRING);
    for (Map.Entry<String, AttributeType> e : types.entrySet()) {
      b.addVar(ATTR + "." + e.getKey(), celType(e.getValue()));
    }
    this.compiler = b.build();
    this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();
  }

  static CelType celType(AttributeType t) {
    return switch (t) {
      case INTEGER -> SimpleType.INT;
      case NUMBER -> SimpleType.DOUBLE;
      case BOOLEAN -> SimpleType.BOOL;
      default -> SimpleType.STRING;
    };
  }

  /** A compiled boolean expression and the attributes and fields it reads. */
  record Compiled(CelRuntime.Program program, Set<String> attrPaths, Set<String> fieldNames) {}

  /**
   * Compiles {@code expression}, found at {@code keyPath} (e.g. {@code
   * validation.rules[2].require}); any problem is a {@link ConfigException} at that key path.
   */
  Compiled compile(String expression, String keyPath) {
    CelAbstractSyntaxTree parsed;
    try {
      parsed = compiler.parse(expression).getAst();
    } catch (CelValidationException e) {
      throw celError(expression, keyPath, e);
    }
    Set<String> attrPaths = new LinkedHashSet<>();
    Set<String> fieldNames = new LinkedHashSet<>();
    collectReferences(parsed, expression, keyPath, attrPaths, fieldNames);
    CelAbstractSyntaxTree checked;
    try {
      checked = compiler.check(parsed).getAst();
    } catch (CelValidationException e) {
      throw celError(expression, keyPath, e);
    }
    if (!SimpleType.BOOL.equals(checked.getResultType())) {
      throw ConfigException.of(
          keyPath,
          "'"
              + expression
              + "' must give true or false, but it gives "
              + checked.getResultType().name());
    }
    try {
      return new Compiled(runtime.createProgram(checked), attrPaths, fieldNames);
    } catch (CelEvaluationException e) {
      throw ConfigException.of(keyPath, "cannot plan '" + expression + "': " + e.getMessage());
    }
  }

  /**
   * Compiles an expression already known to be valid (built from compiled rules), giving any result
   * type.
   */
  CelRuntime.Program compileTrusted(String expression) {
    try {
      return runtime.createProgram(compiler.compile(expression).getAst());
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalStateException("cannot compile the combined rules: " + e.getMessage(), e);
    }
  }

  /**
   * Finds every {@code attr.a.b} chain and {@code fields.x} access; checks attribute paths against
   * the taxonomy with messages better than CEL's "undeclared reference".
   */
  private void collectReferences(
      CelAbstractSyntaxTree ast,
      String expression,
      String keyPath,
      Set<String> attrPaths,
      Set<String> fieldNames) {
    List<CelNavigableExpr> idents =
        CelNavigableAst.fromAst(ast)
            .getRoot()
            .allNodes()
            .filter(n -> n.expr().getKind() == CelExpr.ExprKind.Kind.IDENT)
            .toList();
    for (CelNavigableExpr ident : idents) {
      String name = ident.expr().ident().name();
      if (!name.equals(ATTR) && !name.equals(FIELDS)) {
        continue;
      }
      List<String> parts = new ArrayList<>();
      boolean testOnly = false;
      CelNavigableExpr at = ident;
      Optional<CelNavigableExpr> parent = at.parent();
      while (parent.isPresent()
          && parent.get().expr().getKind() == CelExpr.ExprKind.Kind.SELECT
          && parent.get().expr().select().operand().id() == at.expr().id()) {
        parts.add(parent.get().expr().select().field());
        testOnly |= parent.get().expr().select().testOnly();
        at = parent.get();
        parent = at.parent();
      }
      String where = where(ast.getSource(), ident.expr().id());
      if (name.equals(FIELDS)) {
        if (!parts.isEmpty()) {
          fieldNames.add(parts.get(0));
        }
        continue;
      }
      String path = String.join(".", parts);
      if (testOnly) {
        throw ConfigException.of(
            keyPath,
            "has() does not apply to attributes ("
                + where
                + "): a rule is already skipped for personas that lack an attribute it reads");
      }
      checkPath(path, expression, keyPath, where);
      attrPaths.add(path);
    }
  }

  private void checkPath(String path, String expression, String keyPath, String where) {
    if (types.containsKey(path)) {
      return;
    }
    if (path.isEmpty()) {
      throw ConfigException.of(
          keyPath,
          "'attr' must be followed by an attribute path such as attr.demographics.age ("
              + where
              + " of '"
              + expression
              + "')");
    }
    List<String> below =
        types.keySet().stream().filter(p -> p.startsWith(path + ".")).limit(5).toList();
    if (!below.isEmpty()) {
      throw ConfigException.of(
          keyPath,
          "attr."
              + path
              + " ("
              + where
              + ") is a category, not an attribute; name one of its attributes, e.g. attr."
              + String.join(", attr.", below));
    }
    for (String leaf : types.keySet()) {
      if (path.startsWith(leaf + ".")) {
        throw ConfigException.of(
            keyPath,
            "attr."
                + leaf
                + " is a value and has no field '"
                + path.substring(leaf.length() + 1)
                + "' ("
                + where
                + ")");
      }
    }
    String hint = closest(path);
    throw ConfigException.of(
        keyPath,
        "unknown attribute 'attr."
            + path
            + "' ("
            + where
            + " of '"
            + expression
            + "'); the taxonomy has no attribute "
            + path
            + (hint == null ? "" : "; did you mean attr." + hint + "?"));
  }

  private String closest(String path) {
    // A shortened name (clinical.hba1c for clinical.hba1c_band) is too far for the edit distance
    // below but plainly meant: the shortest attribute that extends it wins.
    String extended = null;
    for (String p : types.keySet()) {
      if (p.startsWith(path) && (extended == null || p.length() < extended.length())) {
        extended = p;
      }
    }
    if (extended != null) {
      return extended;
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String p : types.keySet()) {
      int d = levenshtein(path, p);
      if (d < bestDistance) {
        bestDistance = d;
        best = p;
      }
    }
    return bestDistance <= Math.max(2, path.length() / 4) ? best : null;
  }

  private static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String where(CelSource source, long exprId) {
    Integer offset = source.getPositionsMap().get(exprId);
    if (offset == null) {
      return "in the expression";
    }
    Optional<CelSourceLocation> loc = source.getOffsetLocation(offset);
    if (loc.isPresent() && loc.get().getLine() > 1) {
      return "line " + loc.get().getLine() + ", column " + (loc.get().getColumn() + 1);
    }
    return "column " + (offset + 1);
  }

  private static ConfigException celError(
      String expression, String keyPath, CelValidationException e) {
    CelIssue issue = e.getErrors().isEmpty() ? null : e.getErrors().get(0);
    if (issue == null) {
      return ConfigException.of(keyPath, "cannot compile '" + expression + "': " + e.getMessage());
    }
    CelSourceLocation loc = issue.getSourceLocation();
    String where =
        loc.getLine() > 1
            ? "line " + loc.getLine() + ", column " + (loc.getColumn() + 1)
            : "column " + (loc.getColumn() + 1);
    return ConfigException.of(
        keyPath, "cannot compile '" + expression + "' at " + where + ": " + issue.getMessage());
  }
}
