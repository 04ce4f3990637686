package io.personaforge.sampler.bench;

import io.personaforge.sampler.Cell;
import io.personaforge.sampler.PersonaSampler;
import io.personaforge.sampler.QuotaPlan;
import io.personaforge.sampler.QuotaPlanner;
import io.personaforge.sampler.QuotaSpec;
import io.personaforge.sampler.SamplingConfig;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plans and samples N attribute sets (default 1,000,000) from builtin:general with 3 marginal
 * quotas and 1 joint quota at depth 60, on one thread. Prints sets/s per core, peak heap and the
 * ratio to the aim of 50,000 sets/s per core. Usage: {@code bench/run sampler [N]}.
 */
public final class SamplerBench {
  /** The aim from the issue: attribute sets per second on one core. */
  static final double AIM_SETS_PER_SECOND = 50_000;

  private SamplerBench() {}

  public static void main(String[] args) {
    long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    Taxonomy t = TaxonomyLoader.load("builtin:general", null);
    List<QuotaSpec> quotas =
        List.of(
            new QuotaSpec("demographics.gender", Map.of("female", 0.5, "male", 0.5)),
            new QuotaSpec(
                "location.region",
                Map.of("northeast", 0.2, "midwest", 0.2, "south", 0.35, "west", 0.25)),
            new QuotaSpec("demographics.age", Map.of("18-34", 0.3, "35-64", 0.5, "65-90", 0.2)),
            QuotaSpec.joint(
                List.of("education.level", "work.employment_status"),
                Map.of(
                    "high school diploma|employed full-time", 0.25,
                    "bachelor's degree|employed full-time", 0.25,
                    "graduate degree|employed full-time", 0.1,
                    "some college|student", 0.1,
                    "high school diploma|retired", 0.15,
                    "bachelor's degree|retired", 0.15)));
    QuotaPlan plan = new QuotaPlanner(t).plan(n, quotas, SamplingConfig.depth(60, 60));
    long planned = System.nanoTime();
    PersonaSampler sampler = new PersonaSampler(t, SamplingConfig.depth(60, 60));
    long ordinal = 0;
    long attributes = 0;
    for (Cell c : plan.cells()) {
      for (long i = 0; i < c.target(); i++) {
        attributes += sampler.sample(c, 42, 0, ordinal++).size();
      }
    }
    long end = System.nanoTime();
    double cpuS = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    double planS = (planned - start) / 1e9;
    double sampleS = (end - planned) / 1e9;
    // Per core = per CPU-second of this (only) working thread: the machine may be shared, and
    // wall time would then count other processes' time against us.
    double rate = n / cpuS;
    double wallRate = n / ((end - start) / 1e9);
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "sets: %d in %d cells, %.1f attributes per set%n"
            + "plan (load + estimate + IPF + rounding): %.2f s%n"
            + "sample: %.2f s (%.0f sets/s)%n"
            + "plan + sample, one thread: %.0f sets/s wall, %.0f sets per CPU-second (per core)%n"
            + "peak heap: %.0f MB%n"
            + "ratio to aim: %.2f%n",
        n,
        plan.cells().size(),
        attributes / (double) n,
        planS,
        sampleS,
        n / sampleS,
        wallRate,
        rate,
        peak / 1e6,
        rate / AIM_SETS_PER_SECOND);
  }
}
