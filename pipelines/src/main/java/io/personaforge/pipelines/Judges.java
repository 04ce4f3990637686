package io.personaforge.pipelines;

import io.personaforge.generator.GenerationException;
import io.personaforge.generator.GeneratorConfig;
import io.personaforge.generator.PersonaWriters;
import io.personaforge.generator.judge.JudgeCall;
import io.personaforge.generator.judge.JudgePrompt;
import io.personaforge.pipelines.config.RunConfig;
import io.personaforge.sampler.Seeds;
import io.personaforge.schemas.config.ConfigException;
import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.validator.JudgeSpec;
import io.personaforge.validator.ValidationConfig;
import io.personaforge.validator.Validator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run's LLM judges ({@code validation.judges}), ready to ask: each judge's prompt and model,
 * and which personas it judges. Plain Java, free of Beam; built once per worker (prompts are not
 * serializable). Immutable and thread-safe.
 */
public final class Judges {
  /**
   * One judge ready to ask.
   *
   * @param spec the judge as configured
   * @param model the endpoint and model that answer it: the generator's, with the judge's own keys
   *     over it and its own temperature
   * @param prompt its prompt template and rubric
   */
  public record Judge(JudgeSpec spec, GeneratorConfig model, JudgePrompt prompt) {
    public String name() {
      return spec.name();
    }

    /**
     * Whether this judge judges the persona {@code personaId}: every persona, or a {@code sample}
     * share of them chosen by id (the same personas on every run and runner).
     */
    public boolean judges(String personaId) {
      if (!spec.audit()) {
        return true;
      }
      long h = Seeds.mix(personaId.hashCode(), spec.name().hashCode(), 0x5EED_0F_A0D17L);
      return (h >>> 11) * 0x1.0p-53 < spec.sample();
    }

    /** The call that asks this judge about one attempt of a persona. */
    public JudgeCall call(PersonaRecord p) {
      String prompt =
          this.prompt.render(new AttributeSet(p.attributes()), p.narrative(), p.fields());
      long seed =
          Seeds.mix(
              Seeds.mix(p.runSeed(), p.round(), p.ordinal()), p.revisions(), name().hashCode());
      return new JudgeCall(name(), model, prompt, seed);
    }
  }

  private final List<Judge> judges;

  private Judges(List<Judge> judges) {
    this.judges = List.copyOf(judges);
  }

  /** No judges. */
  public static Judges none() {
    return new Judges(List.of());
  }

  /** A run's judges (its configuration was checked when it was loaded). */
  public static Judges forRun(RunConfig config, Taxonomy taxonomy) {
    return of(
        config.validation(),
        config.generator(),
        taxonomy,
        Validator.of(config.validation(), taxonomy).ruleNames());
  }

  /**
   * One short call to the generator's endpoint and to each judge's before anything is written: an
   * unreachable URL, a wrong key or an unknown model stops in seconds, naming the URL and model.
   */
  public void probe(GeneratorConfig generator, Taxonomy taxonomy) {
    // One probe per endpoint and model: a judge of the generator's model differs only in its
    // sampling settings.
    Map<List<String>, GeneratorConfig> endpoints = new LinkedHashMap<>();
    List<GeneratorConfig> all = new ArrayList<>();
    all.add(generator);
    all.addAll(models());
    for (GeneratorConfig c : all) {
      endpoints.putIfAbsent(List.of(c.provider(), c.baseUrl(), c.model(), c.apiKeyEnv()), c);
    }
    for (GeneratorConfig endpoint : endpoints.values()) {
      try {
        PersonaWriters.probe(endpoint, taxonomy);
      } catch (GenerationException e) {
        throw new RunFailedException(e.getMessage(), e);
      }
    }
  }

  /**
   * The judges of {@code validation}, with models over {@code generator}'s.
   *
   * @param ruleNames the names of the run's rules and checks, which a judge's name may not take
   * @throws ConfigException at {@code validation.judges[i]...}: a judge with no LLM (the offline
   *     writer and no model of its own), a name used twice or taken by a rule, an unknown built-in
   *     rubric, a prompt template that cannot be read
   */
  public static Judges of(
      ValidationConfig validation,
      GeneratorConfig generator,
      Taxonomy taxonomy,
      List<String> ruleNames) {
    List<Judge> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    Set<String> rules = new LinkedHashSet<>(ruleNames);
    for (int i = 0; i < validation.judges().size(); i++) {
      JudgeSpec spec = validation.judges().get(i);
      String key = "validation.judges[" + i + "]";
      Integer earlier = seen.put(spec.name(), i);
      if (earlier != null) {
        throw ConfigException.of(
            key + ".name",
            "judge name '"
                + spec.name()
                + "' is already used by validation.judges["
                + earlier
                + "]");
      }
      if (rules.contains(spec.name())) {
        throw ConfigException.of(
            key + ".name",
            "judge name '"
                + spec.name()
                + "' is the name of a rule or check of this run; choose another name");
      }
      GeneratorConfig model = model(generator, spec, taxonomy, key);
      out.add(new Judge(spec, model, JudgePrompt.of(spec.prompt(), spec.rubric(), taxonomy, key)));
    }
    return new Judges(out);
  }

  /**
   * The endpoint and model of a judge: the generator's, with the keys of the judge's own {@code
   * model} over them, at the judge's temperature.
   */
  static GeneratorConfig model(
      GeneratorConfig generator, JudgeSpec spec, Taxonomy taxonomy, String key) {
    JudgeSpec.JudgeModel own = spec.model();
    GeneratorConfig.Builder b = generator.toBuilder();
    double temperature = JudgeSpec.JudgeModel.DEFAULT_TEMPERATURE;
    if (own != null) {
      if (own.provider() != null) {
        // Another provider's defaults (its base URL and key variable), not the generator's.
        b.provider(own.provider()).baseUrl(null).apiKeyEnv(null).model(null);
      }
      if (own.baseUrl() != null) {
        b.baseUrl(own.baseUrl());
      }
      if (own.model() != null) {
        b.model(own.model());
      }
      if (own.apiKeyEnv() != null) {
        b.apiKeyEnv(own.apiKeyEnv());
      }
      if (own.temperature() != null) {
        temperature = own.temperature();
      }
    }
    GeneratorConfig model;
    try {
      model = b.temperature(temperature).prompt(null).revisePrompt(null).build();
    } catch (IllegalArgumentException e) {
      throw ConfigException.of(key + ".model", e.getMessage());
    }
    if (!model.capabilities().judges()) {
      throw ConfigException.of(
          own == null ? key : key + ".model",
          "judge '"
              + spec.name()
              + "' needs an LLM, and the offline writer has none: give the judge a model of its"
              + " own (model: {provider: openai, base_url: ..., model: ...}), or use an LLM"
              + " generator (docs/validation.md, LLM judges)");
    }
    // The judge's key variable is read now, as the generator's is: a run never starts to fail at
    // its first verdict.
    try {
      PersonaWriters.create(model, taxonomy).close();
    } catch (ConfigException e) {
      throw ConfigException.of(
          own != null && own.apiKeyEnv() != null ? key + ".model.api_key_env" : key,
          "judge '" + spec.name() + "': " + e.problem());
    }
    return model;
  }

  /** Every judge, in configuration order. */
  public List<Judge> all() {
    return judges;
  }

  /** The judges that judge the persona {@code personaId}, in configuration order. */
  public List<Judge> of(String personaId) {
    List<Judge> out = new ArrayList<>(judges.size());
    for (Judge j : judges) {
      if (j.judges(personaId)) {
        out.add(j);
      }
    }
    return out;
  }

  /** The distinct models the judges call, for the engine to open. */
  public List<GeneratorConfig> models() {
    return judges.stream().map(Judge::model).distinct().toList();
  }

  public boolean isEmpty() {
    return judges.isEmpty();
  }
}
