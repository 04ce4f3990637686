package io.personaforge.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.personaforge.pipelines.io.Trees;
import io.personaforge.schemas.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * The output directory of a run, and the rules that keep a user's files safe: a run writes into an
 * empty or new directory; a directory holding an unfinished run of the same configuration is
 * resumed; anything else (a finished run, another configuration, unrelated files) is refused unless
 * the user passes {@code --overwrite}. Tables are written to a staging folder and moved into place
 * when complete.
 */
public final class RunDirectory {
  /** Tables a run leaves in its output directory. */
  public static final List<String> TABLES = List.of("personas", "rejects", "duplicates");

  static final String STATE_DIR = ".personaforge";
  static final String STATE_FILE = "run.json";
  static final String CACHE_DIR = ".cache";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final boolean resumed;

  private RunDirectory(Path root, boolean resumed) {
    this.root = root;
    this.resumed = resumed;
  }

  /**
   * Checks {@code out} and claims it for a run of the configuration with hash {@code configHash}.
   *
   * @throws ConfigException when the directory may not be used (exit code 2)
   */
  public static RunDirectory claim(Path out, String configHash, boolean overwrite) {
    try {
      boolean resumed = false;
      if (Files.exists(out) && !Files.isDirectory(out)) {
        throw new ConfigException(
            out.toString(), 0, 0, "", "--out names a file, not a directory; choose a directory");
      }
      if (Files.isDirectory(out) && !isEmpty(out) && !onlyJournal(out)) {
        JsonNode state = readState(out);
        String why = null;
        if (state == null) {
          why = "holds files that are not a PersonaForge run (" + firstEntry(out) + ")";
        } else if ("finished".equals(state.path("status").asText())) {
          why = "already holds a finished run (" + state.path("finished").asText("") + ")";
        } else if (!configHash.equals(state.path("config_hash").asText())) {
          why = "holds an unfinished run of a different configuration";
        } else {
          resumed = true;
        }
        if (why != null) {
          if (!overwrite) {
            throw new ConfigException(
                out.toString(),
                0,
                0,
                "",
                "the output directory "
                    + why
                    + "; choose a new or empty --out, or pass --overwrite to delete its contents");
          }
          deleteContents(out);
        }
      }
      Files.createDirectories(out.resolve(STATE_DIR));
      RunDirectory dir = new RunDirectory(out, resumed);
      Trees.delete(dir.staging());
      for (String t : TABLES) {
        Trees.delete(out.resolve(t));
      }
      dir.writeState(configHash, "running");
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare output directory " + out, e);
    }
  }

  public Path root() {
    return root;
  }

  /** Whether an unfinished run of the same configuration was found and is being resumed. */
  public boolean resumed() {
    return resumed;
  }

  /** Where tables are written before they are moved into place. */
  public Path staging() {
    return root.resolve(STATE_DIR).resolve("staging");
  }

  /**
   * Where the nodes of a remote Flink cluster read the job's jars: staged by a run's first round,
   * named by every round's job; kept across resumes, deleted when the run finishes.
   */
  public Path jobJars() {
    return root.resolve(STATE_DIR).resolve("jars");
  }

  /** The LLM response journal; kept across resumes. */
  public Path cache() {
    return cacheOf(root);
  }

  /**
   * Moves each round's staged table files into the staged tables ({@code round-1/personas/part-x}
   * becomes {@code personas/part-r1-x}), so that the finished corpus has one folder per table.
   */
  public void gatherRounds() throws IOException {
    List<Path> roundDirs;
    try (Stream<Path> s = Files.list(staging())) {
      roundDirs = s.filter(p -> p.getFileName().toString().startsWith("round-")).sorted().toList();
    }
    for (Path round : roundDirs) {
      String tag = "r" + round.getFileName().toString().substring("round-".length());
      for (String t : TABLES) {
        Path to = staging().resolve(t);
        Files.createDirectories(to);
        Path from = round.resolve(t);
        if (!Files.isDirectory(from)) {
          continue;
        }
        try (Stream<Path> files = Files.list(from)) {
          for (Path f :
              files.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList()) {
            String name = f.getFileName().toString().replaceFirst("^part", "part-" + tag);
            Files.move(f, to.resolve(name));
          }
        }
      }
      Trees.delete(round);
    }
  }

  /** Moves the staged tables into place, then records the run as finished. */
  public void finish(String configHash) throws IOException {
    for (String t : TABLES) {
      Path from = staging().resolve(t);
      Path to = root.resolve(t);
      Trees.delete(to);
      Files.createDirectories(from);
      try {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(from, to);
      }
    }
    Trees.delete(staging());
    try {
      Trees.delete(jobJars());
    } catch (IOException e) {
      // A cluster node may still hold a jar open, and a network file system keeps such a file
      // (and so its folder) until it is closed: the corpus is complete, and the jars are only
      // a copy; what is left of them goes with the folder.
    }
    writeState(configHash, "finished");
  }

  /** Writes {@code text} to {@code name} in the directory, atomically (temp file, then rename). */
  public void writeFile(String name, String text) throws IOException {
    writeAtomically(root.resolve(name), text);
  }

  /**
   * Writes {@code text} to {@code target} through a temporary file beside it and a rename, so a
   * reader never sees half a file.
   */
  public static void writeAtomically(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void writeState(String configHash, String status) throws IOException {
    ObjectNode s = JSON.createObjectNode();
    s.put("config_hash", configHash);
    s.put("status", status);
    s.put(status.equals("finished") ? "finished" : "started", Instant.now().toString());
    Path tmp = root.resolve(STATE_DIR).resolve(STATE_FILE + ".tmp");
    Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s));
    Files.move(
        tmp,
        root.resolve(STATE_DIR).resolve(STATE_FILE),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private static JsonNode readState(Path out) {
    Path f = out.resolve(STATE_DIR).resolve(STATE_FILE);
    if (!Files.isRegularFile(f)) {
      return null;
    }
    try {
      return JSON.readTree(f.toFile());
    } catch (IOException e) {
      return null;
    }
  }

  /** The LLM journal of the run in {@code out} (a preview writes there for the run to reuse). */
  public static Path cacheOf(Path out) {
    return out.resolve(CACHE_DIR);
  }

  /** Whether {@code dir} holds nothing but an LLM journal (a preview's, for this run). */
  private static boolean onlyJournal(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.allMatch(p -> p.getFileName().toString().equals(CACHE_DIR));
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      return !ds.iterator().hasNext();
    }
  }

  private static String firstEntry(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().findFirst().orElse("");
    }
  }

  private static void deleteContents(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        Trees.delete(p);
      }
    }
  }
}
