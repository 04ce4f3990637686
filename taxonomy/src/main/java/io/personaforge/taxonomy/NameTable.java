package io.personaforge.taxonomy;

import io.personaforge.schemas.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A frequency table of names keyed by a few columns, e.g. first names by sex and birth decade or
 * surnames by race/ethnicity. Read from CSV: {@code #} lines are comments, the header names the key
 * columns followed by {@code name,weight}; every row gives one name's weight in one key cell.
 *
 * <p>Drawing takes one value per key column; a value the table does not know, or {@link #ANY},
 * pools that column (the name's weights summed over it), so an unexpected value (a gender the table
 * has no column for, a birth decade before it starts) still draws from real frequencies. Immutable
 * and thread-safe; a built-in table serializes as its name only.
 */
public final class NameTable implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A key value that pools its column. */
  public static final String ANY = "*";

  /** Prefix of the tables shipped with the tool. */
  public static final String BUILTIN_PREFIX = "builtin:";

  /** The tables shipped with the tool. */
  public static final List<String> BUILTINS =
      List.of("builtin:us-first-names", "builtin:us-surnames");

  private static final Map<String, NameTable> BUILTIN_CACHE = new ConcurrentHashMap<>();

  private final String ref;
  private final String text;
  private final transient List<String> keyColumns;
  private final transient List<Set<String>> keyValues;
  private final transient String[] names;
  private final transient Map<String, Cell> cells;

  private NameTable(String ref, String text) {
    this.ref = ref;
    this.text = text;
    List<String> columns = null;
    List<Set<String>> values = new ArrayList<>();
    Map<String, Integer> nameCodes = new LinkedHashMap<>();
    Map<String, Map<Integer, Double>> sums = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int ln = 0; ln < lines.length; ln++) {
      String line = lines[ln].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] cols = line.split(",", -1);
      if (columns == null) {
        columns = header(cols, ln + 1);
        for (int k = 0; k < columns.size(); k++) {
          values.add(new LinkedHashSet<>());
        }
        continue;
      }
      if (cols.length != columns.size() + 2) {
        throw problem(
            ln + 1,
            "expected "
                + (columns.size() + 2)
                + " comma-separated columns ("
                + String.join(",", columns)
                + ",name,weight), got "
                + cols.length);
      }
      String name = cols[cols.length - 2].strip();
      double weight;
      try {
        weight = Double.parseDouble(cols[cols.length - 1].strip());
      } catch (NumberFormatException e) {
        throw problem(ln + 1, "weight '" + cols[cols.length - 1] + "' is not a number");
      }
      if (name.isEmpty() || !(weight >= 0) || Double.isInfinite(weight)) {
        throw problem(ln + 1, "each row needs a name and a finite weight >= 0");
      }
      int code = nameCodes.computeIfAbsent(name, n -> nameCodes.size());
      String[] key = new String[columns.size()];
      for (int k = 0; k < key.length; k++) {
        key[k] = cols[k].strip();
        values.get(k).add(key[k]);
      }
      // Every pooled variant of the key gets the weight too: 2^k cells for k key columns.
      for (int mask = 0; mask < (1 << key.length); mask++) {
        String[] pooled = key.clone();
        for (int k = 0; k < key.length; k++) {
          if ((mask & (1 << k)) != 0) {
            pooled[k] = ANY;
          }
        }
        sums.computeIfAbsent(String.join("\u0001", pooled), x -> new LinkedHashMap<>())
            .merge(code, weight, Double::sum);
      }
    }
    if (columns == null || nameCodes.isEmpty()) {
      throw problem(0, "the name table has no rows; write a header (key columns, name, weight)");
    }
    this.keyColumns = List.copyOf(columns);
    this.keyValues = values.stream().map(s -> Set.copyOf(s)).toList();
    this.names = nameCodes.keySet().toArray(new String[0]);
    Map<String, Cell> c = new HashMap<>();
    for (Map.Entry<String, Map<Integer, Double>> e : sums.entrySet()) {
      Cell cell = Cell.of(e.getValue());
      if (cell != null) {
        c.put(e.getKey(), cell);
      }
    }
    if (!c.containsKey(String.join("\u0001", Collections.nCopies(columns.size(), ANY)))) {
      throw problem(0, "every weight in the name table is 0");
    }
    this.cells = c;
  }

  private List<String> header(String[] cols, int line) {
    if (cols.length < 2
        || !cols[cols.length - 2].strip().equals("name")
        || !cols[cols.length - 1].strip().equals("weight")) {
      throw problem(
          line,
          "the header must name the key columns, then 'name,weight' (e.g."
              + " sex,birth_decade,name,weight)");
    }
    List<String> out = new ArrayList<>();
    for (int k = 0; k < cols.length - 2; k++) {
      String c = cols[k].strip();
      if (!c.matches("[a-z0-9_]+") || out.contains(c)) {
        throw problem(
            line, "key column '" + c + "' must be unique lower-case letters, digits, '_'");
      }
      out.add(c);
    }
    return out;
  }

  private ConfigException problem(int line, String message) {
    return new ConfigException(ref, line, line == 0 ? 0 : 1, "", message);
  }

  /** Parses CSV text; {@code ref} names the table in messages and provenance. */
  public static NameTable parse(String ref, String csv) {
    return new NameTable(ref, csv);
  }

  /**
   * A built-in table ({@code builtin:us-first-names}) or a CSV file, resolved against {@code
   * baseDir} when relative. Built-in tables are read once per JVM.
   *
   * @throws ConfigException for an unknown built-in, an unreadable file or a malformed table
   */
  public static NameTable load(String ref, Path baseDir) {
    if (ref.startsWith(BUILTIN_PREFIX)) {
      return builtin(ref);
    }
    Path file = baseDir == null ? Path.of(ref) : baseDir.resolve(ref);
    try {
      return new NameTable(ref, Files.readString(file));
    } catch (IOException e) {
      throw new ConfigException(
          ref,
          0,
          0,
          "",
          "cannot read the name table "
              + file.toAbsolutePath()
              + " ("
              + e.getClass().getSimpleName()
              + "); give a CSV path relative to the taxonomy file or one of "
              + String.join(", ", BUILTINS));
    }
  }

  private static NameTable builtin(String ref) {
    return BUILTIN_CACHE.computeIfAbsent(
        ref,
        r -> {
          String resource = "names/" + r.substring(BUILTIN_PREFIX.length()) + ".csv";
          try (InputStream in = NameTable.class.getResourceAsStream(resource)) {
            if (in == null) {
              throw new ConfigException(
                  r,
                  0,
                  0,
                  "",
                  "unknown built-in name table '"
                      + r
                      + "'; available: "
                      + String.join(", ", BUILTINS));
            }
            return new NameTable(r, new String(in.readAllBytes(), StandardCharsets.UTF_8));
          } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in name table " + r, e);
          }
        });
  }

  public String ref() {
    return ref;
  }

  /** The key columns, in header order. */
  public List<String> keyColumns() {
    return keyColumns;
  }

  /** The values column {@code k} takes in the table. */
  public Set<String> keyValues(int k) {
    return keyValues.get(k);
  }

  /** Every distinct name, in order of first appearance (a name's code is its index). */
  public int size() {
    return names.length;
  }

  /** The name with code {@code code}. */
  public String name(int code) {
    return names[code];
  }

  /**
   * Draws a name code for {@code key} (one value per key column; unknown values and {@link #ANY}
   * pool their column) from the uniform number {@code u} in [0, 1).
   */
  public int draw(String[] key, double u) {
    return cell(key).draw(u);
  }

  /** The normalised weights of every name in the cell of {@code key} (name → probability). */
  public Map<String, Double> distribution(String... key) {
    Cell c = cell(key);
    Map<String, Double> out = new LinkedHashMap<>();
    double prev = 0;
    for (int i = 0; i < c.codes.length; i++) {
      out.put(names[c.codes[i]], c.cum[i] - prev);
      prev = c.cum[i];
    }
    return out;
  }

  private Cell cell(String[] key) {
    if (key.length != keyColumns.size()) {
      throw new IllegalArgumentException(
          "name table " + ref + " has key columns " + keyColumns + ", got " + Arrays.toString(key));
    }
    String[] k = new String[key.length];
    for (int i = 0; i < k.length; i++) {
      k[i] = key[i] != null && keyValues.get(i).contains(key[i]) ? key[i] : ANY;
    }
    Cell c = cells.get(String.join("\u0001", k));
    if (c != null) {
      return c;
    }
    // A combination the table never lists (e.g. a decade one sex lacks): pool column by column
    // from the last, keeping as much of the key as the table knows.
    for (int i = k.length - 1; i >= 0; i--) {
      k[i] = ANY;
      c = cells.get(String.join("\u0001", k));
      if (c != null) {
        return c;
      }
    }
    throw new IllegalStateException("unreachable: the fully pooled cell always exists");
  }

  private Object writeReplace() throws ObjectStreamException {
    return new Form(ref, ref.startsWith(BUILTIN_PREFIX) ? null : text);
  }

  /** What travels: a built-in's name, or a user table's text (workers may not see the file). */
  private record Form(String ref, String text) implements Serializable {
    private Object readResolve() throws ObjectStreamException {
      return text == null ? builtin(ref) : new NameTable(ref, text);
    }
  }

  /** One key cell: name codes by descending weight with their cumulative probabilities. */
  private record Cell(int[] codes, double[] cum) {
    static Cell of(Map<Integer, Double> weights) {
      List<Map.Entry<Integer, Double>> es = new ArrayList<>(weights.entrySet());
      es.removeIf(e -> !(e.getValue() > 0));
      if (es.isEmpty()) {
        return null;
      }
      // Descending weight, ties by code: a fixed order, so draws are reproducible.
      es.sort(
          (a, b) ->
              a.getValue().equals(b.getValue())
                  ? Integer.compare(a.getKey(), b.getKey())
                  : Double.compare(b.getValue(), a.getValue()));
      double total = 0;
      for (Map.Entry<Integer, Double> e : es) {
        total += e.getValue();
      }
      int[] codes = new int[es.size()];
      double[] cum = new double[es.size()];
      double run = 0;
      for (int i = 0; i < codes.length; i++) {
        codes[i] = es.get(i).getKey();
        run += es.get(i).getValue() / total;
        cum[i] = run;
      }
      cum[cum.length - 1] = 1;
      return new Cell(codes, cum);
    }

    int draw(double u) {
      return codes[Distribution.firstAbove(cum, u)];
    }
  }
}
