package io.personaforge.pipelines;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Where and how wide the pipeline runs.
 *
 * @param runner direct or flink
 * @param flinkMaster {@code [local]} for an embedded mini-cluster, or HOST:PORT of a cluster's
 *     JobManager (REST port)
 * @param parallelism workers (threads on Direct, task slots on Flink); 0 picks the cores
 */
public record Execution(Execution.Runner runner, String flinkMaster, int parallelism) {
  /** Runners users can choose. */
  public enum Runner {
    /** Beam's Direct runner, in this process. */
    DIRECT,
    /** Beam's Flink runner: an embedded mini-cluster, or a real cluster given its master. */
    FLINK
  }

  public static final String EMBEDDED = "[local]";

  /**
   * Largest count the Direct runner is advised for: it holds every shuffle in memory, and 100,000
   * personas took ≈3.5 GB of heap while 1,000,000 ran out of 4 GB (docs/flink.md).
   */
  public static final long DEFAULT_DIRECT_RUNNER_MAX_COUNT = 200_000;

  public Execution {
    flinkMaster = flinkMaster == null || flinkMaster.isBlank() ? EMBEDDED : flinkMaster;
    if (parallelism < 0) {
      throw new IllegalArgumentException("parallelism must be >= 0, got " + parallelism);
    }
  }

  /** Whether the pipeline's workers run in this process (and share its LLM engine). */
  public boolean inProcess() {
    return runner == Runner.DIRECT || EMBEDDED.equals(flinkMaster);
  }

  public static Execution direct() {
    return new Execution(Runner.DIRECT, null, 0);
  }

  /**
   * Advice for a corpus too large for the Direct runner's memory, or empty when {@code count} is
   * within what it handles.
   */
  public static Optional<String> directRunnerAdvice(long count) {
    if (count <= DEFAULT_DIRECT_RUNNER_MAX_COUNT) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "count %,d is more than the Direct runner (the default) holds in memory: it keeps every"
                + " shuffle on the heap and ran out of 4 GB at 1,000,000 personas. Use --runner"
                + " flink, which spills to disk (docs/flink.md)",
            count));
  }

  int effectiveParallelism() {
    return parallelism > 0 ? parallelism : Math.max(2, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Beam options for a runner in this process (Direct, embedded Flink); see {@link #options(Path)}.
   */
  public PipelineOptions options() {
    return options(null);
  }

  /**
   * Beam options for this runner, master and parallelism. For a remote cluster this also checks the
   * cluster ({@link FlinkCluster#check}), stages the jars and points this process's Flink job
   * submissions at the cluster ({@link FlinkCluster#submitTo}).
   *
   * @param jobJars for a remote cluster, the folder its nodes read the job's jars from — under the
   *     output folder, which every node reaches under the same path; the class path's jars are
   *     copied there the first time (once per run) and every round's job names them there. Unused
   *     (may be null) for a runner in this process.
   */
  public PipelineOptions options(Path jobJars) {
    List<String> args = new ArrayList<>();
    int workers = effectiveParallelism();
    switch (runner) {
      case DIRECT -> {
        args.add("--runner=DirectRunner");
        // Immutability and encodability checks cost 4-5x on a million elements
        // (docs/architecture.md); our coders are tested on their own.
        args.add("--enforceImmutability=false");
        args.add("--enforceEncodability=false");
        args.add("--targetParallelism=" + workers);
        // run() returns at once, so the caller can watch the pipeline while it runs (progress,
        // and the Direct runner's rare stuck state: docs/architecture.md, "Runner traps").
        args.add("--blockOnRun=false");
      }
      case FLINK -> {
        args.add("--runner=FlinkRunner");
        args.add("--parallelism=" + workers);
        // A batch job: no checkpoints; objects are not reused across operators (our DoFns keep no
        // references, but safety over a few percent).
        args.add("--objectReuse=false");
        args.add("--fasterCopy=true");
        if (EMBEDDED.equals(flinkMaster)) {
          args.add("--flinkMaster=" + flinkMaster);
        } else {
          if (jobJars == null) {
            throw new IllegalArgumentException(
                "a remote Flink cluster reads the job's jars from a shared folder: options(Path)");
          }
          FlinkCluster.check(flinkMaster, workers);
          // The job's classes come from jars staged once on the shared file system, not uploaded
          // with every round's job: Beam's runner submits through Flink's context environment
          // (its "[auto]" master), which FlinkCluster sets up for this cluster and class path.
          FlinkCluster.submitTo(flinkMaster, JobFiles.stage(JobFiles.classpath(), jobJars));
          args.add("--flinkMaster=[auto]");
        }
      }
    }
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).create();
  }
}
