package io.personaforge.pipelines;

import io.personaforge.generator.GenerationEngine;
import io.personaforge.generator.Outcome;
import io.personaforge.generator.judge.JudgeOutcome;
import io.personaforge.pipelines.config.RunConfig;
import io.personaforge.sampler.Cell;
import io.personaforge.sampler.PersonaSampler;
import io.personaforge.sampler.QuotaPlan;
import io.personaforge.sampler.Seeds;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.validator.Validator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A run's whole per-persona flow on a handful of its personas, in this process and without Beam:
 * draft, rules and checks, judges, revisions — and no corpus. The personas are the run's own (the
 * first ordinals of its first round in different quota cells), so every answer the preview journals
 * is one the run asks again and finds: a preview costs nothing the run would not pay.
 *
 * <p>Not previewed: what needs the whole corpus (duplicates, the first-name cap, quota filling).
 */
public final class Preview {
  /** Personas previewed unless told otherwise: enough to see a config's range, read in a minute. */
  public static final int DEFAULT_COUNT = 5;

  /**
   * What the preview did.
   *
   * @param personas each persona as its flow ended (valid, or rejected), in cell order
   * @param cells quota cells of the plan the personas were drawn from
   * @param calls LLM calls made (drafts, revisions and verdicts, retries included)
   * @param cacheHits answers found in the journal
   * @param seconds wall time of the flow (probe included)
   */
  public record Result(
      List<PersonaRecord> personas, int cells, long calls, long cacheHits, double seconds) {}

  private Preview() {}

  /**
   * Runs the flow on {@code n} personas of the run, journaling answers under {@code cacheDir} (a
   * run's {@code OUT/.cache}).
   */
  public static Result run(
      RunConfig config, Taxonomy taxonomy, QuotaPlan plan, String configHash, int n, Path cacheDir)
      throws Exception {
    if (n < 1) {
      throw new IllegalArgumentException("n is " + n + ", it must be at least 1");
    }
    long start = System.nanoTime();
    Judges judges = Judges.forRun(config, taxonomy);
    judges.probe(config.generator(), taxonomy);
    List<PersonaRecord> sampled = sample(config, taxonomy, plan, n);
    Validator validator = Validator.of(config.validation(), taxonomy);
    List<PersonaRecord> done = new ArrayList<>();
    long[] figures = new long[2];
    try (GenerationEngine engine =
        GenerationEngine.open(config.generator(), judges.models(), taxonomy, cacheDir, false)) {
      RunSpec spec =
          new RunSpec(
              config, taxonomy, plan, configHash, engine.info(), cacheDir.toString(), false);
      ProposeReviseLoop loop =
          new ProposeReviseLoop(
              engine,
              validator,
              judges,
              WriteAndCheckNarratives.mayRevise(spec),
              WriteAndCheckNarratives.window(spec));
      loop.run(
          sampled.iterator(),
          new ProposeReviseLoop.Tally() {
            @Override
            public void drafted() {}

            @Override
            public void revised() {}

            @Override
            public void rejected() {}

            @Override
            public void answered(Outcome outcome) {
              count(outcome.attempts(), outcome instanceof Outcome.Success s && s.cacheHit());
            }

            @Override
            public void judged(JudgeOutcome outcome) {
              count(outcome.attempts(), outcome.cacheHit());
            }

            private void count(int attempts, boolean cacheHit) {
              figures[0] += attempts;
              figures[1] += cacheHit ? 1 : 0;
            }
          },
          done::add);
    }
    List<String> order = sampled.stream().map(PersonaRecord::id).toList();
    done.sort(Comparator.comparingInt(p -> order.indexOf(p.id())));
    return new Result(
        done, plan.cells().size(), figures[0], figures[1], (System.nanoTime() - start) / 1e9);
  }

  /**
   * {@code n} personas of the run's first round, as the run draws them (same ordinals, so same
   * seeds, attributes and prompts), spread over its quota cells: the first persona of evenly spaced
   * cells, then the second of each, and so on.
   */
  static List<PersonaRecord> sample(RunConfig config, Taxonomy taxonomy, QuotaPlan plan, int n) {
    long[] counts = Rounds.draws(plan.cells(), Rounds.deficits(plan, Map.of()), Map.of(), Map.of());
    List<Integer> drawn = new ArrayList<>();
    long[] first = new long[counts.length];
    long slot = 0;
    for (int c = 0; c < counts.length; c++) {
      first[c] = slot;
      slot += counts[c];
      if (counts[c] > 0) {
        drawn.add(c);
      }
    }
    // Cells evenly spaced through the plan, so that a few personas still differ in every quota.
    List<Integer> cells = new ArrayList<>();
    int m = drawn.size();
    for (int i = 0; i < Math.min(n, m); i++) {
      cells.add(drawn.get((int) ((long) i * m / Math.min(n, m))));
    }
    PersonaSampler sampler = new PersonaSampler(taxonomy, config.sampling());
    long seed = config.seed();
    List<PersonaRecord> out = new ArrayList<>();
    for (int k = 0; out.size() < n; k++) {
      boolean any = false;
      for (int c : k == 0 ? cells : drawn) {
        if (out.size() == n || k >= counts[c]) {
          continue;
        }
        any = true;
        Cell cell = plan.cells().get(c);
        long ordinal = first[c] + k;
        out.add(
            PersonaRecord.sampled(
                Seeds.personaId(seed, 0, ordinal),
                seed,
                0,
                ordinal,
                cell.key(),
                sampler.sample(cell, seed, 0, ordinal).values()));
      }
      if (!any && k > 0) {
        break; // the whole first round is in the preview
      }
    }
    return out;
  }
}
