package io.personaforge.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.apache.flink.client.deployment.executors.RemoteExecutor;
import org.apache.flink.client.program.ContextEnvironment;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.DefaultExecutorServiceLoader;

/**
 * A remote Flink cluster: what it must offer before a round is submitted to it, asked of its
 * JobManager's REST API — that it answers, and that it has a task slot for every parallel worker
 * (without this check, an unreachable JobManager fails deep in the Flink client, and a cluster
 * short of slots leaves the job waiting for slots until Flink gives up minutes later) — and how the
 * rounds' jobs are submitted to it ({@link #submitTo}).
 */
final class FlinkCluster {
  /** How long the JobManager has to answer: a live one answers in milliseconds. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private FlinkCluster() {}

  /**
   * @param master HOST:PORT of the JobManager's REST API
   * @param parallelism the task slots the job needs
   * @throws RunFailedException naming the address and what to do
   */
  static void check(String master, int parallelism) {
    URI overview = URI.create("http://" + master + "/overview");
    JsonNode body;
    try {
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .connectTimeout(DEFAULT_TIMEOUT)
              .build()
              .send(
                  HttpRequest.newBuilder(overview).timeout(DEFAULT_TIMEOUT).GET().build(),
                  HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException("HTTP " + r.statusCode());
      }
      body = new ObjectMapper().readTree(r.body());
    } catch (IOException | IllegalArgumentException e) {
      throw new RunFailedException(
          "cannot reach the Flink JobManager at "
              + overview
              + " ("
              + e
              + "); check --flink-master (the JobManager's REST address, HOST:PORT) and that the"
              + " cluster is running",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunFailedException("interrupted while asking " + overview, e);
    }
    long slots = body.path("slots-total").asLong(-1);
    if (slots < parallelism) {
      throw new RunFailedException(
          "the Flink cluster at "
              + master
              + " has "
              + Math.max(slots, 0)
              + " task slot(s) in "
              + body.path("taskmanagers").asLong(0)
              + " TaskManager(s), but the run needs "
              + parallelism
              + " (--parallelism); start more TaskManagers or pass a smaller --parallelism",
          null);
    }
  }

  /**
   * Makes the Flink jobs this process submits next go to the cluster at {@code master} with the
   * class path {@code classpath} — jars every node reads at those URLs — instead of carrying the
   * jars. Beam's Flink runner uploads the jars it is given with every job (each round, ~400 MB, the
   * JobManager then handing them to every TaskManager); a job that names its jars as {@code
   * pipeline.classpaths} (what {@code flink run -C} does) uploads nothing, and the TaskManagers
   * read only the classes they load. Beam's runner submits through this when its master is {@code
   * [auto]}: Flink's context environment, as {@code flink run} sets it up for a program.
   */
  static void submitTo(String master, List<URL> classpath) {
    int colon = master.lastIndexOf(':');
    String host = master.substring(0, colon);
    int port = Integer.parseInt(master.substring(colon + 1));
    Configuration c = new Configuration();
    c.set(DeploymentOptions.TARGET, RemoteExecutor.NAME);
    // Wait for each job's result, as Beam's runner does with a remote environment.
    c.set(DeploymentOptions.ATTACHED, true);
    c.set(JobManagerOptions.ADDRESS, host);
    c.set(JobManagerOptions.PORT, port);
    c.set(RestOptions.ADDRESS, host);
    c.set(RestOptions.PORT, port);
    c.set(PipelineOptions.JARS, List.of());
    c.set(PipelineOptions.CLASSPATHS, classpath.stream().map(URL::toString).toList());
    ContextEnvironment.setAsContext(
        new DefaultExecutorServiceLoader(),
        c,
        FlinkCluster.class.getClassLoader(),
        false, // one job per round, several rounds per process
        true); // no "Job has been submitted" on stdout: the command reports its own progress
  }
}
