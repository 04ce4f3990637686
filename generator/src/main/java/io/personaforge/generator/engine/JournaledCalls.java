package io.personaforge.generator.engine;

import io.personaforge.generator.FailureKind;
import io.personaforge.generator.GenerationException;
import io.personaforge.generator.ModelCalls;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Calls answered from the {@link ResponseJournal} when they can be, made through {@link
 * RetryingCalls} when they cannot: an answer journaled under the call's key answers it without a
 * call (one that no longer parses is asked again), the same key asked twice at once is one call
 * ({@link SharedCalls}), and a new answer is on disk before its call completes, so a killed run
 * resumes without paying for anything twice. Owns the journal. Thread-safe.
 */
public final class JournaledCalls implements AutoCloseable {
  private final ResponseJournal journal;
  private final RetryingCalls runner;
  // A key names its prompt and its parser: whoever asked first, the answer is of the same type.
  private final SharedCalls<Called<?>> asking = new SharedCalls<>();

  /**
   * @param journal the journal to answer from and append to; closed with this
   * @param runner makes the calls the journal cannot answer (not closed with this)
   */
  public JournaledCalls(ResponseJournal journal, RetryingCalls runner) {
    this.journal = journal;
    this.runner = runner;
  }

  /**
   * The answer journaled under {@code key}, or the one being asked under it, or a call made (with
   * retries) and journaled: the one path every draft, revision and verdict takes.
   *
   * @param key the journal key: everything that decides the answer, hashed
   */
  public <R> CompletableFuture<Called<R>> call(
      String key, RetryingCalls.Attempt attempt, RetryingCalls.Parser<R> parser) {
    Optional<ResponseJournal.Entry> hit = journal.get(key);
    if (hit.isPresent()) {
      ResponseJournal.Entry e = hit.get();
      try {
        R value =
            parser.parse(new ModelCalls.Reply(e.text(), e.promptTokens(), e.completionTokens()));
        return CompletableFuture.completedFuture(
            new Called<>(value, null, 0, true, e.millis(), e.promptTokens(), e.completionTokens()));
      } catch (GenerationException ignored) {
        // Journaled by an older parser that accepted it: ask again.
      }
    }
    CompletableFuture<Called<R>> mine = new CompletableFuture<>();
    Optional<CompletableFuture<Called<R>>> earlier = asking.joinOrStart(key, mine);
    if (earlier.isPresent()) {
      // Already being asked (the same prompt twice): share its answer, journaled once, paid once.
      return earlier.get().thenApply(Called::shared);
    }
    runner
        .call(attempt, parser, (reply, millis) -> append(key, reply, millis))
        .whenComplete(
            (c, t) -> {
              if (t != null) {
                mine.completeExceptionally(t);
              } else {
                mine.complete(c);
              }
            });
    return mine;
  }

  private CompletableFuture<Void> append(String key, ModelCalls.Reply reply, long millis) {
    ResponseJournal.Entry entry =
        new ResponseJournal.Entry(
            reply.text(), reply.promptTokens(), reply.completionTokens(), millis);
    return journal
        .appendAsync(key, entry)
        .handle(
            (ok, err) -> {
              if (err != null) {
                throw new CompletionException(
                    new GenerationException(
                        "cannot journal LLM answers: " + err.getMessage(),
                        FailureKind.UNEXPECTED,
                        null,
                        null,
                        null));
              }
              return ok;
            });
  }

  /** Whether an answer is journaled under {@code key} (by this run or an earlier one). */
  public boolean answered(String key) {
    return journal.get(key).isPresent();
  }

  /**
   * {@link RetryingCalls#stopIssuing Stops issuing calls} and waits, within the same {@code grace},
   * for the answers in hand to be written, so an interrupted run resumes without asking them again.
   * Returns the number of calls still unanswered when it gave up.
   */
  public int stopIssuing(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    int left = runner.stopIssuing(grace);
    journal.awaitWritten(
        Duration.ofMillis(Math.max(0, (deadline - System.nanoTime()) / 1_000_000)));
    return left;
  }

  /** Closes the journal (close the runner first, so nothing is appended after). */
  @Override
  public void close() {
    journal.close();
  }
}
