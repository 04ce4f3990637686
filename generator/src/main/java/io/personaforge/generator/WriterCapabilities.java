package io.personaforge.generator;

import java.io.Serializable;

/**
 * What a writer can do, declared by its {@link Provider} (known from the configuration alone,
 * before any writer is made) and by every {@link PersonaWriter} it makes. Callers ask these instead
 * of comparing provider names, so a new provider states its abilities in one place.
 *
 * @param remote each answer is a call to a model over the network: it costs time and money, so
 *     calls are kept in flight, journaled and retried, and a run probes the endpoint first; false
 *     for a writer that answers at once from the request alone
 * @param revises a revision with the validator's feedback can fix what a draft got wrong (a writer
 *     that writes from the attributes alone would write the same text again)
 * @param judges its model can answer an LLM judge's free prompt with a verdict
 * @param structuredOutput it can be asked for JSON that follows a schema ({@code
 *     generator.structured_output} may still turn that off for a server that rejects it)
 * @param probes {@link PersonaWriter#probe} checks something (an endpoint, a key, a model)
 */
public record WriterCapabilities(
    boolean remote, boolean revises, boolean judges, boolean structuredOutput, boolean probes)
    implements Serializable {
  /** A writer in this process that writes from the attributes alone. */
  public static final WriterCapabilities LOCAL_TEMPLATES =
      new WriterCapabilities(false, false, false, false, false);

  /** A chat model behind an HTTP endpoint. */
  public static final WriterCapabilities CHAT_MODEL =
      new WriterCapabilities(true, true, true, true, true);
}
