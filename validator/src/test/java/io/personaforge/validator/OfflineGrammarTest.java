package io.personaforge.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.languagetool.JLanguageTool;
import org.languagetool.Languages;
import org.languagetool.rules.Categories;
import org.languagetool.rules.Rule;
import org.languagetool.rules.RuleMatch;

/**
 * LanguageTool's English grammar rules find nothing to correct in 1,000 offline narratives: 400 of
 * builtin:general, 400 of builtin:students and 200 of the custom-taxonomy example.
 *
 * <p>To stay cheap (LanguageTool takes about a second per whole narrative here), each distinct
 * sentence is checked once, with the persona's name replaced by one fixed name and every number but
 * 1 by 2: the writer's sentences repeat across personas, and no grammar rule depends on which name
 * or which plural number a sentence holds.
 */
class OfflineGrammarTest {
  /**
   * Grammar rules switched off, each for a reason that is not a grammar error of the writer:
   *
   * <ul>
   *   <li>TIK_TOK: brand capitalisation of a taxonomy value ("uses tiktok").
   *   <li>WORKER_COMPOUNDS: prefers "farmworker" to the taxonomy's occupation "farm worker", a
   *       spelling choice.
   * </ul>
   */
  private static final Set<String> DISABLED = Set.of("TIK_TOK", "WORKER_COMPOUNDS");

  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
  private static final Pattern NUMBER = Pattern.compile("\\b(?!1\\b)\\d+(?:\\.\\d+)?\\b");

  @Test
  void offlineNarrativesHaveNoGrammarErrors() throws IOException {
    JLanguageTool lt = new JLanguageTool(Languages.getLanguageForShortCode("en-US"));
    int grammarRules = 0;
    for (Rule r : lt.getAllRules()) {
      boolean grammar = r.getCategory().getId().equals(Categories.GRAMMAR.getId());
      if (!grammar || DISABLED.contains(r.getId())) {
        lt.disableRule(r.getId());
      } else {
        grammarRules++;
      }
    }
    assertTrue(grammarRules > 100, "English grammar rules loaded: " + grammarRules);
    Set<String> sentences = new LinkedHashSet<>();
    int narratives = 0;
    for (String ref :
        List.of(
            "builtin:general",
            "builtin:students",
            "../examples/custom/clinic-patients.taxonomy.yaml")) {
      Taxonomy taxonomy = TaxonomyLoader.load(ref, Path.of(""));
      int n = ref.startsWith("builtin:") ? 400 : 200;
      for (Subject s : OfflineCorpusTest.corpus(taxonomy, n, 23)) {
        narratives++;
        String[] name = s.fields().get("name").split(" ");
        String text = s.narrative();
        for (int k = name.length - 1; k >= 0; k--) {
          text =
              text.replaceAll("\\b" + Pattern.quote(name[k]) + "\\b", k == 0 ? "Alex" : "Morgan");
        }
        // Numbers other than 1 become 2 ("1 sibling" / "2 siblings" keep their agreement).
        text = NUMBER.matcher(text).replaceAll("2");
        for (String sentence : SENTENCE_END.split(text.replace("\n\n", " "))) {
          sentences.add(sentence.strip());
        }
      }
    }
    assertEquals(1000, narratives);
    // Checked in batches, one sentence per paragraph, so no rule reads across two sentences.
    List<String> problems = new ArrayList<>();
    List<String> all = new ArrayList<>(sentences);
    for (int from = 0; from < all.size(); from += 200) {
      String batch = String.join("\n\n", all.subList(from, Math.min(all.size(), from + 200)));
      for (RuleMatch m : lt.check(batch)) {
        problems.add(
            m.getRule().getId()
                + ": "
                + batch.substring(
                    Math.max(0, m.getFromPos() - 40), Math.min(batch.length(), m.getToPos() + 40))
                + " | "
                + m.getMessage());
      }
    }
    java.util.Map<String, Long> byRule =
        problems.stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    x -> x.substring(0, x.indexOf(':')),
                    java.util.TreeMap::new,
                    java.util.stream.Collectors.counting()));
    assertEquals(
        List.of(),
        problems.subList(0, Math.min(40, problems.size())),
        problems.size()
            + " grammar matches in "
            + sentences.size()
            + " distinct sentences, by rule "
            + byRule);
  }
}
