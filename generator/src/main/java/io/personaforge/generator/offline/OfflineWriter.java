package io.personaforge.generator.offline;

import io.personaforge.generator.Draft;
import io.personaforge.generator.PersonaWriter;
import io.personaforge.generator.WriteRequest;
import io.personaforge.generator.WriterCapabilities;
import io.personaforge.generator.WriterInfo;
import io.personaforge.taxonomy.Attribute;
import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.AttributeType;
import io.personaforge.taxonomy.Conditional;
import io.personaforge.taxonomy.Domain;
import io.personaforge.taxonomy.NameTable;
import io.personaforge.taxonomy.Phrasing;
import io.personaforge.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in writer: composes a narrative from the attributes alone, with no LLM. It opens with
 * the persona's name, age, city and occupation, then states every other drawn attribute, one
 * paragraph per top-level category. An attribute is stated with the taxonomy's phrasing when it has
 * one ({@code phrase}/{@code phrases}), otherwise with a generic sentence for its type; pronouns
 * come from the taxonomy's pronoun source. Choices (sentence forms, order, subjects) are drawn with
 * the persona's own seed, so the same persona always gets the same text. The narrative never
 * contradicts its attributes.
 */
public final class OfflineWriter implements PersonaWriter {
  /** Model name recorded on personas. */
  public static final String MODEL = "offline-templates";

  /** Bump when the sentences change: it is recorded on personas and keys resumed runs. */
  public static final String PROMPT_VERSION = "offline-v3";

  private static final String AGE = "demographics.age";
  private static final String CITY = "location.city";
  private static final String OCCUPATION = "work.occupation";

  /**
   * Opening sentences; {@code {an_age}} is "a 56" or "an 18". Every one states the age in a form
   * the age check reads ("56 years old", "56-year-old").
   */
  private static final List<String> OPENERS =
      List.of(
          "{Name} is {age} years old and lives in {city}.",
          "Meet {Name}, who is {age} years old and lives in {city}.",
          "{Name}, {age} years old, calls {city} home.",
          "{Name} lives in {city} and is {age} years old.",
          "At {age} years old, {Name} makes {their} home in {city}.",
          "{Name} is {an_age}-year-old living in {city}.",
          "{City} is where {Name}, {age} years old, lives.",
          "{Name}, {an_age}-year-old, lives in {city}.",
          "Home for {Name}, who is {age} years old, is {city}.",
          "{Name} is {age} years old, and {city} is home.",
          "This is {Name}, {an_age}-year-old who lives in {city}.");

  private static final List<String> WORK =
      List.of(
          "{Subj} works as {occ_a}.",
          "By trade, {subj} is {occ_a}.",
          "{Subj} earns {their} living as {occ_a}.",
          "Day to day, {subj} works as {occ_a}.",
          "{Subj} makes a living as {occ_a}.",
          "For work, {subj} is {occ_a}.",
          "{Their} job is that of {occ_a}.",
          "{Subj} has a job as {occ_a}.",
          "{Subj} is employed as {occ_a}.");

  /** Generic sentences for a categorical value whose label is a singular noun phrase. */
  private static final List<String> NOUN_FACTS =
      List.of(
          "{Their} {label} is {value}.",
          "{First}'s {label} is {value}.",
          "{Subj} gives {their} {label} as {value}.",
          "{Subj} describes {their} {label} as {value}.",
          "Asked about {their} {label}, {subj} says {value}.",
          "{Subj} lists {their} {label} as {value}.",
          "{Subj} reports {their} {label} as {value}.",
          "{Subj} says {their} {label} is {value}.");

  /** Generic sentences for a label that looks plural ("feelings about AI"): no verb agrees. */
  private static final List<String> PLURAL_NOUN_FACTS =
      List.of(
          "When it comes to {their} {label}, the answer is {value}.",
          "{Subj} gives {their} {label} as {value}.",
          "{Subj} describes {their} {label} as {value}.",
          "Asked about {their} {label}, {subj} says {value}.");

  /** Generic sentences for a number. */
  private static final List<String> NUMBER_FACTS =
      List.of(
          "For {their} {label}, the figure is {value}.",
          "The figure for {their} {label} is {value}.",
          "{Subj} puts {their} {label} at {value}.",
          "{Subj} gives {their} {label} as {value}.");

  /** Generic sentences for a yes/no attribute whose label is not a predicate. */
  private static final List<String> YES_NO_FACTS =
      List.of(
          "Asked about {label}, {subj} says {answer}.",
          "Asked about {label}, {subj} answers {answer}.",
          "On {label}, {subj} answers {answer}.");

  /**
   * Openings of later paragraphs, so they do not all start alike; most paragraphs have none (a
   * connective on every paragraph is itself a template).
   */
  private static final List<String> TRANSITIONS =
      List.of(
          "Beyond that, ",
          "In addition, ",
          "On another note, ",
          "Also, ",
          "Besides, ",
          "What is more, ",
          "Apart from that, ",
          "On top of that, ",
          "As it happens, ",
          "For what it is worth, ");

  /** One later paragraph in this many opens with a transition. */
  private static final int DEFAULT_TRANSITION_EVERY = 12;

  /**
   * Ways to say a list head, each a predicate starting with a verb (so "they" agreement holds): one
   * chosen per sentence, because one verb for every list makes every persona share it.
   */
  private static final Map<String, List<String>> HEAD_SYNONYMS =
      Map.of(
          "enjoys", List.of("enjoys", "likes", "is fond of", "is into", "takes pleasure in"),
          "does not enjoy",
              List.of(
                  "does not enjoy",
                  "has no interest in",
                  "does not care for",
                  "is not into",
                  "has little time for"),
          "owns", List.of("owns", "has"),
          "does not own", List.of("does not own", "does not have"),
          "does not use", List.of("does not use", "never uses"));

  /** Objects "has no" can take in place of "does not have": "a" or no determiner, plain words. */
  private static final Pattern NO_OBJECT =
      Pattern.compile(
          "^(?!(?:any|the|to|her|his|their|enough|much|many|more)\\b)(?:an? )?[a-z][a-z' -]*$");

  /** Ways to say each score level. */
  private static final Map<String, List<String>> LEVEL_SYNONYMS =
      Map.of(
          "very low", List.of("very low", "extremely low", "exceptionally low"),
          "low", List.of("low", "fairly low", "quite low"),
          "moderate", List.of("moderate", "middling", "average", "medium"),
          "high", List.of("high", "fairly high", "quite high"),
          "very high", List.of("very high", "extremely high", "exceptionally high"));

  /** Score frames: {@code %s} is the level ("very high"). */
  private static final List<String> SCORE_HEADS =
      List.of(
          "scores %s on",
          "rates %s on",
          "comes out %s on",
          "is %s on",
          "tests %s on",
          "ranks %s for",
          "has %s score on");

  private static final List<String> SCORES =
      List.of("very low", "low", "moderate", "high", "very high");

  /** Third-person verbs a label may start with ("owns a tablet", "enjoys hiking"). */
  private static final Set<String> VERBS =
      Set.of(
          "has",
          "is",
          "was",
          "can",
          "could",
          "lives",
          "wears",
          "sees",
          "owns",
          "uses",
          "enjoys",
          "listens",
          "plays",
          "takes",
          "tries",
          "buys",
          "volunteers",
          "reads",
          "holds",
          "cares",
          "attends",
          "drinks",
          "cooks",
          "shops",
          "collects",
          "replies",
          "hosts",
          "knows",
          "belongs",
          "gets",
          "believes",
          "asks",
          "misses",
          "rates",
          "speaks",
          "works",
          "goes",
          "keeps",
          "prefers",
          "likes",
          "loves",
          "wants",
          "needs",
          "feels",
          "thinks",
          "studies",
          "watches",
          "does",
          "gave",
          "grew");

  private static final Pattern SCALE = Pattern.compile("\\s*\\((\\d+)\\s*-\\s*(\\d+)\\)\\s*$");
  private static final Pattern NOT_A_JOB =
      Pattern.compile("^(retired|student|homemaker|job seeker)");

  private final Taxonomy taxonomy;
  private final Attribute pronounSource;

  public OfflineWriter(Taxonomy taxonomy) {
    this.taxonomy = taxonomy;
    this.pronounSource = pronounSource(taxonomy).orElse(null);
  }

  /**
   * The taxonomy's pronoun source, or else an attribute named {@code gender} or {@code sex} with
   * the values female and male (custom taxonomies often have one without marking it).
   */
  static Optional<Attribute> pronounSource(Taxonomy taxonomy) {
    Optional<Attribute> marked = taxonomy.pronounSource();
    if (marked.isPresent()) {
      return marked;
    }
    return taxonomy.attributes().stream()
        .filter(a -> a.name().equals("gender") || a.name().equals("sex"))
        .filter(a -> a.possibleValues().contains("female") && a.possibleValues().contains("male"))
        .findFirst();
  }

  @Override
  public WriterInfo info() {
    return new WriterInfo(OfflineProvider.NAME, MODEL, PROMPT_VERSION);
  }

  @Override
  public WriterCapabilities capabilities() {
    return OfflineProvider.CAPABILITIES;
  }

  @Override
  public Draft write(WriteRequest request) {
    SplittableRandom rnd = new SplittableRandom(request.seed() ^ 0x2545F4914F6CDD1DL);
    AttributeSet attrs = request.attributes();
    Pronouns p = pronouns(attrs);
    String name = taxonomy.fullName(attrs.values()).orElseGet(() -> fallbackName(p, rnd));
    String first = name.split(" ")[0];
    String age = attrs.get(AGE);
    Voice v = new Voice(p, name, first, age == null ? null : age.trim());
    String city = attrs.get(CITY);
    String occupation = attrs.get(OCCUPATION);
    StringBuilder opening = new StringBuilder();
    if (age != null && city != null) {
      opening.append(
          v.fill(
              pick(OPENERS, rnd),
              Map.of("age", age, "an_age", numberWithArticle(age), "city", city, "City", city),
              true));
    } else if (age != null) {
      opening.append(v.fill("{Name} is {age} years old.", Map.of("age", age), true));
    } else if (city != null) {
      opening.append(v.fill("{Name} lives in {city}.", Map.of("city", city), true));
    } else {
      opening.append(name).append(" is the person described here.");
    }
    if (occupation != null) {
      String template =
          occupation.equals("none")
              ? "{Subj} has no occupation right now."
              : NOT_A_JOB.matcher(occupation).find() ? "{Subj} is {occ_a}." : pick(WORK, rnd);
      opening
          .append(' ')
          .append(
              v.fill(
                  template,
                  Map.of("occ_a", withArticle(occupation), "occupation", occupation),
                  false));
    }
    // One paragraph per top-level category, in the taxonomy's order, sentences shuffled within.
    Map<String, List<Fact>> byCategory = new LinkedHashMap<>();
    Set<String> implied = new HashSet<>();
    for (String stated : List.of(AGE, CITY)) {
      taxonomy
          .attribute(stated)
          .ifPresent(a -> implied.addAll(impliedBy(taxonomy, a, attrs.get(a.path())).keySet()));
    }
    // A short persona (a small taxonomy) says everything, one fact a sentence: leaving out or
    // joining facts is for narratives long enough to read alike, and would push short ones under
    // a word minimum.
    boolean full =
        taxonomy.attributes().stream().filter(a -> attrs.get(a.path()) != null).count()
            >= DEFAULT_FULL_FROM;
    if (!full) {
      implied.clear();
    }
    for (Attribute a : taxonomy.attributes()) {
      String value = attrs.get(a.path());
      if (value == null
          || implied.contains(a.path())
          || a.type() == AttributeType.NAME
          || Taxonomy.isStyle(a.path())
          || a == pronounSource
          || a.path().equals(AGE)
          || a.path().equals(CITY)
          || a.path().equals(OCCUPATION)) {
        continue;
      }
      if (full && unremarkable(a, value, attrs) && rnd.nextInt(DEFAULT_UNREMARKABLE_SKIP) == 0) {
        continue;
      }
      Fact f = fact(a, value, rnd);
      if (f != null) {
        String top = a.path().substring(0, a.path().indexOf('.') < 0 ? 0 : a.path().indexOf('.'));
        byCategory.computeIfAbsent(top, k -> new ArrayList<>()).add(f);
      }
    }
    List<String> paragraphs = new ArrayList<>();
    paragraphs.add(opening.toString());
    for (List<Fact> facts : byCategory.values()) {
      shuffle(facts, rnd);
      facts = aggregate(facts);
      StringBuilder para = new StringBuilder();
      for (int i = 0; i < facts.size(); i++) {
        // A paragraph's first sentence names the person; later ones mostly use the pronoun, now
        // and then the name or the age ("At 56, she ...").
        int who = rnd.nextInt(10);
        Subject subject =
            i == 0 || who < 5
                ? Subject.NAME
                : who == 5 && full && v.age() != null ? Subject.AT_AGE : Subject.PRONOUN;
        Fact f = facts.get(i);
        boolean opensParagraph = i == 0;
        String s;
        String pred = f.predicateText(rnd);
        String next =
            full && i + 1 < facts.size() && rnd.nextInt(DEFAULT_JOIN_OF) < DEFAULT_JOIN_IN
                ? facts.get(i + 1).predicateText(rnd)
                : null;
        if (subject == Subject.AT_AGE
            && !(presentTense(pred) && (next == null || presentTense(next)))) {
          subject = Subject.PRONOUN; // "At 56, she went to college" would date the past wrongly
        }
        if (pred != null && next != null && joinable(pred) && joinable(next)) {
          // Two or three facts in one clause ("is a night owl and wakes up at 8 o'clock"), as
          // people write; a fact per sentence with its own subject is a form.
          String third =
              i + 2 < facts.size() && rnd.nextInt(DEFAULT_JOIN_OF) < DEFAULT_JOIN_IN
                  ? facts.get(i + 2).predicateText(rnd)
                  : null;
          if (third != null
              && joinable(third)
              && (subject != Subject.AT_AGE || presentTense(third))) {
            s =
                v.clause(subject, v.fillInside(pred), v.fillInside(next), v.fillInside(third))
                    + ".";
            i += 2;
          } else {
            s = v.clause(subject, v.fillInside(pred), v.fillInside(next)) + ".";
            i++;
          }
        } else {
          s =
              pred != null
                  ? v.clause(subject, v.fillInside(pred)) + "."
                  : f.render(v, subject, rnd);
        }
        if (opensParagraph && paragraphs.size() > 1) {
          if (rnd.nextInt(DEFAULT_TRANSITION_EVERY) == 0) {
            s = withTransition(pick(TRANSITIONS, rnd), s, first);
          }
        }
        para.append(opensParagraph ? "" : " ").append(s);
      }
      paragraphs.add(para.toString());
    }
    String narrative = String.join("\n\n", paragraphs);
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("name", name);
    fields.put("summary", summary(name, age, occupation, city));
    return new Draft(narrative, fields, narrative, 0, 0);
  }

  /**
   * The attributes whose value {@code value} of {@code a} settles, with that value: an attribute
   * {@code a} is drawn within ("age 56" lies only in the 55-64 age band's range; Columbus only in
   * the midwest's list). Those go unstated once {@code a} is, as saying both repeats one fact. An
   * attribute is settled only when every one of its values has its own conditional of {@code a} (so
   * the unconditional domain never applies) and exactly one of them can yield {@code value}.
   */
  static Map<String, String> impliedBy(Taxonomy taxonomy, Attribute a, String value) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value == null || a.conditionals().isEmpty()) {
      return out;
    }
    for (String dep : a.dependencies()) {
      Map<String, Boolean> yields = new LinkedHashMap<>();
      boolean simple = true;
      for (Conditional c : a.conditionals()) {
        if (!c.when().keySet().equals(Set.of(dep))) {
          simple = false;
          break;
        }
        yields.merge(c.when().get(dep), canYield(c.domain(), value), (x, y) -> x || y);
      }
      if (!simple) {
        continue;
      }
      boolean covered =
          taxonomy
              .attribute(dep)
              .map(d -> yields.keySet().containsAll(d.possibleValues()))
              .orElse(false);
      List<String> yielding =
          yields.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
      if (covered && yielding.size() == 1) {
        out.put(dep, yielding.get(0));
      }
    }
    return out;
  }

  private static boolean canYield(Domain d, String value) {
    if (d instanceof Domain.Categorical c) {
      int i = c.values().indexOf(value);
      return i >= 0 && c.weights().get(i) > 0;
    }
    if (d instanceof Domain.IntegerRange r) {
      try {
        long v = Long.parseLong(value.trim());
        return v >= r.min() && v <= r.max();
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return false;
  }

  /**
   * The drawn value of a yes/no or categorical attribute (not a core one) is unremarkable when it
   * had at least this chance given the persona's other attributes ("does not vape", "was born in
   * the US").
   */
  private static final double DEFAULT_UNREMARKABLE = 0.8;

  /**
   * One unremarkable fact in this many goes unstated: what nearly everyone shares makes every
   * narrative alike and tells a reader little. The persona's attributes still hold it.
   */
  private static final int DEFAULT_UNREMARKABLE_SKIP = 2;

  private static boolean unremarkable(Attribute a, String value, AttributeSet attrs) {
    if (a.core()) {
      return false; // who the person is: always said
    }
    Domain d = a.domainGiven(attrs.values());
    double chance;
    if (d instanceof Domain.Bool b) {
      chance = "true".equals(value) ? b.pTrue() : 1 - b.pTrue();
    } else if (d instanceof Domain.Categorical c && c.values().contains(value)) {
      double sum = c.weights().stream().mapToDouble(Double::doubleValue).sum();
      chance = c.weights().get(c.values().indexOf(value)) / sum;
    } else {
      return false;
    }
    return chance >= DEFAULT_UNREMARKABLE;
  }

  /**
   * Who a sentence is about: the first name, the pronoun, or the pronoun at an age ("At 56, she").
   */
  private enum Subject {
    NAME,
    PRONOUN,
    AT_AGE
  }

  /**
   * How one attribute (or a list of them) is stated: a predicate for a subject, a whole sentence,
   * or a list under a shared head ("enjoys" + hiking, cooking) whose verb is chosen when it is
   * rendered.
   */
  private record Fact(String predicate, String sentence, String head, List<String> items) {
    static Fact predicate(String predicate) {
      return new Fact(predicate, null, null, null);
    }

    static Fact sentence(String sentence) {
      return new Fact(null, sentence, null, null);
    }

    String render(Voice v, Subject who, SplittableRandom rnd) {
      if (sentence != null) {
        return v.fill(sentence, Map.of(), who != Subject.PRONOUN);
      }
      return v.clause(who, v.fillInside(predicateText(rnd))) + ".";
    }

    /** The predicate with its head's verb chosen, for "she"/"he"; null for a whole sentence. */
    String predicateText(SplittableRandom rnd) {
      if (sentence != null) {
        return null;
      }
      String pred = predicate;
      if (head != null) {
        List<String> said = items;
        String verb = pick(headSynonyms(head), rnd);
        if (head.equals("does not have")
            && rnd.nextBoolean()
            && items.stream().allMatch(i -> NO_OBJECT.matcher(i).matches())) {
          // "has no retirement account or diabetes": the article gives way to "no".
          verb = "has no";
          said = items.stream().map(i -> i.replaceFirst("^an? ", "")).toList();
        }
        pred = verb + " " + list(said, verb.equals("has no") ? " or " : listConjunction(head));
      }
      return pred;
    }
  }

  /**
   * Drawn attributes from which a persona is long enough to leave out what its age and city settle,
   * state unremarkable values half the time and join facts into clauses.
   */
  private static final int DEFAULT_FULL_FROM = 20;

  /** Neighbouring facts that can be are joined into one clause DEFAULT_JOIN_IN times in _OF. */
  private static final int DEFAULT_JOIN_IN = 2;

  private static final int DEFAULT_JOIN_OF = 3;

  /** A predicate in the present tense ("has", "lives", "does not"), which "At 56," may open. */
  private static boolean presentTense(String predicate) {
    if (predicate == null) {
      return false;
    }
    int sp = predicate.indexOf(' ');
    String verb = sp < 0 ? predicate : predicate.substring(0, sp);
    return verb.endsWith("s") && !verb.equals("was");
  }

  /** A predicate that joins with "and" without making a list in a list. */
  private static boolean joinable(String predicate) {
    return !predicate.contains(" and ") && !predicate.contains(" or ") && !predicate.contains(",");
  }

  /** The ways to say a list head: the score frames for "scores high on", synonyms, or itself. */
  static List<String> headSynonyms(String head) {
    if (head.startsWith("scores ") && head.endsWith(" on")) {
      String canonical = head.substring("scores ".length(), head.length() - " on".length());
      List<String> out = new ArrayList<>();
      for (String level : LEVEL_SYNONYMS.getOrDefault(canonical, List.of(canonical))) {
        for (String frame : SCORE_HEADS) {
          out.add(String.format(frame, frame.startsWith("has ") ? withArticle(level) : level));
        }
      }
      return out;
    }
    return HEAD_SYNONYMS.getOrDefault(head, List.of(head));
  }

  private static String listConjunction(String head) {
    return head.startsWith("does not") ? " or " : " and ";
  }

  private Fact fact(Attribute a, String value, SplittableRandom rnd) {
    String words = value;
    String phrase = a.phrasing().phraseFor(value);
    if (phrase != null) {
      // A taxonomy phrase may offer alternatives ("is married | has a spouse"): one per persona.
      List<String> alternatives = Phrasing.alternatives(phrase);
      return Fact.predicate(plurals(pick(alternatives, rnd).replace("{value}", words)));
    }
    String label = a.label();
    Matcher scale = SCALE.matcher(label);
    String bare = scale.find() ? label.substring(0, scale.start()) : label;
    String firstWord = label.split("\\s+")[0];
    switch (a.type()) {
      case BOOLEAN -> {
        boolean yes = "true".equals(value);
        if (VERBS.contains(firstWord)) {
          return Fact.predicate(yes ? label : negate(label));
        }
        return Fact.sentence(
            pick(YES_NO_FACTS, rnd)
                .replace("{label}", label)
                .replace("{answer}", yes ? "yes" : "no"));
      }
      case INTEGER, NUMBER -> {
        if (isScore(a, scale)) {
          String score = SCORES.get(Integer.parseInt(value) - 1);
          // A predicate, so that scores at one level join into one sentence.
          return Fact.predicate("scores " + score + " on " + bare);
        }
        if (scale.find(0)) {
          String range = " on a scale of " + scale.group(1) + " to " + scale.group(2);
          return Fact.sentence(
              pick(
                  List.of(
                      "{Their} " + bare + " is " + value + range + ".",
                      "{Subj} rates {their} " + bare + " at " + value + range + ".",
                      capitalize(range.strip()) + ", {their} " + bare + " is " + value + "."),
                  rnd));
        }
        return Fact.sentence(
            pick(NUMBER_FACTS, rnd).replace("{label}", label).replace("{value}", words));
      }
      case TEXT -> {
        return null; // the offline writer records no text
      }
      default -> {
        if (VERBS.contains(firstWord)) {
          return Fact.predicate(label + " " + words);
        }
        if (value.equals("none")) {
          return Fact.predicate("has no " + label); // not "names none as her first job"
        }
        // "Her feelings about AI is ..." would not agree: a plural-looking head noun gets a frame
        // without a verb of its own.
        String template =
            pick(
                firstWord.endsWith("s") && !firstWord.endsWith("ss")
                    ? PLURAL_NOUN_FACTS
                    : NOUN_FACTS,
                rnd);
        return Fact.sentence(template.replace("{label}", label).replace("{value}", words));
      }
    }
  }

  /**
   * Text before a counted 0 that reads "no" instead: a verb ("has", "took", "has visited"), not a
   * preposition ("for 0 years", "about 0 times").
   */
  private static final String ZERO_AS_NO =
      "(?s)(.*\\s)?(?!(?:for|at|about|in|on|of|to|by|with|under|over)\\s$)[a-z]+ $";

  /** A number, then words up to one with a plural mark: "2 streaming subscription(s)". */
  private static final Pattern COUNTED =
      Pattern.compile("\\b(\\d+(?:\\.\\d+)?) ((?:[A-Za-z-]+ ){0,3}?[A-Za-z]+)\\((s|es|ren|ies)\\)");

  /**
   * "1 sibling(s)" → "1 sibling", "3 child(ren)" → "3 children", and after "has", "has 0
   * child(ren)" → "has no children".
   */
  static String plurals(String phrase) {
    Matcher m = COUNTED.matcher(phrase);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      boolean one = m.group(1).equals("1");
      String word =
          m.group(3).equals("ies")
              ? m.group(2) + (one ? "y" : "ies")
              : m.group(2) + (one ? "" : m.group(3));
      String before = phrase.substring(0, m.start());
      boolean none = m.group(1).equals("0") && before.matches(ZERO_AS_NO);
      m.appendReplacement(sb, Matcher.quoteReplacement((none ? "no" : m.group(1)) + " " + word));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** Verbs whose objects join into one list ("enjoys hiking, cooking and yoga"). */
  private static final Set<String> LISTING = Set.of("enjoys", "uses", "owns");

  /**
   * Verbs whose negated objects join into one list ("does not have diabetes or asthma"); "has" only
   * when negated, as its positive objects are too unlike to list ("has 2 children and a garden").
   */
  private static final Set<String> NEGATED_LISTING = Set.of("enjoys", "uses", "owns", "has");

  /** Most items one listed sentence takes, so lists stay readable. */
  private static final int DEFAULT_MAX_LIST = 4;

  /**
   * The head that predicates share when they can be stated as one list: "enjoys", "does not use",
   * "scores very high on"; null for a predicate that stands alone.
   */
  static String listHead(String predicate) {
    String[] w = predicate.split(" ");
    if (w.length >= 4
        && w[0].equals("does")
        && w[1].equals("not")
        && NEGATED_LISTING.contains(w[2].equals("have") ? "has" : w[2] + "s")) {
      return w[0] + " " + w[1] + " " + w[2];
    }
    if (w[0].equals("scores")) {
      int on = Arrays.asList(w).indexOf("on");
      return on > 1 && on < w.length - 1 ? String.join(" ", Arrays.copyOf(w, on + 1)) : null;
    }
    return w.length >= 2 && LISTING.contains(w[0]) ? w[0] : null;
  }

  /**
   * Joins predicates with the same list head into one fact, at the place of the first: "does not
   * enjoy golf, fishing or hunting". Repeating one frame per attribute is what made offline
   * narratives read like forms (and look alike to dedup and diversity metrics).
   */
  static List<Fact> aggregate(List<Fact> facts) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (Fact f : facts) {
      String head = f.predicate() == null ? null : listHead(f.predicate());
      if (head != null) {
        groups
            .computeIfAbsent(head, k -> new ArrayList<>())
            .add(f.predicate().substring(head.length() + 1));
      }
    }
    List<Fact> out = new ArrayList<>(facts.size());
    Set<String> done = new HashSet<>();
    for (Fact f : facts) {
      String head = f.predicate() == null ? null : listHead(f.predicate());
      if (head == null) {
        out.add(f);
        continue;
      }
      if (!done.add(head)) {
        continue;
      }
      List<String> items = groups.get(head);
      for (int from = 0; from < items.size(); from += DEFAULT_MAX_LIST) {
        List<String> part = items.subList(from, Math.min(items.size(), from + DEFAULT_MAX_LIST));
        out.add(new Fact(null, null, head, List.copyOf(part)));
      }
    }
    return out;
  }

  private static String list(List<String> items, String conjunction) {
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + conjunction
        + items.get(items.size() - 1);
  }

  private static boolean isScore(Attribute a, Matcher scale) {
    if (a.type() != AttributeType.INTEGER) {
      return false;
    }
    if (scale.find(0)) {
      return scale.group(1).equals("1") && scale.group(2).equals("5");
    }
    return a.domain() instanceof Domain.IntegerRange r
        && r.min() == 1
        && r.max() == 5
        && a.conditionals().isEmpty();
  }

  /** "has a garden" → "does not have a garden"; "can swim" → "cannot swim". */
  static String negate(String predicate) {
    int sp = predicate.indexOf(' ');
    String verb = sp < 0 ? predicate : predicate.substring(0, sp);
    String rest = sp < 0 ? "" : predicate.substring(sp);
    return switch (verb) {
      case "is", "was" -> verb + " not" + rest;
      case "can" -> "cannot" + rest;
      case "could" -> "could not" + rest;
      case "gave" -> "did not give" + rest;
      case "grew" -> "did not grow" + rest;
      default -> "does not " + baseForm(verb) + rest;
    };
  }

  /** The plural (and infinitive) form of a third-person singular verb. */
  static String baseForm(String verb) {
    return switch (verb) {
      case "is" -> "are";
      case "has" -> "have";
      case "does" -> "do";
      case "was" -> "were";
      case "isn't" -> "aren't";
      case "hasn't" -> "haven't";
      case "doesn't" -> "don't";
      case "wasn't" -> "weren't";
      default -> {
        if (!verb.endsWith("s") || verb.endsWith("ss") || verb.length() < 3) {
          yield verb; // past tense, modal or already plural
        }
        if (verb.endsWith("ies") && verb.length() > 4) {
          yield verb.substring(0, verb.length() - 3) + "y";
        }
        if (verb.matches(".*(sses|shes|ches|xes|zes|oes)")) {
          yield verb.substring(0, verb.length() - 2);
        }
        yield verb.substring(0, verb.length() - 1);
      }
    };
  }

  private static String withTransition(String transition, String sentence, String first) {
    boolean keepCase = sentence.startsWith(first + " ") || sentence.startsWith(first + "'");
    return transition
        + (keepCase ? sentence : sentence.substring(0, 1).toLowerCase(Locale.ROOT))
        + (keepCase ? "" : sentence.substring(1));
  }

  private Pronouns pronouns(AttributeSet attrs) {
    if (pronounSource == null) {
      return Pronouns.THEY;
    }
    String value = attrs.get(pronounSource.path());
    String subject =
        pronounSource.pronouns().isEmpty()
            ? "female".equals(value) ? "she" : "male".equals(value) ? "he" : "they"
            : pronounSource.pronouns().getOrDefault(value == null ? "" : value, "they");
    return Pronouns.of(subject);
  }

  /** A name for taxonomies that draw none: SSA first names by pronoun, Census surnames. */
  private static String fallbackName(Pronouns p, SplittableRandom rnd) {
    NameTable firsts = NameTable.load("builtin:us-first-names", null);
    NameTable lasts = NameTable.load("builtin:us-surnames", null);
    String sex = p == Pronouns.SHE ? "female" : p == Pronouns.HE ? "male" : NameTable.ANY;
    String firstName =
        firsts.name(firsts.draw(new String[] {sex, NameTable.ANY}, rnd.nextDouble()));
    String last = lasts.name(lasts.draw(new String[] {NameTable.ANY}, rnd.nextDouble()));
    return firstName + " " + last;
  }

  private static String summary(String name, String age, String occupation, String city) {
    StringBuilder sb = new StringBuilder(name);
    if (age != null) {
      sb.append(", ").append(age);
    }
    if (occupation != null) {
      sb.append(", ").append(occupation);
    }
    if (city != null) {
      sb.append(", ").append(city);
    }
    return sb.toString();
  }

  /** "a 56", "an 18", "an 8", "an 11", "an 80": the article as the number is spoken. */
  static String numberWithArticle(String number) {
    String n = number.trim();
    boolean an =
        n.startsWith("8")
            || n.equals("11")
            || n.equals("18")
            || (n.length() % 3 == 2 && (n.startsWith("11") || n.startsWith("18")));
    return (an ? "an " : "a ") + n;
  }

  private static String withArticle(String noun) {
    if (noun.isEmpty()) {
      return noun;
    }
    return ("aeiou".indexOf(Character.toLowerCase(noun.charAt(0))) >= 0 ? "an " : "a ") + noun;
  }

  static String capitalize(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }

  private static <T> T pick(List<T> list, SplittableRandom rnd) {
    return list.get(rnd.nextInt(list.size()));
  }

  private static <T> void shuffle(List<T> list, SplittableRandom rnd) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }

  /** The persona as the sentences refer to it. */
  private record Voice(Pronouns p, String name, String first, String age) {
    /**
     * Fills a whole-sentence template. {@code byName} makes {Subj}/{Their} the first name (and its
     * possessive) instead of the pronoun.
     */
    String fill(String template, Map<String, String> values, boolean byName) {
      String s = template;
      for (Map.Entry<String, String> e : values.entrySet()) {
        s = s.replace("{" + e.getKey() + "}", e.getValue());
      }
      String subj = byName ? first : p.subject;
      String their = byName ? first + "'s" : p.possessive;
      if (!byName && p == Pronouns.THEY) {
        s = agreeAfter(s, "{Subj} ");
        s = agreeAfter(s, "{subj} ");
      }
      s =
          s.replace("{Name}", name)
              .replace("{First}", first)
              .replace("{Subj}", capitalize(subj))
              .replace("{subj}", subj)
              .replace("{Their}", capitalize(their))
              .replace("{their}", p.possessive);
      return fillInside(s);
    }

    /** Replaces pronoun placeholders inside a phrase ({their}, {them}, {themselves}). */
    /** A subject and its predicates ("a, b and c"), each agreeing with the subject. */
    String clause(Subject who, String... predicates) {
      StringBuilder sb =
          new StringBuilder(
              switch (who) {
                case NAME -> first;
                case AT_AGE -> "At " + age + ", " + p.subject;
                case PRONOUN -> capitalize(p.subject);
              });
      for (int i = 0; i < predicates.length; i++) {
        sb.append(i == 0 ? " " : i == predicates.length - 1 ? " and " : ", ")
            .append(who == Subject.NAME ? predicates[i] : p.agree(predicates[i]));
      }
      return sb.toString();
    }

    String fillInside(String s) {
      return s.replace("{their}", p.possessive)
          .replace("{them}", p.object)
          .replace("{themselves}", p.reflexive)
          .replace("{they}", p.subject);
    }

    private String agreeAfter(String s, String marker) {
      int at = s.indexOf(marker);
      if (at < 0) {
        return s;
      }
      int from = at + marker.length();
      return s.substring(0, from) + p.agree(s.substring(from));
    }
  }

  private enum Pronouns {
    SHE("she", "her", "her", "herself"),
    HE("he", "him", "his", "himself"),
    THEY("they", "them", "their", "themselves");

    final String subject;
    final String object;
    final String possessive;
    final String reflexive;

    Pronouns(String subject, String object, String possessive, String reflexive) {
      this.subject = subject;
      this.object = object;
      this.possessive = possessive;
      this.reflexive = reflexive;
    }

    static Pronouns of(String subject) {
      return switch (subject) {
        case "she" -> SHE;
        case "he" -> HE;
        default -> THEY;
      };
    }

    /** The predicate agreeing with this pronoun: "has a garden" → "have a garden" for they. */
    String agree(String predicate) {
      if (this != THEY) {
        return predicate;
      }
      int sp = predicate.indexOf(' ');
      String verb = sp < 0 ? predicate : predicate.substring(0, sp);
      return baseForm(verb) + (sp < 0 ? "" : predicate.substring(sp));
    }
  }
}
