package io.personaforge.generator.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.personaforge.generator.Draft;
import io.personaforge.generator.FailureKind;
import io.personaforge.generator.GenerationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a persona out of a model's answer, forgiving what models commonly get wrong around valid
 * JSON: code fences, prose before or after the object, trailing commas, comments, raw line breaks
 * inside strings, single quotes. Anything else (no object, no narrative, a missing field) is an
 * {@link FailureKind#UNPARSEABLE} failure that keeps the raw output. Stateless and thread-safe.
 */
public final class JsonOutput {
  /** Bounds the work on pathological output: objects tried before giving up. */
  static final int MAX_CANDIDATES = 16;

  private static final ObjectMapper LENIENT =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
          .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
          .enable(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
          .build();

  private JsonOutput() {}

  /**
   * The draft in {@code raw}: a JSON object with a non-blank {@code narrative} string and every one
   * of {@code fields} (values kept as text).
   */
  public static Draft parse(
      String raw, List<String> fields, long promptTokens, long completionTokens)
      throws GenerationException {
    if (raw == null || raw.isBlank()) {
      throw new GenerationException(
          "the model returned no content", FailureKind.EMPTY, raw, null, null);
    }
    JsonNode obj = firstObject(raw);
    if (obj == null) {
      throw unparseable("no JSON object found in the model's output", raw);
    }
    JsonNode narrative = obj.get("narrative");
    if (narrative == null || !narrative.isValueNode() || narrative.asText().isBlank()) {
      throw unparseable("the model's JSON has no \"narrative\" text", raw);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String f : fields) {
      JsonNode v = obj.get(f);
      if (v == null || v.isNull()) {
        throw unparseable("the model's JSON lacks the field \"" + f + "\"", raw);
      }
      values.put(f, v.isValueNode() ? v.asText().strip() : v.toString());
    }
    return new Draft(narrative.asText().strip(), values, raw, promptTokens, completionTokens);
  }

  private static GenerationException unparseable(String message, String raw) {
    return new GenerationException(message, FailureKind.UNPARSEABLE, raw, null, null);
  }

  /**
   * The first balanced {...} in a model's answer that parses (leniently) as an object, or null: for
   * other answers than drafts (a judge's verdict).
   */
  public static JsonNode firstObjectOf(String text) {
    return firstObject(text);
  }

  /** The first balanced {...} in the text that parses as an object, or null. */
  static JsonNode firstObject(String text) {
    int from = 0;
    for (int tries = 0; tries < MAX_CANDIDATES; tries++) {
      int start = text.indexOf('{', from);
      if (start < 0) {
        return null;
      }
      int end = matchingBrace(text, start);
      String candidate = end < 0 ? text.substring(start) : text.substring(start, end + 1);
      try {
        JsonNode node = LENIENT.readTree(candidate);
        if (node != null && node.isObject()) {
          return node;
        }
      } catch (JsonProcessingException e) {
        // Not this one: try the next opening brace.
      }
      from = start + 1;
    }
    return null;
  }

  /** Index of the brace closing the one at {@code start}, skipping strings; -1 if unbalanced. */
  private static int matchingBrace(String s, int start) {
    int depth = 0;
    char quote = 0;
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"') {
        quote = c;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        if (--depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }
}
