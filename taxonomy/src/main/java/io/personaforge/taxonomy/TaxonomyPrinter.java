package io.personaforge.taxonomy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a taxonomy as a plain-text tree for {@code personaforge taxonomy show NAME|FILE}: every
 * category with the number of leaf attributes beneath it, every attribute with its type, domain
 * size, conditional count and whether it is core. The output is deterministic (categories in file
 * order, attributes in file order within a category).
 */
public final class TaxonomyPrinter {
  private TaxonomyPrinter() {}

  /** The tree, ending with a newline. */
  public static String render(Taxonomy taxonomy) {
    Node root = new Node("");
    for (Attribute a : byLine(taxonomy.attributes())) {
      Node n = root;
      for (String seg : a.category().split("\\.")) {
        n = n.children.computeIfAbsent(seg, Node::new);
      }
      n.attributes.add(a);
    }
    long core = taxonomy.attributes().stream().filter(Attribute::core).count();
    StringBuilder sb = new StringBuilder();
    sb.append(taxonomy.name())
        .append(": ")
        .append(taxonomy.attributes().size())
        .append(" attributes in ")
        .append(root.children.size())
        .append(" top-level categories (")
        .append(root.categoryCount() - 1)
        .append(" categories in all), ")
        .append(core)
        .append(" core, ")
        .append(taxonomy.exclusions().size())
        .append(" exclusions\n");
    for (Node child : root.children.values()) {
      child.print(sb, 0);
    }
    return sb.toString();
  }

  private static List<Attribute> byLine(List<Attribute> attributes) {
    List<Attribute> out = new ArrayList<>(attributes);
    out.sort(Comparator.comparingInt(Attribute::line));
    return out;
  }

  /** One line describing the attribute's domain: "categorical, 7 values". */
  public static String describe(Attribute a) {
    StringBuilder sb = new StringBuilder(a.type().name().toLowerCase(Locale.ROOT));
    Domain d = a.domain();
    if (d instanceof Domain.Categorical) {
      sb.append(", ").append(a.possibleValues().size()).append(" values");
    } else if (d instanceof Domain.IntegerRange r) {
      sb.append(' ').append(r.min()).append("..").append(r.max());
      sb.append(' ').append(distribution(r.distribution()));
    } else if (d instanceof Domain.NumberRange r) {
      sb.append(' ').append(r.min()).append("..").append(r.max());
      sb.append(' ').append(distribution(r.distribution()));
    } else if (d instanceof Domain.Bool b) {
      sb.append(String.format(Locale.ROOT, ", p(true)=%.3f", b.pTrue()));
    } else if (d instanceof Domain.Names n) {
      sb.append(" from ").append(n.table().ref());
      if (!n.given().isEmpty()) {
        sb.append(" by ")
            .append(String.join(" x ", n.given().stream().map(NameKey::column).toList()));
      }
    }
    if (!a.conditionals().isEmpty()) {
      sb.append(", ").append(a.conditionals().size()).append(" conditional");
      sb.append(a.conditionals().size() == 1 ? "" : "s");
    }
    if (a.core()) {
      sb.append(", core");
    }
    return sb.toString();
  }

  private static String distribution(Distribution d) {
    if (d instanceof Distribution.Normal n) {
      return String.format(Locale.ROOT, "normal(mean %.4g, sd %.4g)", n.mean(), n.sd());
    } else if (d instanceof Distribution.Histogram h) {
      return "histogram(" + h.bins().size() + " bins)";
    }
    return "uniform";
  }

  private static final class Node {
    final String name;
    final Map<String, Node> children = new LinkedHashMap<>();
    final List<Attribute> attributes = new ArrayList<>();

    Node(String name) {
      this.name = name;
    }

    int leafCount() {
      int n = attributes.size();
      for (Node c : children.values()) {
        n += c.leafCount();
      }
      return n;
    }

    int categoryCount() {
      int n = 1;
      for (Node c : children.values()) {
        n += c.categoryCount();
      }
      return n;
    }

    void print(StringBuilder sb, int depth) {
      String indent = "  ".repeat(depth);
      int leaves = leafCount();
      sb.append(indent)
          .append(name)
          .append("/ (")
          .append(leaves)
          .append(leaves == 1 ? " attribute)" : " attributes)")
          .append('\n');
      for (Attribute a : attributes) {
        sb.append(indent).append("  ").append(a.name()).append(": ").append(describe(a));
        sb.append('\n');
      }
      for (Node c : children.values()) {
        c.print(sb, depth + 1);
      }
    }
  }

  /** Number of leaf attributes under each top-level category, sorted by category name. */
  public static Map<String, Integer> countsByTopCategory(Taxonomy t) {
    Map<String, Integer> out = new TreeMap<>();
    for (Attribute a : t.attributes()) {
      String top = a.path().substring(0, a.path().indexOf('.'));
      out.merge(top, 1, Integer::sum);
    }
    return out;
  }
}
