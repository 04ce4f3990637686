package io.personaforge.app;

import io.personaforge.generator.GenerationEngine;
import io.personaforge.pipelines.Execution;
import io.personaforge.pipelines.GeneratePersonas;
import io.personaforge.pipelines.ReadSketches;
import io.personaforge.pipelines.RoundDraw;
import io.personaforge.pipelines.Rounds;
import io.personaforge.pipelines.RunFailedException;
import io.personaforge.pipelines.RunSpec;
import io.personaforge.pipelines.Settled;
import io.personaforge.pipelines.StallWatch;
import io.personaforge.pipelines.Stats;
import io.personaforge.pipelines.WriteCorpus;
import io.personaforge.pipelines.io.SketchRows;
import io.personaforge.pipelines.io.Trees;
import io.personaforge.report.Summary;
import io.personaforge.sampler.QuotaPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.joda.time.Duration;

/**
 * Runs rounds of the pipeline until every quota cell is full or the rounds run out: the first draws
 * every cell's target, each refill draws what the cells still need, grown by the yield they showed
 * ({@link Rounds}). Each round writes its tables into its own staging folder; what it accepted per
 * cell is read back from what it wrote, never from counters.
 */
final class RoundLoop {
  /** Interval between two progress reports while a round runs. */
  static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.millis(1000);

  /**
   * Runs of one round before a runner that keeps getting stuck fails the run: the Direct runner's
   * race struck 2 of 153 rounds on a loaded machine, so a third stuck run means something else.
   */
  static final int DEFAULT_ROUND_ATTEMPTS = 3;

  /**
   * What the rounds did.
   *
   * @param accepted per cell key, personas accepted over all rounds
   * @param rounds one row per round, in order
   * @param counters the rounds' Beam counters, summed (figures for the progress line and the LLM
   *     figures, never decisions)
   * @param validation the settled personas' validation figures, summed from the tables' tallies
   * @param leavesDrawn per leaf path, the settled personas that drew it, from the tables' tallies
   */
  record Outcome(
      Map<String, Long> accepted,
      List<Summary.RoundRow> rounds,
      Map<String, Long> counters,
      Map<String, Long> validation,
      Map<String, Long> leavesDrawn) {
    /** Personas accepted over all rounds, all cells together. */
    long acceptedTotal() {
      return accepted.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Most first drafts asked per unit of concurrency before a round's pipeline asks itself: enough
   * for a slow start (~12 s on a busy machine) at 200 ms per answer; in a resumed run the journal
   * answers them, and this bounds the drawing done for nothing.
   */
  static final int DEFAULT_HEAD_START_PER_SLOT = 64;

  private final RunSpec spec;
  private final Execution execution;
  private final RunDirectory dir;
  private final RunListener listener;
  private final GenerationEngine engine;
  // A new watch for each pipeline run: the Direct runner can get stuck (DirectStallWatch).
  private final Supplier<StallWatch> watches;

  RoundLoop(
      RunSpec spec,
      Execution execution,
      RunDirectory dir,
      RunListener listener,
      GenerationEngine engine,
      Supplier<StallWatch> watches) {
    this.spec = spec;
    this.execution = execution;
    this.dir = dir;
    this.listener = listener;
    this.engine = engine;
    this.watches = watches;
  }

  Outcome run() throws IOException {
    QuotaPlan plan = spec.plan();
    Map<String, Long> accepted = new HashMap<>();
    Map<String, Long> lastDrawn = new HashMap<>();
    Map<String, Long> lastAccepted = new HashMap<>();
    Outcome outcome =
        new Outcome(accepted, new ArrayList<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
    long nextOrdinal = 0;
    for (int round = 0; round < spec.config().maxRounds(); round++) {
      Map<String, Long> deficits = Rounds.deficits(plan, accepted);
      if (deficits.values().stream().allMatch(d -> d == 0)) {
        break;
      }
      RoundDraw draw =
          new RoundDraw(
              round,
              nextOrdinal,
              Rounds.draws(plan.cells(), deficits, lastDrawn, lastAccepted),
              deficits);
      WriteCorpus.Counts settled = runRound(draw, outcome);
      for (int c = 0; c < plan.cells().size(); c++) {
        String key = plan.cells().get(c).key();
        if (draw.count(c) > 0) {
          long got = settled.acceptedIn(key);
          lastDrawn.put(key, draw.count(c));
          lastAccepted.put(key, got);
          accepted.merge(key, got, Long::sum);
        }
      }
      nextOrdinal = draw.nextOrdinal();
      listener.line(
          String.format(
              "Round %d: %d drawn, %d accepted, %d rejected, %d duplicates; %d of %d accepted so far",
              round,
              draw.total(),
              settled.of(Settled.Kind.ACCEPTED),
              settled.of(Settled.Kind.REJECTED),
              settled.of(Settled.Kind.DUPLICATE),
              outcome.acceptedTotal(),
              plan.size()));
    }
    return outcome;
  }

  /**
   * Runs one round's pipeline, adds its row and counters to {@code outcome}, returns its counts.
   */
  private WriteCorpus.Counts runRound(RoundDraw draw, Outcome outcome) throws IOException {
    int round = draw.round();
    Path roundDir = dir.staging().resolve("round-" + round);
    // Earlier rounds' accepted personas, as the sketches their rounds kept (none in round 0).
    String earlierSketches =
        dir.staging().resolve("round-*").resolve(SketchRows.TABLE).resolve("*.parquet").toString();
    long roundStart = System.nanoTime();
    Progress initial =
        new Progress(
            round,
            draw.total(),
            0,
            outcome.acceptedTotal(),
            spec.plan().size(),
            outcome.counters().getOrDefault(Stats.RETRIES, 0L),
            0);
    StallWatch.Finished finished =
        StallWatch.runUntilFinished(
                () -> {
                  if (execution.inProcess()) {
                    // The endpoint works while the round's pipeline starts (seconds; more when
                    // busy).
                    engine.headStart(
                        GeneratePersonas.firstDrafts(spec, draw),
                        DEFAULT_HEAD_START_PER_SLOT * spec.config().generator().concurrency());
                  }
                  Pipeline p = Pipeline.create(execution.options(dir.jobJars()));
                  p.apply("ReadEarlierSketches", new ReadSketches(earlierSketches))
                      .apply(
                          "GeneratePersonas",
                          new GeneratePersonas(spec, draw, roundDir.toString()));
                  return p;
                },
                watches,
                DEFAULT_ROUND_ATTEMPTS,
                result -> progressOf(result, initial, roundStart),
                attempt -> {
                  listener.line(
                      String.format(
                          "Round %d: the Direct runner stopped scheduling work (a known race in"
                              + " Beam's Direct runner); running the round again (attempt %d of"
                              + " %d)",
                          round, attempt, DEFAULT_ROUND_ATTEMPTS));
                  // Nothing of the stuck run is kept: the round is deterministic and its LLM
                  // answers are journaled, so running it again gives the same personas at no new
                  // cost.
                  Trees.delete(roundDir);
                })
            .orElseThrow(
                () ->
                    new RunFailedException(
                        "round "
                            + round
                            + ": the Direct runner stopped scheduling work "
                            + DEFAULT_ROUND_ATTEMPTS
                            + " times in a row (a race in Beam's Direct runner, see"
                            + " docs/architecture.md, \"Runner traps\"); run the same command"
                            + " again to resume, or use --runner flink",
                        null));
    PipelineResult result = finished.result();
    counters(result).forEach((k, v) -> outcome.counters().merge(k, v, Long::sum));
    // Decisions and figures come from what the round wrote (counted once per persona whatever
    // the runner re-ran), not from counters, which a re-run bundle may count twice.
    WriteCorpus.Counts settled = WriteCorpus.commit(roundDir);
    settled.validation().forEach((k, v) -> outcome.validation().merge(k, v, Long::sum));
    settled.leavesDrawn().forEach((k, v) -> outcome.leavesDrawn().merge(k, v, Long::sum));
    if (settled.settled() != draw.total()) {
      throw new RunFailedException(
          "round "
              + round
              + " settled "
              + settled.settled()
              + " of the "
              + draw.total()
              + " personas it drew; its tables in "
              + roundDir
              + " are incomplete",
          null);
    }
    outcome
        .rounds()
        .add(
            new Summary.RoundRow(
                round,
                settled.settled(),
                settled.of(Settled.Kind.REJECTED),
                settled.of(Settled.Kind.DUPLICATE),
                settled.of(Settled.Kind.ACCEPTED),
                settled.of(Settled.Kind.SURPLUS),
                PersonaRun.seconds(roundStart),
                finished.attempts()));
    return settled;
  }

  /**
   * What to do between two looks at a running round ({@link StallWatch#await}): report its progress
   * from its counters every {@link #DEFAULT_PROGRESS_INTERVAL} (on Flink, {@code run()} returns
   * when the job is done, so there is nothing to report).
   */
  private Runnable progressOf(PipelineResult result, Progress initial, long roundStart) {
    return new Runnable() {
      private final long every = DEFAULT_PROGRESS_INTERVAL.getMillis() * 1_000_000;
      private long next = System.nanoTime() + every;

      @Override
      public void run() {
        if (System.nanoTime() < next) {
          return;
        }
        next += every;
        Map<String, Long> now = counters(result);
        listener.progress(
            new Progress(
                initial.round(),
                initial.drawn(),
                now.getOrDefault(Stats.GENERATED, 0L),
                initial.acceptedBefore(),
                initial.target(),
                initial.retries() + now.getOrDefault(Stats.RETRIES, 0L),
                PersonaRun.seconds(roundStart)));
      }
    };
  }

  private static Map<String, Long> counters(PipelineResult result) {
    MetricQueryResults q =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(Stats.NAMESPACE))
                    .build());
    Map<String, Long> out = new HashMap<>();
    for (MetricResult<Long> c : q.getCounters()) {
      long v;
      try {
        v = c.getCommitted();
      } catch (UnsupportedOperationException e) {
        v = c.getAttempted();
      }
      out.merge(c.getName().getName(), v, Long::sum);
    }
    return out;
  }
}
