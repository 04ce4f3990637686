package io.personaforge.generator.offline;

import io.personaforge.generator.Draft;
import io.personaforge.generator.PersonaWriter;
import io.personaforge.generator.WriteRequest;
import io.personaforge.generator.WriterInfo;
import io.personaforge.taxonomy.Attribute;
import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.AttributeType;
import io.personaforge.taxonomy.Domain;
import io.personaforge.taxonomy.NameTable;
import io.personaforge.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  public static final String PROMPT_VERSION = "offline-v2";

  private static final String AGE = "demographics.age";
  private static final String CITY = "location.city";
  private static final String OCCUPATION = "work.occupation";

  private static final List<String> OPENERS =
      List.of(
          "{Name} is {age} years old and lives in {city}.",
          "Meet {Name}, who is {age} years old and lives in {city}.",
          "{Name}, {age} years old, calls {city} home.",
          "{Name} lives in {city} and is {age} years old.",
          "At {age} years old, {Name} makes {their} home in {city}.");
  private static final List<String> WORK =
      List.of(
          "{Subj} works as {occ_a}.",
          "By trade, {subj} is {occ_a}.",
          "{Subj} earns {their} living as {occ_a}.",
          "Day to day, {subj} works as {occ_a}.");

  /** Generic sentences for a categorical value whose label is a noun phrase. */
  private static final List<String> NOUN_FACTS =
      List.of(
          "{Their} {label} is {value}.",
          "{First}'s {label} is {value}.",
          "When it comes to {their} {label}, the answer is {value}.");

  /** Generic sentences for a number. */
  private static final List<String> NUMBER_FACTS =
      List.of(
          "For {their} {label}, the figure is {value}.",
          "The figure for {their} {label} is {value}.");

  /** Openings of later paragraphs, so they do not all start alike. */
  private static final List<String> TRANSITIONS =
      List.of("", "", "", "Beyond that, ", "In addition, ", "On another note, ", "Also, ");

  private static final List<String> SCORES =
      List.of("very low", "low", "moderate", "high", "very high");

  /** Third-person verbs a label may start with ("owns a tablet", "enjoys hiking"). */
  private static final java.util.Set<String> VERBS =
      java.util.Set.of(
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
    return new WriterInfo("offline", MODEL, PROMPT_VERSION);
  }

  @Override
  public Draft write(WriteRequest request) {
    SplittableRandom rnd = new SplittableRandom(request.seed() ^ 0x2545F4914F6CDD1DL);
    AttributeSet attrs = request.attributes();
    Pronouns p = pronouns(attrs);
    String name = taxonomy.fullName(attrs.values()).orElseGet(() -> fallbackName(p, rnd));
    String first = name.split(" ")[0];
    Voice v = new Voice(p, name, first);
    String age = attrs.get(AGE);
    String city = attrs.get(CITY);
    String occupation = attrs.get(OCCUPATION);
    StringBuilder opening = new StringBuilder();
    if (age != null && city != null) {
      opening.append(v.fill(pick(OPENERS, rnd), Map.of("age", age, "city", city), true));
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
    for (Attribute a : taxonomy.attributes()) {
      String value = attrs.get(a.path());
      if (value == null
          || a.type() == AttributeType.NAME
          || Taxonomy.isStyle(a.path())
          || a == pronounSource
          || a.path().equals(AGE)
          || a.path().equals(CITY)
          || a.path().equals(OCCUPATION)) {
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
        // A paragraph's first sentence names the person; later ones mostly use the pronoun.
        boolean byName = i == 0 || rnd.nextInt(5) == 0;
        String s = facts.get(i).render(v, byName);
        if (i == 0 && paragraphs.size() > 1) {
          s = withTransition(pick(TRANSITIONS, rnd), s, first);
        }
        para.append(i == 0 ? "" : " ").append(s);
      }
      paragraphs.add(para.toString());
    }
    String narrative = String.join("\n\n", paragraphs);
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("name", name);
    fields.put("summary", summary(name, age, occupation, city));
    return new Draft(narrative, fields, narrative, 0, 0);
  }

  /** How one attribute is stated: a predicate for a subject, or a whole sentence. */
  private record Fact(String predicate, String sentence) {
    String render(Voice v, boolean byName) {
      if (predicate != null) {
        String subject = byName ? v.first : v.p.subject;
        String pred = v.fillInside(predicate);
        return capitalize(subject) + " " + (byName ? pred : v.p.agree(pred)) + ".";
      }
      return v.fill(sentence, Map.of(), byName);
    }
  }

  private Fact fact(Attribute a, String value, SplittableRandom rnd) {
    String words = value;
    String phrase = a.phrasing().phraseFor(value);
    if (phrase != null) {
      return new Fact(plurals(phrase.replace("{value}", words)), null);
    }
    String label = a.label();
    Matcher scale = SCALE.matcher(label);
    String bare = scale.find() ? label.substring(0, scale.start()) : label;
    String firstWord = label.split("\\s+")[0];
    switch (a.type()) {
      case BOOLEAN -> {
        boolean yes = "true".equals(value);
        if (VERBS.contains(firstWord)) {
          return new Fact(yes ? label : negate(label), null);
        }
        return new Fact(null, "Asked about " + label + ", {subj} says " + (yes ? "yes." : "no."));
      }
      case INTEGER, NUMBER -> {
        if (isScore(a, scale)) {
          String score = SCORES.get(Integer.parseInt(value) - 1);
          // A predicate, so that scores at one level join into one sentence.
          return new Fact("scores " + score + " on " + bare, null);
        }
        if (scale.find(0)) {
          return new Fact(
              null,
              "{Their} "
                  + bare
                  + " is "
                  + value
                  + " on a scale of "
                  + scale.group(1)
                  + " to "
                  + scale.group(2)
                  + ".");
        }
        return new Fact(
            null, pick(NUMBER_FACTS, rnd).replace("{label}", label).replace("{value}", words));
      }
      case TEXT -> {
        return null; // the offline writer records no text
      }
      default -> {
        if (VERBS.contains(firstWord)) {
          return new Fact(label + " " + words, null);
        }
        // "Her feelings about AI is ..." would not agree: a plural-looking head noun gets a frame
        // without a verb of its own.
        String template =
            firstWord.endsWith("s") && !firstWord.endsWith("ss")
                ? "When it comes to {their} {label}, the answer is {value}."
                : pick(NOUN_FACTS, rnd);
        return new Fact(null, template.replace("{label}", label).replace("{value}", words));
      }
    }
  }

  private static final Pattern COUNTED =
      Pattern.compile("\\b(\\d+(?:\\.\\d+)?) ([A-Za-z]+)\\((s|es|ren|ies)\\)");

  /** "1 sibling(s)" → "1 sibling", "3 child(ren)" → "3 children". */
  static String plurals(String phrase) {
    Matcher m = COUNTED.matcher(phrase);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      boolean one = m.group(1).equals("1");
      String word =
          m.group(3).equals("ies")
              ? m.group(2) + (one ? "y" : "ies")
              : m.group(2) + (one ? "" : m.group(3));
      m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + " " + word));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** Verbs whose objects join into one list ("enjoys hiking, cooking and yoga"). */
  private static final java.util.Set<String> LISTING = java.util.Set.of("enjoys", "uses", "owns");

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
        && LISTING.contains(w[2] + "s")) {
      return w[0] + " " + w[1] + " " + w[2];
    }
    if (w[0].equals("scores")) {
      int on = java.util.Arrays.asList(w).indexOf("on");
      return on > 1 && on < w.length - 1
          ? String.join(" ", java.util.Arrays.copyOf(w, on + 1))
          : null;
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
    java.util.Set<String> done = new java.util.HashSet<>();
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
      String conjunction = head.startsWith("does not") ? " or " : " and ";
      for (int from = 0; from < items.size(); from += DEFAULT_MAX_LIST) {
        List<String> part = items.subList(from, Math.min(items.size(), from + DEFAULT_MAX_LIST));
        out.add(new Fact(head + " " + list(part, conjunction), null));
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
    if (transition.isEmpty()) {
      return sentence;
    }
    boolean keepCase = sentence.startsWith(first + " ") || sentence.startsWith(first + "'");
    return transition
        + (keepCase ? sentence : sentence.substring(0, 1).toLowerCase(java.util.Locale.ROOT))
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

  private static String withArticle(String noun) {
    if (noun.isEmpty()) {
      return noun;
    }
    return ("aeiou".indexOf(Character.toLowerCase(noun.charAt(0))) >= 0 ? "an " : "a ") + noun;
  }

  static String capitalize(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + s.substring(1);
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
  private record Voice(Pronouns p, String name, String first) {
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
