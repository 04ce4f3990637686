package io.personaforge.validator.checks;

import io.personaforge.validator.Check;
import io.personaforge.validator.Severity;
import io.personaforge.validator.Subject;
import io.personaforge.validator.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * The narrative carries none of an assistant's wrapping: "As an AI", "Sure! Here is", "I hope this
 * helps", refusals ("I cannot create", or a narrative that opens with "I cannot"). A first-person
 * narrative may say "I cannot stand traffic": only refusal phrasings are matched.
 */
public record BoilerplateCheck() implements Check {
  /** Lower-case phrases; each is an assistant talking, never a persona. */
  static final List<String> PHRASES =
      List.of(
          "as an ai",
          "as a language model",
          "as an assistant",
          "i am an ai",
          "i'm an ai",
          "sure! here",
          "sure, here",
          "sure! below",
          "certainly! here",
          "certainly, here",
          "here is a persona",
          "here's a persona",
          "here is the persona",
          "here is a narrative",
          "here's a narrative",
          "here is the narrative",
          "here is a revised",
          "here's a revised",
          "here is the revised",
          "i hope this helps",
          "let me know if you",
          "feel free to adjust",
          "i cannot fulfill",
          "i cannot create",
          "i cannot provide",
          "i cannot help",
          "i cannot assist",
          "i cannot write",
          "i can't help with",
          "i can't assist",
          "i can't create",
          "i'm sorry, but",
          "i am sorry, but",
          "i apologize, but");

  /** Phrases by their first two characters ((first - 'a') × 128 + second); null when none. */
  @SuppressWarnings("unchecked")
  private static final List<String>[] BY_PREFIX = new List[26 * 128];

  static {
    for (String p : PHRASES) {
      int key = (p.charAt(0) - 'a') * 128 + p.charAt(1);
      if (BY_PREFIX[key] == null) {
        BY_PREFIX[key] = new ArrayList<>();
      }
      BY_PREFIX[key].add(p);
    }
  }

  @Override
  public String name() {
    return "assistant_boilerplate";
  }

  @Override
  public List<Violation> check(Subject s) {
    String lower = s.lowerNarrative();
    if (lower.indexOf('’') >= 0) {
      lower = lower.replace('’', '\'');
    }
    List<String> found = new ArrayList<>(1);
    // Every phrase starts a word: look phrases up by their first letter at word starts only.
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (c >= 'a'
          && c <= 'z'
          && i + 1 < lower.length()
          && lower.charAt(i + 1) < 128
          && (i == 0 || !Character.isLetterOrDigit(lower.charAt(i - 1)))) {
        List<String> candidates = BY_PREFIX[(c - 'a') * 128 + lower.charAt(i + 1)];
        if (candidates == null) {
          continue;
        }
        for (String phrase : candidates) {
          if (lower.startsWith(phrase, i) && !found.contains(phrase)) {
            found.add(phrase);
          }
        }
      }
    }
    String start = lower.stripLeading();
    if (found.isEmpty() && (start.startsWith("i cannot") || start.startsWith("i can't"))) {
      found.add(start.startsWith("i cannot") ? "i cannot" : "i can't");
    }
    if (found.isEmpty()) {
      return List.of();
    }
    return List.of(
        new Violation(
            name(),
            Severity.ERROR,
            "remove the assistant's words (\""
                + String.join("\", \"", found)
                + "\"): write only the persona's narrative, with no preamble, refusal or"
                + " closing remark"));
  }
}
