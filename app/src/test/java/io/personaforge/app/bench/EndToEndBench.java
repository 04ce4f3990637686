package io.personaforge.app.bench;

import com.sun.management.OperatingSystemMXBean;
import io.personaforge.app.PersonaRun;
import io.personaforge.app.RunConfigLoader;
import io.personaforge.app.RunListener;
import io.personaforge.cli.NarrativeWords;
import io.personaforge.pipelines.Execution;
import io.personaforge.report.Summary;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * End to end with the offline writer (no LLM): sample, write, validate, dedup, fill quotas,
 * Parquet. Usage: {@code bench/run e2e [COUNT] [direct|flink] [general|students] [refill]} (default
 * 100000 direct general). Aim: a million personas in under 15 minutes (1,111 personas/s) with heap
 * under 4 GB; {@code students} (builtin:students, a joint quota on school level × gender and one on
 * academic level: narratives far more alike than general's) within 1.5× general's time. {@code
 * refill} sets a word minimum that rejects about {@link #REFILL_REJECTED_SHARE} of the narratives
 * (read from a small probe run), so that the run needs a refill round, and prints each round's
 * wall.
 */
public final class EndToEndBench {
  static final double AIM_PER_SECOND = 1_000_000 / (15 * 60.0);

  static final String GENERAL_QUOTAS =
      "quotas:\n  - attribute: demographics.gender\n"
          + "    shares: {female: 0.508, male: 0.492}\n  - attribute: location.region\n"
          + "    shares: {northeast: 0.174, midwest: 0.208, south: 0.383, west: 0.235}\n";

  /** The students run: school level × gender jointly, and academic level. */
  static final String STUDENT_QUOTAS =
      "taxonomy: builtin:students\nquotas:\n"
          + "  - attributes: [school.level, demographics.gender]\n"
          + "    shares: {\"elementary|female\": 0.21, \"elementary|male\": 0.21,"
          + " \"middle school|female\": 0.125, \"middle school|male\": 0.125,"
          + " \"high school|female\": 0.165, \"high school|male\": 0.165}\n"
          + "  - attribute: school.academic_level\n"
          + "    shares: {struggling: 0.15, below average: 0.20, average: 0.35,"
          + " above average: 0.20, gifted: 0.10}\n";

  /** The share of narratives the {@code refill} mode's word minimum rejects. */
  static final double REFILL_REJECTED_SHARE = 0.1;

  /** Personas of the probe run that finds the {@code refill} mode's word minimum. */
  static final long REFILL_PROBE_COUNT = 2_000;

  public static void main(String[] args) throws Exception {
    long count = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
    Execution.Runner runner =
        Execution.Runner.valueOf((args.length > 1 ? args[1] : "direct").toUpperCase(Locale.ROOT));
    boolean students = args.length > 2 && args[2].equals("students");
    boolean refill = Arrays.asList(args).contains("refill");
    Execution execution = new Execution(runner, null, 0);
    Path tmp = Files.createTempDirectory("pf-bench");
    String quotas = students ? STUDENT_QUOTAS : GENERAL_QUOTAS;
    String validation = "";
    if (refill) {
      Path probe = tmp.resolve("probe");
      run(
          config(tmp.resolve("probe.yaml"), REFILL_PROBE_COUNT, "", quotas),
          probe,
          execution,
          System.err::println);
      validation =
          "validation: {min_words: "
              + NarrativeWords.atShare(probe.resolve("personas"), REFILL_REJECTED_SHARE)
              + ", max_words: 100000}\n";
    }
    Path config = config(tmp.resolve("run.yaml"), count, validation, quotas);
    HeapWatcher heap = new HeapWatcher();
    heap.start();
    long t0 = System.nanoTime();
    RoundCpu cpu = new RoundCpu();
    Summary s = run(config, tmp.resolve("out"), execution, cpu);
    double seconds = (System.nanoTime() - t0) / 1e9;
    heap.stopWatching();
    double rate = s.counts().accepted() / seconds;
    System.out.printf(
        Locale.ROOT,
        "e2e %s %s%s: %d personas in %.1f s = %.0f personas/s; peak heap %.0f MB; rounds %d%n",
        runner.name().toLowerCase(Locale.ROOT),
        students ? "students" : "general",
        refill ? " refill" : "",
        s.counts().accepted(),
        seconds,
        rate,
        heap.peakMb(),
        s.rounds().size());
    for (Summary.RoundRow r : s.rounds()) {
      System.out.printf(
          Locale.ROOT,
          "  round %d: %d drawn, %d accepted, %d rejected, %d duplicates, %d surplus; %.1f s wall,"
              + " %.1f s CPU%n",
          r.round(),
          r.generated(),
          r.accepted(),
          r.rejected(),
          r.duplicates(),
          r.surplus(),
          r.seconds(),
          cpu.seconds(r.round()));
    }
    System.out.printf(
        Locale.ROOT,
        "ratio to aim (%.0f personas/s): %.2f%n",
        AIM_PER_SECOND,
        rate / AIM_PER_SECOND);
  }

  private static Path config(Path file, long count, String validation, String quotas)
      throws IOException {
    Files.writeString(
        file,
        "count: "
            + count
            + "\nseed: 1\n"
            // The definition: lexical dedup only (semantic dedup is bounded by embedding
            // speed and has its own benchmark in the dedup module).
            + "dedup: {semantic: {enabled: false}}\n"
            + validation
            + quotas);
    return file;
  }

  private static Summary run(Path config, Path out, Execution execution, RunListener listener)
      throws IOException {
    RunConfigLoader.LoadedRun loaded = RunConfigLoader.load(config, null, null);
    return PersonaRun.execute(loaded, out, execution, false, false, listener);
  }

  /**
   * The process's CPU seconds per round, from the run's lines: a round runs from the line before
   * its own ("Generating ..." or the previous round's) to its "Round N:" line. CPU time, unlike the
   * wall, holds up on a machine other builds share.
   */
  static final class RoundCpu implements RunListener {
    private final OperatingSystemMXBean os =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final List<Double> rounds = new ArrayList<>();
    private long mark = os.getProcessCpuTime();

    @Override
    public void line(String text) {
      System.err.println(text);
      long now = os.getProcessCpuTime();
      if (text.startsWith("Round ")) {
        rounds.add((now - mark) / 1e9);
        mark = now;
      } else if (text.startsWith("Generating ")) {
        mark = now;
      }
    }

    double seconds(int round) {
      return round < rounds.size() ? rounds.get(round) : Double.NaN;
    }
  }

  /** Samples used heap every 200 ms (GC-independent peak of live + garbage, an upper bound). */
  static final class HeapWatcher extends Thread {
    private volatile boolean running = true;
    private volatile long peak;

    HeapWatcher() {
      setDaemon(true);
    }

    @Override
    public void run() {
      while (running) {
        long used = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
          if (p.getType() == MemoryType.HEAP) {
            used += p.getUsage().getUsed();
          }
        }
        peak = Math.max(peak, used);
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void stopWatching() {
      running = false;
    }

    double peakMb() {
      return peak / 1e6;
    }
  }
}
