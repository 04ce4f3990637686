package io.personaforge.generator;

import dev.langchain4j.model.chat.request.ResponseFormat;

/**
 * A writer whose every answer is one call to a model, split in three steps so that the engine can
 * journal, share and retry between them: {@link #prepare} renders the prompt and computes the
 * journal key (pure, cheap), {@link #call} makes one attempt and classifies any failure into a
 * {@link FailureKind}, {@link #parse} reads the draft from the answer. Judges' questions go through
 * the same steps ({@link #prepareJudge}). Thread-safe.
 */
public interface ModelCalls {
  /**
   * One call ready to send.
   *
   * @param key the journal key: everything that decides the answer, hashed
   * @param prompt the rendered prompt
   * @param seed the sampling seed sent, or null for none
   */
  record Prepared(String key, String prompt, Integer seed) {}

  /** The model's answer text and billed tokens. */
  record Reply(String text, long promptTokens, long completionTokens) {}

  /** Renders the prompt of a draft or revision and computes its journal key; pure and cheap. */
  Prepared prepare(WriteRequest request);

  /**
   * A judge's question to this writer's model, with a journal key of its own (the judge's name, the
   * model and its sampling settings, and the whole prompt).
   */
  Prepared prepareJudge(String judge, String prompt, long judgeSeed);

  /**
   * Sends attempt {@code attempt} (1-based) of a persona call. The journal key stays the first
   * attempt's, so a resumed run finds the answer whichever attempt got it.
   */
  Reply call(Prepared prepared, int attempt) throws GenerationException;

  /**
   * Sends attempt {@code attempt} of a call whose answer must follow {@code format} (a judge's
   * verdict, say) rather than the persona schema; null asks for free text.
   */
  Reply call(Prepared prepared, int attempt, ResponseFormat format) throws GenerationException;

  /** Reads the draft out of an answer; unparseable output is a retriable failure. */
  Draft parse(Reply reply) throws GenerationException;
}
