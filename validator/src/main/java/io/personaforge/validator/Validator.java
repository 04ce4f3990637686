package io.personaforge.validator;

import io.personaforge.schemas.config.ConfigException;
import io.personaforge.taxonomy.Attribute;
import io.personaforge.taxonomy.AttributeType;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.validator.checks.AgeConsistencyCheck;
import io.personaforge.validator.checks.BoilerplateCheck;
import io.personaforge.validator.checks.CityCheck;
import io.personaforge.validator.checks.GenderPronounCheck;
import io.personaforge.validator.checks.MustMentionCheck;
import io.personaforge.validator.checks.OccupationCheck;
import io.personaforge.validator.checks.SampledNameCheck;
import io.personaforge.validator.checks.TemplateMarkerCheck;
import io.personaforge.validator.checks.WordCountCheck;
import io.personaforge.validator.rules.BuiltinRules;
import io.personaforge.validator.rules.RuleSetCheck;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Validates one persona at a time against the run's rules (built-in rule set + {@code
 * validation.rules}) and the built-in narrative checks. Build it once per run with {@link #of}; it
 * is immutable, thread-safe and serializable (compiled rules are rebuilt lazily after
 * deserialization), so one instance can sit in a Beam {@code DoFn}.
 */
public final class Validator implements Serializable {
  private static final long serialVersionUID = 2L;

  /** Taxonomy path whose value the age check compares with ages stated in the narrative. */
  public static final String AGE_PATH = "demographics.age";

  /** Taxonomy path whose value the pronoun check compares with the narrative's pronouns. */
  public static final String GENDER_PATH = "demographics.gender";

  /** Taxonomy path of the persona's occupation. */
  public static final String OCCUPATION_PATH = "work.occupation";

  /** Taxonomy path of the persona's city. */
  public static final String CITY_PATH = "location.city";

  private final List<Check> checks;
  private final ValidationConfig config;
  private final List<String> ruleNames;
  private final boolean samplesNames;

  /** A validator running exactly {@code checks} (for tests and custom setups). */
  public Validator(List<Check> checks) {
    this(checks, ValidationConfig.defaults());
  }

  private Validator(List<Check> checks, ValidationConfig config) {
    this.checks = List.copyOf(checks);
    this.samplesNames = this.checks.stream().anyMatch(c -> c instanceof SampledNameCheck);
    this.config = config;
    List<String> names = new ArrayList<>();
    for (Check c : this.checks) {
      if (c instanceof RuleSetCheck r) {
        names.addAll(r.ruleNames());
      } else {
        names.add(c.name());
      }
    }
    if (config.checks().firstNameCap() && !samplesNames) {
      names.add(NameCap.RULE);
    }
    this.ruleNames = List.copyOf(names);
  }

  /**
   * The checks configured by the run's {@code validation} section for {@code taxonomy}.
   *
   * @throws ConfigException for a rule that does not compile or names an unknown attribute (key
   *     path {@code validation.rules[i].when|require|message|name}), or an unknown {@code
   *     validation.must_mention[i]}; the run.yaml loader places it with {@code placedIn(doc)}. A
   *     problem in a shipped rule file is already placed in that file.
   */
  public static Validator of(ValidationConfig config, Taxonomy taxonomy) {
    ChecksConfig on = config.checks();
    List<Check> checks = new ArrayList<>();
    if (on.wordCount()) {
      checks.add(new WordCountCheck(config.minWords(), config.maxWords()));
    }
    if (on.templateMarkers()) {
      checks.add(new TemplateMarkerCheck());
    }
    if (on.assistantBoilerplate()) {
      checks.add(new BoilerplateCheck());
    }
    if (on.ageConsistency() && taxonomy.has(AGE_PATH)) {
      checks.add(new AgeConsistencyCheck(AGE_PATH, GENDER_PATH));
    }
    if (on.genderPronouns() && taxonomy.has(GENDER_PATH)) {
      checks.add(new GenderPronounCheck(GENDER_PATH));
    }
    if (on.occupationConsistency() && taxonomy.has(OCCUPATION_PATH)) {
      checks.add(
          new OccupationCheck(OCCUPATION_PATH, GENDER_PATH, values(taxonomy, OCCUPATION_PATH)));
    }
    if (on.cityConsistency() && taxonomy.has(CITY_PATH)) {
      checks.add(new CityCheck(CITY_PATH, GENDER_PATH, values(taxonomy, CITY_PATH)));
    }
    if (on.sampledName() && !taxonomy.nameAttributes().isEmpty()) {
      checks.add(
          new SampledNameCheck(
              taxonomy.nameAttributes().stream().map(Attribute::path).toList(), GENDER_PATH));
    }
    Map<String, String> mention = mustMention(config, taxonomy);
    if (on.mustMention() && !mention.isEmpty()) {
      checks.add(new MustMentionCheck(mention, GENDER_PATH));
    }
    Set<String> checkNames = new LinkedHashSet<>();
    checks.forEach(c -> checkNames.add(c.name()));
    checkNames.addAll(
        List.of(
            "word_count",
            "template_markers",
            "assistant_boilerplate",
            "age_consistency",
            "gender_pronouns",
            "occupation_consistency",
            "city_consistency",
            "must_mention",
            SampledNameCheck.NAME,
            NameCap.RULE));
    RuleSetCheck rules = rules(config, taxonomy, checkNames);
    if (!rules.rules().isEmpty()) {
      checks.add(rules);
    }
    return new Validator(checks, config);
  }

  private static RuleSetCheck rules(
      ValidationConfig config, Taxonomy taxonomy, Set<String> checkNames) {
    Map<String, RuleSpec> byName = new LinkedHashMap<>();
    Map<String, String> keyPaths = new HashMap<>();
    if (config.builtinRules()) {
      var file = BuiltinRules.forTaxonomy(taxonomy.name());
      if (file.isPresent()) {
        List<RuleSpec> builtin = file.get().rules();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < builtin.size(); i++) {
          keys.add("rules[" + i + "]");
        }
        try {
          new RuleSetCheck(builtin, keys, taxonomy);
        } catch (ConfigException e) {
          throw e.placedIn(file.get().document());
        }
        for (int i = 0; i < builtin.size(); i++) {
          byName.put(builtin.get(i).name(), builtin.get(i));
          keyPaths.put(builtin.get(i).name(), taxonomy.name() + " rules[" + i + "]");
        }
      }
    }
    Map<String, Integer> userIndex = new HashMap<>();
    for (int i = 0; i < config.rules().size(); i++) {
      RuleSpec r = config.rules().get(i);
      String key = "validation.rules[" + i + "]";
      Integer earlier = userIndex.put(r.name(), i);
      if (earlier != null) {
        throw ConfigException.of(
            key + ".name",
            "rule name '" + r.name() + "' is already used by validation.rules[" + earlier + "]");
      }
      if (checkNames.contains(r.name())) {
        throw ConfigException.of(
            key + ".name",
            "rule name '"
                + r.name()
                + "' is the name of a built-in check; turn the check off under validation.checks"
                + " or choose another name");
      }
      // A user rule named like a built-in rule replaces it, in the built-in rule's place.
      byName.put(r.name(), r);
      keyPaths.put(r.name(), key);
    }
    List<RuleSpec> specs = new ArrayList<>(byName.values());
    List<String> keys = specs.stream().map(s -> keyPaths.get(s.name())).toList();
    return new RuleSetCheck(specs, keys, taxonomy);
  }

  private static Map<String, String> mustMention(ValidationConfig config, Taxonomy taxonomy) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < config.mustMention().size(); i++) {
      String path = config.mustMention().get(i);
      String key = "validation.must_mention[" + i + "]";
      Attribute a =
          taxonomy
              .attribute(path)
              .orElseThrow(
                  () ->
                      ConfigException.of(
                          key,
                          "unknown attribute '"
                              + path
                              + "'; must_mention takes attribute paths of taxonomy "
                              + taxonomy.name()
                              + ", e.g. "
                              + taxonomy.attributes().get(0).path()));
      if (a.type() == AttributeType.BOOLEAN || a.type() == AttributeType.TEXT) {
        throw ConfigException.of(
            key,
            path
                + " is a "
                + a.type().name().toLowerCase(Locale.ROOT)
                + " attribute, whose value cannot be found in a narrative word for word;"
                + " must_mention takes categorical, integer and number attributes");
      }
      out.put(path, a.label());
    }
    return out;
  }

  private static Set<String> values(Taxonomy taxonomy, String path) {
    return taxonomy.attribute(path).map(Attribute::possibleValues).orElse(Set.of());
  }

  public List<Check> checks() {
    return checks;
  }

  public ValidationConfig config() {
    return config;
  }

  /**
   * Every rule and check name this validator can report, in order (built-in checks, then rules,
   * then {@code first_name_cap} when on): the keys of the summary's per-rule pass rates.
   */
  public List<String> ruleNames() {
    return ruleNames;
  }

  /** Every violation of every check, in check order. */
  public List<Violation> validate(Subject subject) {
    List<Violation> out = null;
    for (Check c : checks) {
      List<Violation> v = c.check(subject);
      if (!v.isEmpty()) {
        if (out == null) {
          out = new ArrayList<>(v.size() + 2);
        }
        out.addAll(v);
      }
    }
    return out == null ? List.of() : out;
  }

  /** True when no violation is an error. */
  public static boolean passes(List<Violation> violations) {
    return violations.stream().noneMatch(v -> v.severity() == Severity.ERROR);
  }

  /**
   * The revise prompt's feedback lines (one per error, worded for the LLM); warnings are left out
   * because they do not block acceptance.
   */
  public static List<String> feedback(List<Violation> violations) {
    return violations.stream()
        .filter(v -> v.severity() == Severity.ERROR)
        .map(Violation::message)
        .distinct()
        .toList();
  }

  /**
   * The first-name cap for a run of {@code plannedPersonas}, or empty when the check is off; apply
   * it with {@link NameCap#overCap}.
   */
  public OptionalLong firstNameCap(long plannedPersonas) {
    // A taxonomy that draws names makes name frequencies a property of the sampled distribution:
    // capping them would reject writers for using the name they were given.
    return config.checks().firstNameCap() && !samplesNames
        ? OptionalLong.of(config.firstNameCap().cap(plannedPersonas))
        : OptionalLong.empty();
  }

  /** Whether a persona may be revised again after {@code revisionsMade} revisions. */
  public boolean mayRevise(int revisionsMade) {
    return revisionsMade < config.maxRevisions();
  }
}
