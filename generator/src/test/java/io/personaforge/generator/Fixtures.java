package io.personaforge.generator;

import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small shared fixtures for generator tests. */
final class Fixtures {
  static final Taxonomy TAXONOMY = TaxonomyLoader.load("builtin:general", null);

  private static final List<String> CITIES = List.of("Lyon", "Osaka", "Denver", "Lagos", "Porto");
  private static final List<String> JOBS = List.of("nurse", "plumber", "teacher", "chef", "pilot");

  private Fixtures() {}

  /** A first-draft request for persona {@code i}, different for every {@code i}. */
  static WriteRequest request(int i) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("demographics.gender", i % 2 == 0 ? "female" : "male");
    a.put("demographics.age", Integer.toString(20 + i % 60));
    a.put("location.city", CITIES.get(i % CITIES.size()));
    a.put("work.occupation", JOBS.get(i / CITIES.size() % JOBS.size()));
    return WriteRequest.first("p-" + i, 1000L + i, new AttributeSet(a));
  }

  static GeneratorConfig.Builder simConfig(String baseUrl) {
    return GeneratorConfig.builder()
        .provider("openai")
        .baseUrl(baseUrl)
        .model("sim-model")
        .apiKeyEnv("SIM_KEY")
        .concurrency(8)
        .maxRetries(3)
        .backoffInitialMs(5L)
        .backoffMaxMs(50L)
        .timeoutSeconds(5.0);
  }

  /** The environment the tests pretend to run in. */
  static String env(String name) {
    return name.equals("SIM_KEY") ? SECRET : null;
  }

  /** A key-shaped secret that must never be written anywhere. */
  static final String SECRET = "sk-test-Zq9SECRETkey4711abcdef";
}
