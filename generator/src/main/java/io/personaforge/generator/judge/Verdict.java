package io.personaforge.generator.judge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import io.personaforge.generator.FailureKind;
import io.personaforge.generator.GenerationException;
import io.personaforge.generator.llm.JsonOutput;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A judge's answer: {@code {"verdict": "pass"|"fail", "score": 1-5, "problems": ["..."]}}.
 *
 * @param pass the verdict
 * @param score 1 (worst) to 5 (best)
 * @param problems what the judge found wrong, one short sentence each (empty on a clean pass)
 */
public record Verdict(boolean pass, int score, List<String> problems) implements Serializable {
  /** Most problems kept per verdict: they become revision feedback, which must stay short. */
  public static final int DEFAULT_MAX_PROBLEMS = 5;

  /** The schema a judge's answer must follow, sent as the structured-output format. */
  public static final ResponseFormat FORMAT =
      ResponseFormat.builder()
          .type(ResponseFormatType.JSON)
          .jsonSchema(
              JsonSchema.builder()
                  .name("verdict")
                  .rootElement(
                      JsonObjectSchema.builder()
                          .addProperty(
                              "verdict",
                              JsonEnumSchema.builder().enumValues("pass", "fail").build())
                          .addProperty(
                              "score",
                              JsonIntegerSchema.builder()
                                  .description("1 (worst) to 5 (best)")
                                  .build())
                          .addProperty(
                              "problems",
                              JsonArraySchema.builder()
                                  .items(JsonStringSchema.builder().build())
                                  .build())
                          .required("verdict", "score", "problems")
                          .additionalProperties(false)
                          .build())
                  .build())
          .build();

  public Verdict {
    if (score < 1 || score > 5) {
      throw new IllegalArgumentException("score must be 1 to 5, got " + score);
    }
    problems = List.copyOf(problems);
  }

  /**
   * The verdict in a model's answer, read as leniently as a draft (code fences, prose around the
   * object). No object, a verdict other than pass/fail, or a score outside 1–5 is an {@link
   * FailureKind#UNPARSEABLE} failure, retried like a draft that does not parse.
   */
  public static Verdict parse(String raw) throws GenerationException {
    if (raw == null || raw.isBlank()) {
      throw new GenerationException(
          "the judge returned no content", FailureKind.EMPTY, raw, null, null);
    }
    JsonNode obj = JsonOutput.firstObjectOf(raw);
    if (obj == null) {
      throw unparseable("no JSON object found in the judge's answer", raw);
    }
    String verdict = obj.path("verdict").asText("").strip().toLowerCase(Locale.ROOT);
    if (!verdict.equals("pass") && !verdict.equals("fail")) {
      throw unparseable(
          "the judge's \"verdict\" is '" + verdict + "', not \"pass\" or \"fail\"", raw);
    }
    JsonNode s = obj.path("score");
    int score;
    if (s.isIntegralNumber()) {
      score = s.asInt();
    } else if (s.isTextual() && s.asText().strip().matches("[1-5]")) {
      score = Integer.parseInt(s.asText().strip());
    } else {
      score = 0;
    }
    if (score < 1 || score > 5) {
      throw unparseable("the judge's \"score\" is " + s + ", not a whole number 1 to 5", raw);
    }
    List<String> problems = new ArrayList<>();
    JsonNode p = obj.path("problems");
    if (p.isArray()) {
      for (JsonNode item : p) {
        String text = item.isValueNode() ? item.asText().strip() : item.toString();
        if (!text.isEmpty() && problems.size() < DEFAULT_MAX_PROBLEMS) {
          problems.add(text);
        }
      }
    } else if (p.isTextual() && !p.asText().isBlank()) {
      problems.add(p.asText().strip());
    }
    return new Verdict(verdict.equals("pass"), score, problems);
  }

  private static GenerationException unparseable(String message, String raw) {
    return new GenerationException(message, FailureKind.UNPARSEABLE, raw, null, null);
  }
}
