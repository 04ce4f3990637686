package io.personaforge.schemas.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.personaforge.schemas.config.ConfigException.Location;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML file parsed into a Jackson tree that remembers where every key and value came from, so
 * that errors found after parsing (a share that does not sum, an unknown attribute) can still name
 * the line and column. Key paths are written {@code quotas[1].shares.female}.
 *
 * <p>Binding to records is strict: unknown keys are errors that list the allowed keys, keys are
 * snake_case in YAML and camelCase in Java.
 */
public final class YamlDocument {
  /** Shared strict mapper: snake_case keys, unknown keys rejected, no silent coercions. */
  public static final ObjectMapper MAPPER =
      YAMLMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .build();

  private final String fileName;
  private final JsonNode root;
  private final Map<String, Location> locations;
  private final boolean empty;

  private YamlDocument(
      String fileName, JsonNode root, Map<String, Location> locations, boolean empty) {
    this.fileName = fileName;
    this.root = root;
    this.locations = locations;
    this.empty = empty;
  }

  /**
   * Largest file read: configurations and taxonomies are written by hand (the built-in taxonomies
   * are under 100 KB), and SnakeYAML itself stops at 3 MB of text.
   */
  public static final long DEFAULT_MAX_FILE_BYTES = 3L * 1024 * 1024;

  /** Deepest nesting of mappings and lists: hand-written files nest a few levels, never 50. */
  public static final int DEFAULT_MAX_NESTING = 50;

  /**
   * Reads and parses a file; a missing, unreadable, oversized or non-UTF-8 file, or a YAML syntax
   * error, is a {@link ConfigException}.
   */
  public static YamlDocument read(Path file) {
    String name = file.toString();
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw new ConfigException(name, 0, 0, "", "is a directory, not a file");
      }
      long size = Files.size(file);
      if (size > DEFAULT_MAX_FILE_BYTES) {
        throw new ConfigException(
            name,
            0,
            0,
            "",
            String.format(
                Locale.ROOT,
                "the file is %.1f MB; a configuration or taxonomy file may be at most %d MB"
                    + " (is this the right file?)",
                size / (1024.0 * 1024),
                DEFAULT_MAX_FILE_BYTES / (1024 * 1024)));
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw readFailure(file, e);
    }
    return parse(name, decodeUtf8(name, bytes));
  }

  /**
   * The error for a file that could not be read, in the user's words ("file not found", "permission
   * denied").
   */
  public static ConfigException readFailure(Path file, IOException e) {
    String problem;
    if (e instanceof NoSuchFileException) {
      problem = "file not found (working directory: " + Path.of("").toAbsolutePath() + ")";
    } else if (e instanceof AccessDeniedException) {
      problem = "permission denied: this user cannot read the file (check its permissions)";
    } else {
      problem = "cannot read the file: " + e.getMessage();
    }
    return new ConfigException(file.toString(), 0, 0, "", problem);
  }

  /**
   * The file's text; bytes that are not UTF-8 (a file saved as Latin-1 or UTF-16, say) are an error
   * naming the first bad byte's line and byte offset.
   */
  static String decodeUtf8(String name, byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < offset; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      throw new ConfigException(
          name,
          line,
          offset - lineStart + 1,
          "",
          String.format(
              Locale.ROOT,
              "the file is not UTF-8: byte 0x%02X at line %d (byte offset %d) is not valid UTF-8;"
                  + " save the file as UTF-8",
              bytes[offset] & 0xff,
              line,
              offset));
    }
    out.flip();
    String text = out.toString();
    // A byte-order mark is legal UTF-8 but not YAML content.
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /** Parses YAML text; {@code fileName} is only used in messages. */
  public static YamlDocument parse(String fileName, String text) {
    Map<String, Location> locations = new HashMap<>();
    try (JsonParser parser = MAPPER.getFactory().createParser(text)) {
      JsonToken first = parser.nextToken();
      JsonNode root;
      boolean empty = first == null;
      if (empty) {
        root = JsonNodeFactory.instance.objectNode();
      } else {
        root = new TreeReader(fileName, parser, locations).readValue("", 0);
        if (parser.nextToken() != null) {
          throw new ConfigException(
              fileName,
              parser.currentTokenLocation().getLineNr(),
              parser.currentTokenLocation().getColumnNr(),
              "",
              "more than one YAML document in the file; keep one");
        }
      }
      return new YamlDocument(fileName, root, locations, empty);
    } catch (JsonProcessingException e) {
      MarkedYAMLException marked = snakeYamlCause(e);
      if (marked != null && marked.getProblemMark() != null) {
        Mark at = marked.getProblemMark();
        throw new ConfigException(
            fileName,
            at.getLine() + 1,
            at.getColumn() + 1,
            "",
            "not valid YAML: " + describeSyntaxError(marked),
            e);
      }
      JsonLocation loc = e.getLocation();
      throw new ConfigException(
          fileName,
          loc == null ? 0 : loc.getLineNr(),
          loc == null ? 0 : loc.getColumnNr(),
          "",
          "not valid YAML: " + firstLine(e.getOriginalMessage()),
          e);
    } catch (IOException e) {
      throw new ConfigException(fileName, 0, 0, "", "cannot read: " + e.getMessage(), e);
    }
  }

  private static MarkedYAMLException snakeYamlCause(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof MarkedYAMLException m) {
        return m;
      }
    }
    return null;
  }

  /**
   * SnakeYAML's problem in plain words: what was expected, the character found at the problem's
   * position, and where an unclosed bracket or quote was opened.
   */
  static String describeSyntaxError(MarkedYAMLException e) {
    Mark at = e.getProblemMark();
    int[] buffer = at.getBuffer();
    int pointer = at.getPointer();
    int found = buffer != null && pointer >= 0 && pointer < buffer.length ? buffer[pointer] : -1;
    String problem = e.getProblem() == null ? "" : e.getProblem();
    String what;
    if (problem.startsWith("mapping values are not allowed")) {
      what =
          "found ':' where no key can start (check this line's indentation, or put a value that"
              + " contains ': ' in quotes)";
    } else if (problem.contains("end of stream")) {
      what = "the file ends first";
    } else if (found == '\t' && problem.contains("cannot start any token")) {
      what = "found a tab character; YAML indents with spaces only (replace the tab with spaces)";
    } else if (problem.contains("cannot start any token")) {
      what =
          "found "
              + describeChar(found)
              + ", which cannot start a value (put the value in quotes if it is text)";
    } else {
      // "expected ',' or '}', but got :" -> "expected ',' or '}' but found ':'"
      String cleaned = problem.replaceFirst(",? but got .*$", "");
      what =
          cleaned.equals(problem) && problem.startsWith("found")
              ? problem
              : cleaned + (cleaned.isEmpty() ? "found " : " but found ") + describeChar(found);
    }
    Mark opened = e.getContextMark();
    String context = e.getContext() == null ? "" : e.getContext();
    if (opened != null) {
      String where = " at line " + (opened.getLine() + 1) + ", column " + (opened.getColumn() + 1);
      if (context.contains("flow mapping")) {
        return "the '{'" + where + " is not closed: " + what;
      }
      if (context.contains("flow sequence")) {
        return "the '['" + where + " is not closed: " + what;
      }
      if (context.contains("quoted scalar")) {
        return "the quote" + where + " is not closed: " + what;
      }
      return what + " (" + context + " started" + where + ")";
    }
    return what;
  }

  private static String describeChar(int c) {
    return switch (c) {
      case -1, 0 -> "the end of the file";
      case '\n', '\r' -> "the end of the line";
      case '\t' -> "a tab character";
      case ' ' -> "a space";
      default -> "'" + new String(Character.toChars(c)) + "'";
    };
  }

  /** Builds the tree, recording where every key and value starts. */
  private record TreeReader(String fileName, JsonParser p, Map<String, Location> locations) {
    JsonNode readValue(String path, int depth) throws IOException {
      JsonLocation start = p.currentTokenLocation();
      Location here = new Location(start.getLineNr(), start.getColumnNr());
      locations.putIfAbsent(path, here);
      JsonToken t = p.currentToken();
      if ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY)
          && depth >= DEFAULT_MAX_NESTING) {
        throw new ConfigException(
            fileName,
            here.line(),
            here.column(),
            "",
            "nested more than "
                + DEFAULT_MAX_NESTING
                + " levels deep; a configuration or taxonomy file may nest at most "
                + DEFAULT_MAX_NESTING
                + " levels");
      }
      switch (t) {
        case START_OBJECT -> {
          ObjectNode obj = JsonNodeFactory.instance.objectNode();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            String childPath = path.isEmpty() ? key : path + "." + key;
            JsonLocation keyLoc = p.currentTokenLocation();
            Location keyAt = new Location(keyLoc.getLineNr(), keyLoc.getColumnNr());
            if (obj.has(key)) {
              // YAML parsers keep the last of two equal keys; a user means one of them.
              Location first = locations.get(childPath);
              throw new ConfigException(
                  fileName,
                  keyAt.line(),
                  keyAt.column(),
                  childPath,
                  "'"
                      + key
                      + "' is given twice (first at line "
                      + first.line()
                      + ", column "
                      + first.column()
                      + "); keep one");
            }
            locations.put(childPath, keyAt);
            p.nextToken();
            obj.set(key, readValue(childPath, depth + 1));
          }
          return obj;
        }
        case START_ARRAY -> {
          ArrayNode arr = JsonNodeFactory.instance.arrayNode();
          int i = 0;
          while (p.nextToken() != JsonToken.END_ARRAY) {
            arr.add(readValue(path + "[" + i++ + "]", depth + 1));
          }
          return arr;
        }
        case VALUE_STRING -> {
          return JsonNodeFactory.instance.textNode(p.getText());
        }
        case VALUE_NUMBER_INT -> {
          if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new ConfigException(
                fileName,
                here.line(),
                here.column(),
                path,
                p.getText()
                    + " is too large: whole numbers here go up to "
                    + String.format(Locale.ROOT, "%,d", Long.MAX_VALUE));
          }
          return JsonNodeFactory.instance.numberNode(p.getLongValue());
        }
        case VALUE_NUMBER_FLOAT -> {
          return JsonNodeFactory.instance.numberNode(p.getDoubleValue());
        }
        case VALUE_TRUE, VALUE_FALSE -> {
          return JsonNodeFactory.instance.booleanNode(t == JsonToken.VALUE_TRUE);
        }
        case VALUE_NULL -> {
          return JsonNodeFactory.instance.nullNode();
        }
        default -> {
          return JsonNodeFactory.instance.textNode(p.getText());
        }
      }
    }
  }

  /** True when the file holds no YAML at all (nothing, or only comments). */
  public boolean isEmpty() {
    return empty;
  }

  public String fileName() {
    return fileName;
  }

  public JsonNode root() {
    return root;
  }

  /** Where a key path starts; the nearest enclosing known path when the exact one is unknown. */
  public Location location(String keyPath) {
    String p = keyPath == null ? "" : keyPath;
    while (true) {
      Location loc = locations.get(p);
      if (loc != null) {
        return loc;
      }
      if (p.isEmpty()) {
        return Location.UNKNOWN;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut < 0 ? "" : p.substring(0, cut);
    }
  }

  /** Binds the whole document to {@code type}. */
  public <T> T bind(Class<T> type) {
    return bind(root, "", type);
  }

  /**
   * Binds a sub-tree to {@code type}, turning Jackson's errors into {@link ConfigException}s that
   * name the file, line, column and key path, and say what is allowed.
   */
  public <T> T bind(JsonNode node, String basePath, Class<T> type) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JsonMappingException e) {
      String path = join(basePath, pathOf(e));
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException iae && iae.getMessage() != null) {
        // A record constructor rejected a value ("concurrency: 0 is out of range ..."): point at
        // the key the message names when the file has it, else at the section.
        throw atNamedKey(path, iae.getMessage());
      }
      throw ConfigException.at(this, path, describe(e, nodeAt(node, e)));
    } catch (IllegalArgumentException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException c ? c : e;
      throw atNamedKey(basePath, cause.getMessage());
    } catch (JsonProcessingException e) {
      throw ConfigException.at(this, basePath, firstLine(e.getOriginalMessage()));
    }
  }

  private static final Pattern LEADING_KEY =
      Pattern.compile("^([a-z_][a-z0-9_]*(?:\\.[a-z_][a-z0-9_]*|\\[\\d+])*)");

  /**
   * An error at the key a message starts with ({@code "max_rounds must be in [1, 100], got 0"} in
   * section {@code ""} is placed at {@code max_rounds}) when the file holds that key; at {@code
   * sectionPath} otherwise.
   */
  private ConfigException atNamedKey(String sectionPath, String message) {
    Matcher m = LEADING_KEY.matcher(message);
    if (m.find()) {
      // The message may name the key from the section or from an enclosing one
      // ("output.compression ..." from section output): try the section, then its ancestors, but
      // only keys inside the section (a generator message "seed ..." is not the top-level seed).
      for (String base = sectionPath; ; base = parentOf(base)) {
        String key = join(base, m.group(1));
        if (key.startsWith(sectionPath) && locations.containsKey(key)) {
          String rest = message.substring(m.end());
          return ConfigException.at(this, key, rest.startsWith(": ") ? rest.substring(2) : message);
        }
        if (base.isEmpty()) {
          break;
        }
      }
    }
    return ConfigException.at(this, sectionPath, message);
  }

  private static String parentOf(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut < 0 ? "" : path.substring(0, cut);
  }

  /** The value a mapping error is about, following the error's path from {@code node}. */
  private static JsonNode nodeAt(JsonNode node, JsonMappingException e) {
    JsonNode n = node;
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (n == null) {
        return null;
      }
      n = ref.getFieldName() != null ? n.get(ref.getFieldName()) : n.get(ref.getIndex());
    }
    return n;
  }

  private static String join(String base, String rest) {
    if (base.isEmpty()) {
      return rest;
    }
    if (rest.isEmpty()) {
      return base;
    }
    return rest.startsWith("[") ? base + rest : base + "." + rest;
  }

  private static String pathOf(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String describe(JsonMappingException e, JsonNode value) {
    if (e instanceof UnrecognizedPropertyException u) {
      String allowed =
          u.getKnownPropertyIds() == null
              ? ""
              : u.getKnownPropertyIds().stream()
                  .map(String::valueOf)
                  .collect(Collectors.toCollection(TreeSet::new))
                  .stream()
                  .collect(Collectors.joining(", "));
      return "unknown key '"
          + u.getPropertyName()
          + "'"
          + (allowed.isEmpty() ? "" : "; allowed keys: " + allowed);
    }
    if (e instanceof InvalidFormatException f) {
      return "'" + f.getValue() + "' is not " + typeName(f.getTargetType());
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      // Jackson's own words name Java types and parser tokens; say what was expected and found.
      return "expected " + typeName(m.getTargetType()) + " here, found " + describeValue(value);
    }
    Throwable cause = e.getCause();
    if (cause instanceof IllegalArgumentException iae && iae.getMessage() != null) {
      return iae.getMessage();
    }
    return value == null
        ? "not a valid value here"
        : "not a valid value here: " + describeValue(value);
  }

  /** A value as the user wrote it: "a list", "the text 'abc'", "no value". */
  static String describeValue(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "no value";
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isObject()) {
      return "a mapping (key: value)";
    }
    if (v.isTextual()) {
      String t = v.asText();
      return "the text '" + (t.length() > 40 ? t.substring(0, 40) + "..." : t) + "'";
    }
    if (v.isBoolean()) {
      return v.asText();
    }
    return "the number " + v.asText();
  }

  private static String typeName(Class<?> type) {
    if (type == null) {
      return "a valid value";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "a whole number";
    }
    if (type == double.class || type == Double.class || type == float.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type.isEnum()) {
      StringBuilder sb = new StringBuilder("one of: ");
      Object[] constants = type.getEnumConstants();
      for (int i = 0; i < constants.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(constants[i].toString().toLowerCase(Locale.ROOT));
      }
      return sb.toString();
    }
    if (Map.class.isAssignableFrom(type)) {
      return "a mapping (key: value)";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    List<String> keys =
        MAPPER
            .getDeserializationConfig()
            .introspect(MAPPER.constructType(type))
            .findProperties()
            .stream()
            .map(BeanPropertyDefinition::getName)
            .sorted()
            .toList();
    return keys.isEmpty()
        ? "a mapping (key: value)"
        : "a mapping with the keys " + String.join(", ", keys);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid value";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
