package io.personaforge.schemas.config;

/**
 * A problem in a user's file, reported the way a compiler would: {@code run.yaml:14:5
 * quotas[1].shares: shares sum to 0.93, they must sum to 1 (±0.001)}. The command line prints the
 * message alone (no stack trace) and exits with code 2.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;
  private final String keyPath;
  private final String problem;

  /**
   * @param file the file's name as the user gave it (never null; "" when there is no file)
   * @param line 1-based line, or 0 when unknown
   * @param column 1-based column, or 0 when unknown
   * @param keyPath key path inside the file, e.g. {@code quotas[1].shares}, or "" for the whole
   *     file
   * @param problem what is wrong and what to do about it
   */
  public ConfigException(String file, int line, int column, String keyPath, String problem) {
    this(file, line, column, keyPath, problem, null);
  }

  public ConfigException(
      String file, int line, int column, String keyPath, String problem, Throwable cause) {
    super(format(file, line, column, keyPath, problem), cause);
    this.file = file == null ? "" : file;
    this.line = line;
    this.column = column;
    this.keyPath = keyPath == null ? "" : keyPath;
    this.problem = problem;
  }

  /** An error at a known place in a parsed document. */
  public static ConfigException at(YamlDocument doc, String keyPath, String problem) {
    Location loc = doc.location(keyPath);
    return new ConfigException(doc.fileName(), loc.line(), loc.column(), keyPath, problem);
  }

  /**
   * A problem found by code that knows the key path but not the file (a planner, a rule compiler);
   * the loader that owns the file places it with {@link #placedIn(YamlDocument)}.
   */
  public static ConfigException of(String keyPath, String problem) {
    return new ConfigException("", 0, 0, keyPath, problem);
  }

  /** This problem, placed at its key path in {@code doc} (file, line and column). */
  public ConfigException placedIn(YamlDocument doc) {
    Location loc = doc.location(keyPath);
    return new ConfigException(doc.fileName(), loc.line(), loc.column(), keyPath, problem, this);
  }

  private static String format(String file, int line, int column, String keyPath, String problem) {
    StringBuilder sb = new StringBuilder();
    if (file != null && !file.isEmpty()) {
      sb.append(file);
      if (line > 0) {
        sb.append(':').append(line);
        if (column > 0) {
          sb.append(':').append(column);
        }
      }
    }
    if (keyPath != null && !keyPath.isEmpty()) {
      sb.append(sb.length() > 0 ? " " : "").append(keyPath);
    }
    if (sb.length() > 0) {
      sb.append(": ");
    }
    return sb.append(problem).toString();
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public String keyPath() {
    return keyPath;
  }

  public String problem() {
    return problem;
  }

  /** A 1-based line and column in a file; {@code (0, 0)} when unknown. */
  public record Location(int line, int column) {
    public static final Location UNKNOWN = new Location(0, 0);
  }
}
