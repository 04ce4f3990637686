package io.personaforge.generator;

/**
 * Writes a persona's narrative from its attributes. The one interface every provider plugs in
 * behind: the offline writer, OpenAI-compatible endpoints, Ollama. Implementations are thread-safe;
 * callers own concurrency, retries and caching.
 */
public interface PersonaWriter extends AutoCloseable {
  /** Provider, model and prompt version, recorded on every persona. */
  WriterInfo info();

  /** Writes a first draft, or a revision when {@link WriteRequest#isRevision()}. */
  Draft write(WriteRequest request) throws GenerationException;

  @Override
  default void close() {}
}
