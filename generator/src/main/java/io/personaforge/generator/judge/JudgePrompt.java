package io.personaforge.generator.judge;

import io.personaforge.generator.llm.ChatWriter;
import io.personaforge.generator.prompt.PromptTemplate;
import io.personaforge.schemas.config.ConfigException;
import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.Taxonomy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A judge's prompt: a Mustache template (the built-in {@code prompts/judge.mustache}, or the
 * user's) rendered with the judge's rubric and the persona: {@code rubric}, {@code narrative},
 * {@code attributes}, {@code style}, {@code name} (as in the generation prompts), and {@code
 * fields} (a list of {@code field}, {@code value}) with {@code has_fields}. Immutable and
 * thread-safe.
 */
public final class JudgePrompt {
  /** Built-in judge template (a classpath resource). */
  public static final String BUILTIN_TEMPLATE = "prompts/judge.mustache";

  /** Prefix of a built-in rubric in {@code rubric:}, as taxonomies are named. */
  public static final String BUILTIN_PREFIX = "builtin:";

  /** Built-in rubrics by name: {@code rubric: builtin:coherence}. */
  public static final List<String> BUILTIN_RUBRICS = List.of("coherence");

  private final PromptTemplate template;
  private final String rubric;
  private final Taxonomy taxonomy;

  private JudgePrompt(PromptTemplate template, String rubric, Taxonomy taxonomy) {
    this.template = template;
    this.rubric = rubric;
    this.taxonomy = taxonomy;
  }

  /**
   * The prompt of a judge.
   *
   * @param templatePath the user's template, or null for the built-in one
   * @param rubric the rubric text, or {@code builtin:NAME}
   * @param keyPath where the judge is in run.yaml ({@code validation.judges[0]}), for errors
   * @throws ConfigException for a template that cannot be read or compiled ({@code KEY.prompt}), or
   *     an unknown built-in rubric ({@code KEY.rubric})
   */
  public static JudgePrompt of(
      String templatePath, String rubric, Taxonomy taxonomy, String keyPath) {
    PromptTemplate template =
        PromptTemplate.load(templatePath, BUILTIN_TEMPLATE, keyPath + ".prompt");
    return new JudgePrompt(template, rubricText(rubric, keyPath + ".rubric"), taxonomy);
  }

  /** The text of {@code rubric}: itself, or the built-in rubric it names. */
  public static String rubricText(String rubric, String keyPath) {
    if (rubric == null || !rubric.startsWith(BUILTIN_PREFIX)) {
      return rubric == null ? "" : rubric.strip();
    }
    String name = rubric.substring(BUILTIN_PREFIX.length()).strip();
    if (!BUILTIN_RUBRICS.contains(name)) {
      throw ConfigException.of(
          keyPath,
          "unknown built-in rubric '"
              + rubric
              + "'; the built-in rubrics are: "
              + String.join(
                  ", ",
                  new TreeSet<>(BUILTIN_RUBRICS).stream().map(n -> BUILTIN_PREFIX + n).toList())
              + " (or write the rubric's text)");
    }
    String resource = "/io/personaforge/generator/prompts/rubric-" + name + ".txt";
    try (InputStream in = JudgePrompt.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("built-in rubric " + resource + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The template's version: with the rubric, what makes a journaled verdict reusable. */
  public String version() {
    return template.version();
  }

  /** The prompt for one persona's narrative and fields. */
  public String render(AttributeSet attributes, String narrative, Map<String, String> fields) {
    Map<String, Object> scope = ChatWriter.personaScope(taxonomy, attributes);
    scope.put("rubric", rubric);
    scope.put("narrative", narrative == null ? "" : narrative);
    List<Map<String, String>> items = new ArrayList<>();
    fields.forEach((k, v) -> items.add(Map.of("field", k, "value", v == null ? "" : v)));
    scope.put("fields", items);
    scope.put("has_fields", !items.isEmpty());
    return template.render(scope);
  }
}
