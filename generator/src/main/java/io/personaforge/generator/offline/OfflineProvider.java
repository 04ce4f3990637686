package io.personaforge.generator.offline;

import io.personaforge.generator.GeneratorConfig;
import io.personaforge.generator.PersonaWriter;
import io.personaforge.generator.Provider;
import io.personaforge.generator.WriterCapabilities;
import io.personaforge.taxonomy.Taxonomy;
import java.time.Duration;
import java.util.function.Function;

/** {@code provider: offline}: the built-in {@link OfflineWriter}; no endpoint, no key, no model. */
public final class OfflineProvider implements Provider {
  /** The provider's name in run.yaml and on every persona it writes. */
  public static final String NAME = "offline";

  /** Writes from the attributes alone, at once: nothing to keep in flight, revise or probe. */
  static final WriterCapabilities CAPABILITIES = WriterCapabilities.LOCAL_TEMPLATES;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public WriterCapabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public String defaultBaseUrl() {
    return "";
  }

  @Override
  public String defaultApiKeyEnv() {
    return "";
  }

  @Override
  public boolean needsModel() {
    return false;
  }

  @Override
  public PersonaWriter writer(
      GeneratorConfig config, Taxonomy taxonomy, Function<String, String> env, Duration timeout) {
    return new OfflineWriter(taxonomy);
  }
}
