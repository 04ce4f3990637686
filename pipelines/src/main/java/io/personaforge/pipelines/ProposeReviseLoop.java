package io.personaforge.pipelines;

import io.personaforge.generator.Draft;
import io.personaforge.generator.GenerationEngine;
import io.personaforge.generator.Outcome;
import io.personaforge.generator.WriteRequest;
import io.personaforge.generator.judge.JudgeOutcome;
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
import java.util.concurrent.CompletableFuture;
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
 * validator and the {@link Tally} need no locking — and a runner's metrics, which belong to the
 * thread that processes the element, can be fed from the tally. Each persona carries its own
 * validation figures ({@link PersonaRecord#validationCounts()}), so the run's figures are summed
 * from the personas written, not from metrics.
 *
 * <p>A draft that passes the rules goes to the run's LLM judges (all at once); a judge's error
 * verdict sends it back for revision with the judge's problems as feedback, exactly as a rule
 * violation does, and a warning verdict is recorded. A draft that fails a rule is not judged: it
 * goes back anyway.
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

    /** A judge answered (or failed to) about one draft. */
    default void judged(JudgeOutcome outcome) {}
  }

  /** What came back for a persona in progress: a draft, or its judges' verdicts. */
  private sealed interface Event permits Answer, Judged {
    Throwable error();
  }

  private record Answer(PersonaRecord persona, boolean revision, Outcome outcome, Throwable error)
      implements Event {}

  /** The verdicts of every judge asked about a persona's latest draft, in judge order. */
  private record Judged(
      PersonaRecord persona,
      List<Violation> ruleWarnings,
      List<Judges.Judge> judges,
      List<JudgeOutcome> outcomes,
      Throwable error)
      implements Event {}

  private final GenerationEngine engine;
  private final Validator validator;
  private final Judges judges;
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
    this(engine, validator, Judges.none(), mayRevise, window);
  }

  /**
   * @param judges the run's LLM judges, asked about every draft that passes the rules
   */
  ProposeReviseLoop(
      GenerationEngine engine, Validator validator, Judges judges, boolean mayRevise, int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window is " + window + ", it must be at least 1");
    }
    this.engine = engine;
    this.validator = validator;
    this.judges = judges;
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
  void run(Iterator<PersonaRecord> input, Tally tally, Consumer<PersonaRecord> out)
      throws Exception {
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    int inProgress = 0;
    while (true) {
      while (inProgress < window && input.hasNext()) {
        PersonaRecord p = input.next();
        if (p.failedStage() != null) {
          out.accept(p);
          continue;
        }
        submit(p, false, events);
        inProgress++;
      }
      if (inProgress == 0) {
        return;
      }
      Event e = events.take();
      if (e.error() != null) {
        Throwable cause =
            e.error() instanceof CompletionException || e.error() instanceof ExecutionException
                ? e.error().getCause()
                : e.error();
        // The engine stops the run for a bad key, an unknown model or persistent failures.
        throw cause instanceof Exception ex ? ex : new IllegalStateException(cause);
      }
      Verdict v;
      if (e instanceof Answer a) {
        PersonaRecord next = written(a, tally);
        if (next.failedStage() != null) {
          tally.rejected();
          inProgress--;
          out.accept(next);
          continue;
        }
        v = check(next, tally, events);
        if (v == null) {
          continue; // its judges are asked; the persona stays in progress
        }
      } else {
        v = judged((Judged) e, tally);
      }
      if (v.revise()) {
        submit(v.persona(), true, events);
      } else {
        inProgress--;
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
  private Verdict check(PersonaRecord p, Tally tally, BlockingQueue<Event> events) {
    List<Violation> violations =
        validator.validate(
            new Subject(new AttributeSet(p.attributes()), p.narrative(), p.fields()));
    boolean ruleErrors = violations.stream().anyMatch(v -> v.severity() == Severity.ERROR);
    List<Judges.Judge> asked = ruleErrors ? List.of() : judges.of(p.id());
    if (!asked.isEmpty()) {
      ask(p, violations, asked, events);
      return null;
    }
    return settle(p, violations, violations, tally);
  }

  /**
   * Asks every judge in {@code asked} about the persona's draft at once; their verdicts come back
   * together as one {@link Judged} event.
   */
  private void ask(
      PersonaRecord p,
      List<Violation> ruleViolations,
      List<Judges.Judge> asked,
      BlockingQueue<Event> events) {
    List<CompletableFuture<JudgeOutcome>> futures = new ArrayList<>(asked.size());
    for (Judges.Judge j : asked) {
      futures.add(engine.judge(j.call(p)));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .whenComplete(
            (ok, t) ->
                events.add(
                    new Judged(
                        p,
                        ruleViolations,
                        asked,
                        t != null ? null : futures.stream().map(CompletableFuture::join).toList(),
                        t)));
  }

  /**
   * A persona whose judges answered: their verdicts recorded, an error judge's fail added to the
   * attempt's errors (its problems, one violation each), a warning judge's fail to its warnings.
   */
  private Verdict judged(Judged j, Tally tally) {
    PersonaRecord p = j.persona();
    List<Violation> violations = new ArrayList<>(j.ruleWarnings());
    List<PersonaRecord.Judgement> verdicts = new ArrayList<>();
    for (int i = 0; i < j.judges().size(); i++) {
      Judges.Judge judge = j.judges().get(i);
      JudgeOutcome o = j.outcomes().get(i);
      tally.judged(o);
      Severity severity = judge.spec().severity();
      if (o.verdict() == null) {
        // No verdict after the retries: the persona cannot be said to pass this judge.
        violations.add(
            new Violation(judge.name(), severity, "the judge gave no verdict: " + o.failure()));
        continue;
      }
      io.personaforge.generator.judge.Verdict v = o.verdict();
      verdicts.add(
          new PersonaRecord.Judgement(
              p.revisions(), judge.name(), v.pass(), v.score(), v.problems(), o.millis()));
      if (!v.pass()) {
        if (v.problems().isEmpty()) {
          violations.add(
              new Violation(
                  judge.name(),
                  severity,
                  "the judge failed the narrative (score " + v.score() + " of 5)"));
        }
        for (String problem : v.problems()) {
          violations.add(new Violation(judge.name(), severity, problem));
        }
      }
    }
    return settle(p.withJudgements(verdicts), violations, j.ruleWarnings(), tally);
  }

  /**
   * A persona's latest draft with its final violations (rules, then judges): finished (valid, or
   * rejected with every error), or back for revision with this attempt's errors recorded (they
   * become the writer's feedback).
   */
  private Verdict settle(
      PersonaRecord p, List<Violation> violations, List<Violation> ruleViolations, Tally tally) {
    // The attempt's validation figures count the rules' verdicts (the judges have their own).
    ValidationStats figures = new ValidationStats().attempt(ruleViolations);
    List<PersonaRecord.Attempt> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Violation v : violations) {
      if (v.severity() == Severity.ERROR) {
        errors.add(new PersonaRecord.Attempt(p.revisions(), v.rule(), "error", v.message()));
      } else {
        warnings.add(v.toString());
      }
    }
    if (errors.isEmpty()) {
      figures.outcome(true, p.revisions(), violations);
      return new Verdict(p.withChecks(errors, warnings, figures.counts()), false);
    }
    if (mayRevise && validator.mayRevise(p.revisions())) {
      return new Verdict(p.withChecks(errors, warnings, figures.counts()), true);
    }
    figures.outcome(false, p.revisions(), violations);
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
    return new Verdict(
        p.withChecks(errors, warnings, figures.counts())
            .rejected(PersonaRecord.Stage.VALIDATION, reason, null),
        false);
  }

  private void submit(PersonaRecord p, boolean revision, BlockingQueue<Event> events) {
    engine
        .submit(request(p, revision))
        .whenComplete((o, t) -> events.add(new Answer(p, revision, o, t)));
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
