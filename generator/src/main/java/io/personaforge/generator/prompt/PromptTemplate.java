package io.personaforge.generator.prompt;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import io.personaforge.schemas.Sha256;
import io.personaforge.schemas.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Mustache prompt template with its version. The version is declared in the template's first
 * comment, {@code {{! version: persona-v1 }}}; a template without one gets {@code sha-} and the
 * first 12 hex digits of its SHA-256, so an edited prompt never passes for the old one. Values are
 * inserted verbatim (no HTML escaping: prompts are not HTML). Instances are immutable and
 * thread-safe.
 */
public final class PromptTemplate {
  /** Built-in first-draft prompt (a classpath resource). */
  public static final String BUILTIN_PERSONA = "prompts/persona.mustache";

  /** Built-in revision prompt. */
  public static final String BUILTIN_REVISE = "prompts/revise.mustache";

  private static final Pattern VERSION =
      Pattern.compile("\\{\\{!\\s*version:\\s*([A-Za-z0-9._+-]+)\\s*}}");

  private final String name;
  private final String version;
  private final Mustache mustache;

  private PromptTemplate(String name, String text) {
    this.name = name;
    Matcher m = VERSION.matcher(text);
    this.version = m.find() ? m.group(1) : "sha-" + Sha256.hex(text).substring(0, 12);
    DefaultMustacheFactory factory =
        new DefaultMustacheFactory() {
          @Override
          public void encode(String value, Writer writer) {
            try {
              writer.write(value);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        };
    this.mustache = factory.compile(new StringReader(text), name);
  }

  /** Compiles template text; {@code name} appears in messages only. */
  public static PromptTemplate of(String name, String text) {
    return new PromptTemplate(name, text);
  }

  /**
   * The template at {@code path}, or the built-in {@code resource} when {@code path} is null. A
   * missing file or a template syntax error is a {@link ConfigException} at {@code keyPath}.
   */
  public static PromptTemplate load(String path, String resource, String keyPath) {
    if (path == null) {
      try (InputStream in =
          PromptTemplate.class.getResourceAsStream("/io/personaforge/generator/" + resource)) {
        if (in == null) {
          throw new IllegalStateException("built-in prompt " + resource + " is missing");
        }
        return of("builtin:" + resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    String text;
    try {
      text = Files.readString(Path.of(path));
    } catch (IOException e) {
      throw ConfigException.of(
          keyPath,
          "cannot read the prompt template '"
              + path
              + "' (working directory: "
              + Path.of("").toAbsolutePath()
              + "): "
              + e.getClass().getSimpleName());
    }
    try {
      return of(path, text);
    } catch (MustacheException e) {
      throw ConfigException.of(
          keyPath, "prompt template '" + path + "' is not valid Mustache: " + e.getMessage());
    }
  }

  /** Renders the template; leading and trailing blank space is trimmed. */
  public String render(Map<String, Object> scope) {
    StringWriter out = new StringWriter();
    mustache.execute(out, scope);
    return out.toString().strip();
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }
}
