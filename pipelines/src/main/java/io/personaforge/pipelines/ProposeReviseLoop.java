package io.personaforge.pipelines;

import io.personaforge.generator.Draft;
import io.personaforge.generator.GenerationEngine;
import io.personaforge.generator.Outcome;
import io.personaforge.generator.WriteRequest;
import io.personaforge.sampler.Seeds;
import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.validator.Severity;
import io.personaforge.validator.Subject;
import io.personaforge.validator.ValidationStats;
import io.personaforge.validator.Validator;
import io.personaforge.validator.Violation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Each persona's whole propose–validate–revise flow as one unit of work, many personas at once,
 * with a sliding window of requests: an answer that arrives is checked at once, and its persona is
 * either finished (valid, or rejected with every violation of every attempt) or sent straight back
 * for revision; the slot it frees goes to the next persona's draft or to that revision, whichever
 * comes first. No persona waits for another: there is no stage between drafting and revising, and a
 * batch's slowest persona does not hold up the rest of the batch.
 *
 * <p>Everything runs on the calling thread except the LLM calls themselves (the engine's), so the
 * validator, the {@link ValidationStats} and the {@link Tally} need no locking — and a runner's
 * metrics, which belong to the thread that processes the element, can be fed from the tally.
 *
 * <p>What a persona ends as depends only on the persona, the journal and the model, never on the
 * order in which answers arrive.
 */
final class ProposeReviseLoop {
  /** Where the loop reports what it did; called on the loop's thread only. */
  interface Tally {
    /** A first draft was written (or failed) for a persona. */
    void drafted();

    /** A revision was written. */
    void revised();

    /** A persona was rejected (generation or validation). */
    void rejected();

    /**
     * An answer came back: LLM calls made for it (0 when journaled or offline), retries, tokens.
     */
    void answered(Outcome outcome);
  }

  private record Answer(
      PersonaRecord persona, boolean revision, Outcome outcome, Throwable error) {}

  private final GenerationEngine engine;
  private final Validator validator;
  private final boolean mayRevise;
  private final int window;

  /**
   * @param engine writes drafts and revisions
   * @param validator checks each draft
   * @param mayRevise whether failing drafts go back to the writer (false for a writer that cannot
   *     revise: the offline writer writes from the attributes alone)
   * @param window personas in progress at once (at least 1): more than the engine's concurrency, so
   *     a slot freed by one answer is refilled while that answer is being checked
   */
  ProposeReviseLoop(GenerationEngine engine, Validator validator, boolean mayRevise, int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window is " + window + ", it must be at least 1");
    }
    this.engine = engine;
    this.validator = validator;
    this.mayRevise = mayRevise;
    this.window = window;
  }

  /**
   * Runs every persona of {@code input} to its end and gives each to {@code out} once, in the order
   * they finish: valid (warnings recorded) or rejected ({@code failedStage} "generation" or
   * "validation"). Personas already rejected pass through untouched.
   *
   * @throws Exception the engine's reason when the run must stop (a refused key, an unknown model,
   *     persistent failures), or an interruption
   */
  void run(
      Iterator<PersonaRecord> input,
      ValidationStats stats,
      Tally tally,
      Consumer<PersonaRecord> out)
      throws Exception {
    BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    int inProgress = 0;
    while (true) {
      while (inProgress < window && input.hasNext()) {
        PersonaRecord p = input.next();
        if (p.failedStage() != null) {
          out.accept(p);
          continue;
        }
        submit(p, false, answers);
        inProgress++;
      }
      if (inProgress == 0) {
        return;
      }
      Answer a = answers.take();
      inProgress--;
      if (a.error() != null) {
        Throwable cause =
            a.error() instanceof CompletionException || a.error() instanceof ExecutionException
                ? a.error().getCause()
                : a.error();
        // The engine stops the run for a bad key, an unknown model or persistent failures.
        throw cause instanceof Exception e ? e : new IllegalStateException(cause);
      }
      PersonaRecord next = written(a, tally);
      if (next.failedStage() != null) {
        tally.rejected();
        out.accept(next);
        continue;
      }
      Verdict v = check(next, stats, tally);
      if (v.revise()) {
        submit(v.persona(), true, answers);
        inProgress++;
      } else {
        out.accept(v.persona());
      }
    }
  }

  /** A checked persona, and whether it goes back to the writer. */
  private record Verdict(PersonaRecord persona, boolean revise) {}

  /**
   * Checks a persona's latest draft: finished (valid, or rejected with every error), or back for
   * revision with this attempt's errors recorded (they become the writer's feedback).
   */
  private Verdict check(PersonaRecord p, ValidationStats stats, Tally tally) {
    List<Violation> violations =
        validator.validate(
            new Subject(new AttributeSet(p.attributes()), p.narrative(), p.fields()));
    stats.attempt(violations);
    List<PersonaRecord.Attempt> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Violation v : violations) {
      if (v.severity() == Severity.ERROR) {
        errors.add(new PersonaRecord.Attempt(p.revisions(), v.rule(), "error", v.message()));
      } else {
        warnings.add(v.toString());
      }
    }
    PersonaRecord checked = p.withChecks(errors, warnings);
    if (errors.isEmpty()) {
      stats.outcome(true, p.revisions(), violations);
      return new Verdict(checked, false);
    }
    if (mayRevise && validator.mayRevise(p.revisions())) {
      return new Verdict(checked, true);
    }
    stats.outcome(false, p.revisions(), violations);
    tally.rejected();
    String reason =
        errors.size()
            + " error"
            + (errors.size() == 1 ? "" : "s")
            + (p.revisions() > 0 ? " after " + p.revisions() + " revision(s)" : "")
            + ": "
            + errors.get(0).rule()
            + " ("
            + errors.get(0).message()
            + ")";
    return new Verdict(checked.rejected(PersonaRecord.Stage.VALIDATION, reason, null), false);
  }

  private void submit(PersonaRecord p, boolean revision, BlockingQueue<Answer> answers) {
    engine
        .submit(request(p, revision))
        .whenComplete((o, t) -> answers.add(new Answer(p, revision, o, t)));
  }

  /** The persona with its new draft, or rejected when the writer could not write one. */
  private static PersonaRecord written(Answer a, Tally tally) {
    PersonaRecord p = a.persona();
    if (a.revision()) {
      tally.revised();
    } else {
      tally.drafted();
    }
    tally.answered(a.outcome());
    if (a.outcome() instanceof Outcome.Success s) {
      Draft d = s.draft();
      return p.withDraft(
          d.narrative(), d.fields(), d.rawOutput(), a.revision() ? p.revisions() + 1 : 0);
    }
    Outcome.Failure f = (Outcome.Failure) a.outcome();
    return p.rejected(
        PersonaRecord.Stage.GENERATION,
        (a.revision() ? "revision failed: " : "") + f.reason(),
        f.rawOutput());
  }

  /** The writer's request for a persona: its first draft, or a revision of its latest one. */
  static WriteRequest request(PersonaRecord p, boolean revision) {
    long seed = Seeds.mix(p.runSeed(), p.round(), p.ordinal());
    AttributeSet attrs = new AttributeSet(p.attributes());
    if (!revision) {
      return WriteRequest.first(p.id(), seed, attrs);
    }
    Draft previous = new Draft(p.narrative(), p.fields(), p.lastOutput(), 0, 0);
    return new WriteRequest(p.id(), seed, attrs, previous, feedback(p));
  }

  /** The violations of a persona's latest attempt, one line each, as the writer is told them. */
  static List<String> feedback(PersonaRecord p) {
    List<String> lines = new ArrayList<>();
    for (PersonaRecord.Attempt a : p.violations()) {
      if (a.attempt() == p.revisions()) {
        lines.add(a.rule() + ": " + a.message());
      }
    }
    return lines;
  }
}
