package io.personaforge.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What a remote Flink cluster must offer before a round is submitted to it, asked of its
 * JobManager's REST API: that it answers, and that it has a task slot for every parallel worker.
 * Without this check, an unreachable JobManager fails deep in the Flink client, and a cluster short
 * of slots leaves the job waiting for slots until Flink gives up minutes later.
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
}
