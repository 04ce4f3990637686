package io.personaforge.generator;

import java.util.Optional;

/**
 * Writes a persona's narrative from its attributes: the one interface every provider plugs in
 * behind (the offline writer, OpenAI-compatible endpoints, Ollama; see {@link Provider}).
 * Implementations are thread-safe; callers own concurrency, retries and caching.
 */
public interface PersonaWriter extends AutoCloseable {
  /** Provider, model and prompt version, recorded on every persona. */
  WriterInfo info();

  /** What this writer can do; the same as its {@link Provider}'s. */
  WriterCapabilities capabilities();

  /** Writes a first draft, or a revision when {@link WriteRequest#isRevision()}. */
  Draft write(WriteRequest request) throws GenerationException;

  /**
   * This writer's calls split into the steps the engine journals, shares and retries between; empty
   * for a writer that answers at once (it is simply called).
   */
  default Optional<ModelCalls> modelCalls() {
    return Optional.empty();
  }

  /**
   * Checks whatever the writer depends on (an endpoint, a key, a model) with one short call; does
   * nothing for a writer whose {@link WriterCapabilities#probes()} is false.
   *
   * @throws GenerationException with a message naming what failed
   */
  default void probe() throws GenerationException {}

  @Override
  default void close() {}
}
