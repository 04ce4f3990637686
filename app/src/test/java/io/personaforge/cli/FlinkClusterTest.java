package io.personaforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.personaforge.generator.sim.LlmSimulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster path, for real: {@code scripts/flink-cluster} starts a Flink 1.19 session cluster (a
 * JobManager and two TaskManagers, each its own JVM), and the packaged command submits to it with
 * {@code --flink-master} exactly as a user would ({@code java -jar personaforge.jar}, so the jars
 * the job needs come from the jar's manifest, staged once in the output folder). The corpus must
 * equal the Direct runner's row for row — personas, rejects and duplicates — with every quota cell
 * exact: in an undisturbed run against the LLM simulator (which also checks that the TaskManagers
 * journal the answers in {@code OUT/.cache}), and in a two-round offline run where a TaskManager is
 * killed with SIGKILL while the first round writes its tables and again while the refill round
 * writes, and Flink restarts each job on a replacement. (One undisturbed run and one disturbed run:
 * a round on the cluster costs 15–20 s here, each kill about as much again, and the class must stay
 * within CI's time.) Tagged {@code cluster}: it runs in the {@code integration-test} phase, after
 * the jar is packaged.
 */
@Tag("cluster")
class FlinkClusterTest {
  /**
   * A small taxonomy whose people often share a profile (sex, age and region: 120 of them), so the
   * offline writer's short narratives of two people with one profile repeat each other and some are
   * duplicates (14 with this seed: the attribute-aware verdict holds people of different profiles
   * to a higher bar, which the long narratives of builtin:general never met), and a rule that
   * rejects the quiet half: rejects, and a refill round of 123 personas, large enough to be caught
   * writing and killed. Two rounds, as the kill test needs.
   */
  private static final String TAXONOMY =
      """
      name: cluster-test
      categories:
        demographics:
          attributes:
            sex: {type: categorical, core: true, values: {female: 50, male: 50}, pronouns: {female: she, male: he}}
            age: {type: integer, core: true, min: 30, max: 44}
        location:
          attributes:
            region: {type: categorical, core: true, values: {northeast: 20, midwest: 20, south: 40, west: 20}, phrase: "lives in the {value}"}
        life:
          attributes:
            pace: {type: categorical, values: {quiet: 50, busy: 50}, phrases: {quiet: "keeps a quiet routine", busy: "keeps a busy routine"}}
            pet: {type: categorical, values: {cat: 40, dog: 40, none: 20}, phrases: {cat: "has a cat at home", dog: "walks a dog every morning", none: "has no pets"}}
            drink: {type: categorical, values: {tea: 50, coffee: 50}, phrases: {tea: "starts the day with tea", coffee: "starts the day with coffee"}}
      """;

  private static final String CONFIG =
      "taxonomy: cluster-test.taxonomy.yaml\ncount: 60\nseed: 14\n"
          + "validation:\n  min_words: 5\n  rules:\n"
          + "    - {name: busy_only, require: \"attr.life.pace == 'busy'\"}\n"
          + "dedup: {lexical: {threshold: 0.2}, semantic: {enabled: false}}\n"
          + "quotas:\n  - attribute: location.region\n"
          + "    shares: {northeast: 0.2, midwest: 0.2, south: 0.4, west: 0.2}\n";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path tmp;
  static Path config;
  static Path clusterDir;
  static int port;
  static Corpus direct;

  @BeforeAll
  static void startClusterAndRunDirect() throws Exception {
    port = freePortPair();
    clusterDir = Cli.repoRoot().resolve("app/target/flink-cluster-test");
    Script start = script("start");
    assertEquals(0, start.exit(), start.output());
    config = tmp.resolve("run.yaml");
    Files.writeString(tmp.resolve("cluster-test.taxonomy.yaml"), TAXONOMY);
    Files.writeString(config, CONFIG);
    Path out = tmp.resolve("direct");
    Cli d = Cli.run("run", "--config", config.toString(), "--out", out.toString());
    assertEquals(0, d.exit(), d.err());
    direct = Corpus.read(out);
    assertEquals(60, direct.personas().size());
    assertFalse(direct.rejects().isEmpty(), "the config rejects personas");
    assertFalse(direct.duplicates().isEmpty(), "the config finds duplicates");
    assertEquals(2, direct.summary().get("rounds").size(), "a refill round runs");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (clusterDir != null) {
      script("stop");
    }
  }

  @Test
  void aTaskManagerKilledWhileEachRoundWritesChangesNothing() throws Exception {
    Path out = tmp.resolve("failover");
    List<String> seen = new ArrayList<>(jobIds());
    Process run = startRun(out);
    List<String> lines = readLines(run);
    String first = killWhileWriting(out, 0, seen);
    seen.add(first);
    String refill = killWhileWriting(out, 1, seen);
    assertEquals(0, waitFor(run), String.join("\n", lines));
    for (String job : List.of(first, refill)) {
      JsonNode details = get("/jobs/" + job);
      assertEquals("FINISHED", details.path("state").asText(), details.toString());
      JsonNode history = get("/jobs/" + job + "/exceptions").path("exceptionHistory");
      assertTrue(history.path("entries").size() > 0, "job " + job + " was restarted: " + history);
    }
    assertSameCorpus(direct, out);
  }

  @Test
  void llmAnswersAreJournaledInTheOutputFolderByTheTaskManagers() throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().latency(Duration.ofMillis(5)).start()) {
      Path llmConfig = tmp.resolve("llm.yaml");
      Files.writeString(
          llmConfig,
          "count: 12\nseed: 9\nmax_rounds: 1\ngenerator:\n  provider: openai\n  base_url: "
              + sim.baseUrl()
              + "\n  model: sim-model\n  api_key_env: \"\"\n  concurrency: 2\n"
              + "dedup: {semantic: {enabled: false}}\n");
      Path directOut = tmp.resolve("llm-direct");
      Cli d = Cli.run("run", "--config", llmConfig.toString(), "--out", directOut.toString());
      assertEquals(0, d.exit(), d.err());
      long before = sim.requests();
      Path out = tmp.resolve("llm-cluster");
      Process run = startRun(llmConfig, out);
      List<String> lines = readLines(run);
      assertEquals(0, waitFor(run), String.join("\n", lines));
      // A run nothing disturbed: the same corpus as Direct's.
      assertSameCorpus(Corpus.read(directOut), out);
      assertEquals(12, EndToEndTest.rows(out).size());
      // The probe, then one answer per persona, asked from the TaskManagers and journaled there.
      assertTrue(sim.requests() - before >= 13, "requests: " + (sim.requests() - before));
      long journaled = 0;
      try (Stream<Path> files = Files.list(out.resolve(".cache").resolve("llm"))) {
        for (Path f : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
          journaled += Files.readAllLines(f).stream().filter(l -> !l.isBlank()).count();
        }
      }
      assertTrue(journaled >= 12, "answers journaled in OUT/.cache/llm: " + journaled);
    }
  }

  @Test
  void tooFewSlotsAndAnUnreachableJobManagerAreClearErrors() throws Exception {
    Cli wide =
        Cli.run(
            "run",
            "--config",
            config.toString(),
            "--out",
            tmp.resolve("wide").toString(),
            "--runner",
            "flink",
            "--flink-master",
            "localhost:" + port,
            "--parallelism",
            "3");
    assertEquals(1, wide.exit());
    assertTrue(
        wide.err().contains("has 2 task slot(s) in 2 TaskManager(s), but the run needs 3"),
        wide.err());
    int closed = freePortPair();
    Cli nowhere =
        Cli.run(
            "run",
            "--config",
            config.toString(),
            "--out",
            tmp.resolve("nowhere").toString(),
            "--runner",
            "flink",
            "--flink-master",
            "localhost:" + closed,
            "--parallelism",
            "2");
    assertEquals(1, nowhere.exit());
    assertTrue(
        nowhere.err().contains("cannot reach the Flink JobManager at http://localhost:" + closed),
        nowhere.err());
  }

  /** The corpus in {@code out} is {@code direct}'s, row for row, and nothing of it is left over. */
  private static void assertSameCorpus(Corpus direct, Path out) throws Exception {
    Corpus got = Corpus.read(out);
    assertEquals(direct.personas(), got.personas());
    assertEquals(direct.rejects(), got.rejects());
    assertEquals(direct.duplicates(), got.duplicates());
    JsonNode s = got.summary();
    assertEquals("flink", s.path("runner").asText());
    assertTrue(s.at("/counts/balanced").asBoolean(), s.toString());
    for (String count : List.of("generated", "accepted", "rejected", "duplicates", "surplus")) {
      assertEquals(
          direct.summary().at("/counts/" + count), s.at("/counts/" + count), count + ": " + s);
    }
    assertEquals(direct.summary().get("rounds").size(), s.get("rounds").size());
    // Tallied from the personas written, like the counts: a restarted job does not count twice.
    for (String figures : List.of("/validation", "/leaf_coverage")) {
      assertEquals(direct.summary().at(figures), s.at(figures), figures);
    }
    for (JsonNode q : s.get("quotas")) {
      assertEquals(0, q.get("difference").asLong(), q.toString());
    }
    try (Stream<Path> left = Files.walk(out)) {
      assertEquals(
          List.of(),
          left.filter(p -> p.toString().contains(".attempts") || p.endsWith("manifest.json"))
              .toList(),
          "no attempt's files are left behind");
    }
    assertFalse(Files.exists(out.resolve(".personaforge/jars")), "the staged jars are deleted");
  }

  /** The three tables, each row as text, in id order, and the summary. */
  record Corpus(
      List<String> personas, List<String> rejects, List<String> duplicates, JsonNode summary) {
    static Corpus read(Path out) throws Exception {
      return new Corpus(
          EndToEndTest.rows(out),
          table(out.resolve("rejects")),
          table(out.resolve("duplicates")),
          JSON.readTree(out.resolve("summary.json").toFile()));
    }

    private static List<String> table(Path dir) throws Exception {
      List<String> rows = new ArrayList<>();
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "select cast(t as varchar) from read_parquet('"
                      + dir
                      + "/*.parquet') t order by t.id")) {
        while (rs.next()) {
          rows.add(rs.getString(1));
        }
      }
      return rows;
    }
  }

  /**
   * Waits until round {@code round} of the run writing to {@code out} has begun writing its tables
   * — the first file of a bundle appears under the round's {@code .attempts} folder — then kills
   * TaskManager 1 with SIGKILL, starts a replacement, and returns the id of the job that was
   * running (not one of {@code earlier}).
   *
   * <p>Why a file and not the job's vertex states: the REST API shows a job as it was up to {@code
   * web.refresh-interval} (3 s) ago, and a refill round's writing step runs about as long, so a
   * kill timed from the REST view often came after the round had finished. The folder tells at
   * once.
   */
  private static String killWhileWriting(Path out, int round, List<String> earlier)
      throws Exception {
    Path attempts = out.resolve(".personaforge/staging/round-" + round).resolve(".attempts");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (System.nanoTime() < deadline && !anyFileUnder(attempts)) {
      Thread.sleep(20);
    }
    assertTrue(anyFileUnder(attempts), "round " + round + " began writing under " + attempts);
    // The job reads its classes from the jars staged once in the output folder, not uploaded.
    try (Stream<Path> jars = Files.list(out.resolve(".personaforge/jars"))) {
      assertTrue(jars.anyMatch(j -> j.toString().endsWith("personaforge.jar")), "jars staged");
    }
    long pid = Long.parseLong(Files.readString(clusterDir.resolve("taskmanager-1.pid")).trim());
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    awaitDeath(pid);
    String job = null;
    for (JsonNode j : get("/jobs/overview").path("jobs")) {
      String id = j.path("jid").asText();
      if (!earlier.contains(id)) {
        job = id;
      }
    }
    assertTrue(job != null, "round " + round + " has a job: " + get("/jobs/overview"));
    System.out.printf(
        "killed TaskManager 1 (pid %d) while round %d (job %s) wrote%n", pid, round, job);
    Script replacement = script("start");
    assertEquals(0, replacement.exit(), replacement.output());
    long newPid = Long.parseLong(Files.readString(clusterDir.resolve("taskmanager-1.pid")).trim());
    assertNotEquals(pid, newPid, "a new TaskManager process");
    return job;
  }

  /** Whether {@code dir} holds a regular file, at any depth. */
  private static boolean anyFileUnder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.anyMatch(Files::isRegularFile);
    } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException raced) {
      return false; // a file moved while it was listed: look again
    }
  }

  /** Waits until {@code pid} has exited (a zombie counts: it runs no more). */
  private static void awaitDeath(long pid) throws Exception {
    Path stat = Path.of("/proc/" + pid + "/stat");
    for (int i = 0; i < 200; i++) {
      String s;
      try {
        s = Files.readString(stat);
      } catch (IOException gone) {
        return;
      }
      if (s.substring(s.lastIndexOf(')') + 2).startsWith("Z")) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("process " + pid + " survived SIGKILL");
  }

  private static List<String> jobIds() throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>();
    for (JsonNode j : get("/jobs/overview").path("jobs")) {
      ids.add(j.path("jid").asText());
    }
    return ids;
  }

  private static JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  /** The packaged command, run as a user runs it, against the cluster. */
  private static Process startRun(Path out) throws IOException {
    return startRun(config, out);
  }

  private static Process startRun(Path config, Path out) throws IOException {
    Path jar = Cli.repoRoot().resolve("app/target/personaforge.jar");
    assertTrue(Files.isRegularFile(jar), "the jar is packaged before this test: " + jar);
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "-Xmx1g",
            "-jar",
            jar.toString(),
            "run",
            "--config",
            config.toString(),
            "--out",
            out.toString(),
            "--runner",
            "flink",
            "--flink-master",
            "localhost:" + port,
            "--parallelism",
            "2")
        .redirectErrorStream(true)
        .start();
  }

  /** Collects the process's output lines as they come (and echoes them to the test log). */
  private static List<String> readLines(Process p) {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  lines.add(line);
                  System.out.println("  | " + line);
                }
              } catch (IOException e) {
                lines.add("(output lost: " + e + ")");
              }
            });
    t.setDaemon(true);
    t.start();
    return lines;
  }

  private static int waitFor(Process p) throws InterruptedException {
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the run did not end within 10 minutes");
    }
    return p.exitValue();
  }

  record Script(int exit, String output) {}

  private static Script script(String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                Cli.repoRoot().resolve("scripts/flink-cluster").toString(),
                command,
                "--dir",
                clusterDir.toString(),
                "--port",
                Integer.toString(port))
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    System.out.print(output);
    return new Script(p.exitValue(), output);
  }

  /** A free port whose successor (the JobManager's RPC port) is free too. */
  private static int freePortPair() throws IOException {
    for (int i = 0; i < 50; i++) {
      int p;
      try (ServerSocket s = new ServerSocket(0)) {
        p = s.getLocalPort();
      }
      try (ServerSocket next = new ServerSocket(p + 1)) {
        return p;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no two adjacent free ports");
  }
}
