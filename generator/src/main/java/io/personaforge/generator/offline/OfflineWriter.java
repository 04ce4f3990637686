package io.personaforge.generator.offline;

import io.personaforge.generator.Draft;
import io.personaforge.generator.PersonaWriter;
import io.personaforge.generator.WriteRequest;
import io.personaforge.generator.WriterInfo;
import io.personaforge.taxonomy.Attribute;
import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.AttributeType;
import io.personaforge.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The built-in writer: composes a narrative from the attributes alone, with no LLM. Sentences are
 * drawn from varied templates with the persona's own seed, so narratives differ in wording and
 * order but the same persona always gets the same text. Every sampled attribute is stated, in the
 * taxonomy's words, so the narrative never contradicts its attributes.
 */
public final class OfflineWriter implements PersonaWriter {
  /** Model name recorded on personas; bump the version when the templates change. */
  public static final String MODEL = "offline-templates";

  public static final String PROMPT_VERSION = "offline-v1";

  private static final String GENDER = "demographics.gender";
  private static final String AGE = "demographics.age";
  private static final String CITY = "location.city";
  private static final String OCCUPATION = "work.occupation";

  private static final List<String> FEMALE_NAMES =
      List.of(
          "Maria", "Aisha", "Emily", "Grace", "Sofia", "Hannah", "Priya", "Olivia", "Mei", "Fatima",
          "Chloe", "Rosa", "Naomi", "Leah", "Zoe", "Camila", "Ava", "Nadia", "Julia", "Keisha",
          "Ingrid", "Yuki", "Amara", "Clara", "Lucia", "Tanya", "Ruth", "Elena", "Isabel", "Mina");
  private static final List<String> MALE_NAMES =
      List.of(
          "James", "Carlos", "Wei", "Omar", "Daniel", "Marcus", "Raj", "Liam", "Diego", "Samuel",
          "Ethan", "Andre", "Hiroshi", "Noah", "Malik", "Lucas", "Victor", "Tomas", "Kwame", "Owen",
          "Felix", "Jamal", "Arjun", "Henry", "Mateo", "Isaac", "Leon", "Elijah", "Ravi", "Paul");
  private static final List<String> SURNAMES =
      List.of(
          "Garcia",
          "Johnson",
          "Nguyen",
          "Smith",
          "Patel",
          "Kim",
          "Brown",
          "Martinez",
          "Williams",
          "Chen",
          "Okafor",
          "Rossi",
          "Cohen",
          "Lopez",
          "Anderson",
          "Hughes",
          "Walker",
          "Ramirez",
          "Novak",
          "Murphy",
          "Sato",
          "Khan",
          "Jackson",
          "Silva",
          "Reyes",
          "Fischer",
          "Bennett",
          "Coleman",
          "Ortiz",
          "Turner",
          "Bailey",
          "Wright",
          "Dubois",
          "Haddad",
          "Moreau",
          "Lee");

  private static final List<String> OPENERS =
      List.of(
          "%NAME% is %AGE% years old and lives in %CITY%.",
          "Meet %NAME%, %AGE% years old, from %CITY%.",
          "%NAME%, %AGE% years old, calls %CITY% home.",
          "At %AGE% years old, %NAME% lives in %CITY%.",
          "%NAME% is a %AGE% years old resident of %CITY%.");
  private static final List<String> WORK =
      List.of(
          "%SUBJ_CAP% works as %OCC_A%.",
          "By occupation, %SUBJ% is %OCC_A%.",
          "%POSS_CAP% occupation: %OCC%.",
          "Day to day, %SUBJ% works as %OCC_A%.");
  private static final List<String> FACTS =
      List.of(
          "%POSS_CAP% %LABEL% is %VALUE%.",
          "When it comes to %LABEL%, %SUBJ% is best described as %VALUE%.",
          "%LABEL_CAP%: %VALUE%.",
          "As for %POSS% %LABEL%, it is %VALUE%.",
          "%SUBJ_CAP% would tell you that %POSS% %LABEL% is %VALUE%.");
  private static final java.util.regex.Pattern NOT_A_JOB =
      java.util.regex.Pattern.compile("^(retired|student|homemaker|job seeker)");
  private static final List<String> SCORES =
      List.of("very low", "low", "moderate", "high", "very high");

  private final Taxonomy taxonomy;

  public OfflineWriter(Taxonomy taxonomy) {
    this.taxonomy = taxonomy;
  }

  @Override
  public WriterInfo info() {
    return new WriterInfo("offline", MODEL, PROMPT_VERSION);
  }

  @Override
  public Draft write(WriteRequest request) {
    SplittableRandom rnd = new SplittableRandom(request.seed() ^ 0x2545F4914F6CDD1DL);
    AttributeSet attrs = request.attributes();
    Pronouns p = Pronouns.of(attrs.get(GENDER));
    String name = name(attrs.get(GENDER), rnd);
    List<String> sentences = new ArrayList<>();
    String age = attrs.get(AGE);
    String city = attrs.get(CITY);
    if (age != null || city != null) {
      String opener =
          age != null && city != null
              ? pick(OPENERS, rnd)
              : age != null ? "%NAME% is %AGE% years old." : "%NAME% lives in %CITY%.";
      sentences.add(fill(opener, p, name, age, city, null, null));
    } else {
      sentences.add(name + " is the person described here.");
    }
    String occupation = attrs.get(OCCUPATION);
    if (occupation != null) {
      String template =
          occupation.equals("none")
              ? "%SUBJ_CAP% has no occupation right now."
              : NOT_A_JOB.matcher(occupation).find() ? "%SUBJ_CAP% is %OCC_A%." : pick(WORK, rnd);
      sentences.add(fill(template, p, name, age, city, occupation, null));
    }
    List<String> facts = new ArrayList<>();
    for (Map.Entry<String, String> e : attrs.values().entrySet()) {
      String path = e.getKey();
      if (path.equals(GENDER) || path.equals(AGE) || path.equals(CITY) || path.equals(OCCUPATION)) {
        continue;
      }
      Attribute a = taxonomy.attribute(path).orElse(null);
      String label =
          a == null ? path.substring(path.lastIndexOf('.') + 1).replace('_', ' ') : a.label();
      String value = valueWords(a, e.getValue());
      if (value.isEmpty()) {
        continue;
      }
      facts.add(fill(pick(FACTS, rnd), p, name, age, city, label, value));
    }
    shuffle(facts, rnd);
    sentences.addAll(facts);
    String narrative = String.join(" ", sentences);
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("name", name);
    fields.put("summary", summary(name, age, occupation, city));
    return new Draft(narrative, fields, narrative, 0, 0);
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

  private static String valueWords(Attribute a, String value) {
    if (a == null) {
      return value;
    }
    if (a.type() == AttributeType.BOOLEAN) {
      return "true".equals(value) ? "yes" : "no";
    }
    if (a.type() == AttributeType.INTEGER
        && a.path().startsWith("personality.")
        && value.matches("[1-5]")) {
      return SCORES.get(Integer.parseInt(value) - 1) + " (" + value + " of 5)";
    }
    return value;
  }

  private static String name(String gender, SplittableRandom rnd) {
    List<String> first =
        "female".equals(gender)
            ? FEMALE_NAMES
            : "male".equals(gender) ? MALE_NAMES : rnd.nextBoolean() ? FEMALE_NAMES : MALE_NAMES;
    return pick(first, rnd) + " " + pick(SURNAMES, rnd);
  }

  private static String fill(
      String template,
      Pronouns p,
      String name,
      String age,
      String city,
      String label,
      String value) {
    String occ = label == null ? "" : label;
    return template
        .replace("%NAME%", name)
        .replace("%AGE%", age == null ? "" : age)
        .replace("%CITY%", city == null ? "" : city)
        .replace("%OCC_A%", article(occ) + " " + occ)
        .replace("%OCC%", occ)
        .replace("%LABEL_CAP%", capitalize(occ))
        .replace("%LABEL%", occ)
        .replace("%VALUE%", value == null ? "" : value)
        .replace("%SUBJ_CAP%", capitalize(p.subject()))
        .replace("%SUBJ%", p.subject())
        .replace("%POSS_CAP%", capitalize(p.possessive()))
        .replace("%POSS%", p.possessive());
  }

  private static String article(String noun) {
    if (noun.isEmpty()) {
      return "";
    }
    return "aeiou".indexOf(Character.toLowerCase(noun.charAt(0))) >= 0 ? "an" : "a";
  }

  private static String capitalize(String s) {
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

  private record Pronouns(String subject, String possessive) {
    static Pronouns of(String gender) {
      if ("female".equals(gender)) {
        return new Pronouns("she", "her");
      }
      if ("male".equals(gender)) {
        return new Pronouns("he", "his");
      }
      return new Pronouns("they", "their");
    }
  }
}
