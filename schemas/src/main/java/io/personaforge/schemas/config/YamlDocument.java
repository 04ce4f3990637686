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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.personaforge.schemas.config.ConfigException.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

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

  private YamlDocument(String fileName, JsonNode root, Map<String, Location> locations) {
    this.fileName = fileName;
    this.root = root;
    this.locations = locations;
  }

  /**
   * Reads and parses a file; a missing file or a YAML syntax error is a {@link ConfigException}.
   */
  public static YamlDocument read(Path file) {
    String name = file.toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          name,
          0,
          0,
          "",
          "file not found (working directory: " + Path.of("").toAbsolutePath() + ")");
    } catch (IOException e) {
      throw new ConfigException(name, 0, 0, "", "cannot read the file: " + e.getMessage());
    }
    return parse(name, text);
  }

  /** Parses YAML text; {@code fileName} is only used in messages. */
  public static YamlDocument parse(String fileName, String text) {
    Map<String, Location> locations = new HashMap<>();
    try (JsonParser parser = MAPPER.getFactory().createParser(text)) {
      JsonToken first = parser.nextToken();
      JsonNode root;
      if (first == null) {
        root = JsonNodeFactory.instance.objectNode();
      } else {
        root = readValue(parser, "", locations);
        if (parser.nextToken() != null) {
          throw new ConfigException(
              fileName,
              parser.currentTokenLocation().getLineNr(),
              parser.currentTokenLocation().getColumnNr(),
              "",
              "more than one YAML document in the file; keep one");
        }
      }
      return new YamlDocument(fileName, root, locations);
    } catch (JsonProcessingException e) {
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

  private static JsonNode readValue(JsonParser p, String path, Map<String, Location> locations)
      throws IOException {
    JsonLocation start = p.currentTokenLocation();
    locations.putIfAbsent(path, new Location(start.getLineNr(), start.getColumnNr()));
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        ObjectNode obj = JsonNodeFactory.instance.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          String childPath = path.isEmpty() ? key : path + "." + key;
          JsonLocation keyLoc = p.currentTokenLocation();
          locations.put(childPath, new Location(keyLoc.getLineNr(), keyLoc.getColumnNr()));
          p.nextToken();
          obj.set(key, readValue(p, childPath, locations));
        }
        return obj;
      }
      case START_ARRAY -> {
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          arr.add(readValue(p, path + "[" + i++ + "]", locations));
        }
        return arr;
      }
      default -> {
        // A scalar inside a larger document is followed by more tokens by nature.
        return MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(p);
      }
    }
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
      throw ConfigException.at(this, path, describe(e));
    } catch (IllegalArgumentException e) {
      // Thrown by record constructors that validate their own values.
      Throwable cause = e.getCause() instanceof IllegalArgumentException c ? c : e;
      throw ConfigException.at(this, basePath, cause.getMessage());
    } catch (JsonProcessingException e) {
      throw ConfigException.at(this, basePath, firstLine(e.getOriginalMessage()));
    }
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

  private static String describe(JsonMappingException e) {
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
      return "expected "
          + typeName(m.getTargetType())
          + " here ("
          + firstLine(e.getOriginalMessage())
          + ")";
    }
    Throwable cause = e.getCause();
    if (cause instanceof IllegalArgumentException iae && iae.getMessage() != null) {
      return iae.getMessage();
    }
    return firstLine(e.getOriginalMessage());
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
        sb.append(i == 0 ? "" : ", ")
            .append(constants[i].toString().toLowerCase(java.util.Locale.ROOT));
      }
      return sb.toString();
    }
    if (java.util.Map.class.isAssignableFrom(type)) {
      return "a mapping (key: value)";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "a mapping with the keys of " + type.getSimpleName();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid value";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
