package io.personaforge.generator.engine;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * An append-only journal of LLM answers, so a killed run resumes without paying twice. Each open
 * journal appends to its own segment file {@code llm-<time>-<random>.jsonl} (one JSON object per
 * line: key, text, token counts) from one writer thread that forces each batch of records to disk
 * before their futures complete (group commit), so several JVMs or journals can share one folder
 * without locking. Opening reads every segment, oldest first (a later record for a key wins) and
 * skips a torn last line. Only an index (key to file offset) is kept in memory; texts are read back
 * on demand. Thread-safe.
 */
public final class ResponseJournal implements AutoCloseable {
  /**
   * A journaled answer.
   *
   * @param millis how long the call that got it took (0 when not recorded): what the answer cost in
   *     request time when it was paid for, replayed with it
   */
  public record Entry(String text, long promptTokens, long completionTokens, long millis) {
    public Entry(String text, long promptTokens, long completionTokens) {
      this(text, promptTokens, completionTokens, 0);
    }
  }

  private record Position(int segment, long offset, int length) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectWriter ASCII_WRITER =
      JSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);

  private final Path dir;
  private final List<FileChannel> segments = new ArrayList<>();
  private final Map<String, Position> index = new ConcurrentHashMap<>();
  private final FileChannel out;
  private final int outSegment;
  private final AtomicLong skipped = new AtomicLong();
  private final List<Pending> queue = new ArrayList<>();
  private int unwritten;
  private final Thread writer;
  private boolean closed;
  private volatile long outOffset;

  private ResponseJournal(Path dir, boolean fresh) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    if (!fresh) {
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files =
            s.filter(p -> p.getFileName().toString().matches("llm-.*\\.jsonl")).sorted().toList();
      }
      for (Path f : files) {
        load(f);
      }
    }
    // Millisecond time first so segments sort by creation; a random tail keeps names unique
    // across JVMs and threads.
    Path mine =
        dir.resolve(
            String.format(
                "llm-%015d-%s.jsonl",
                System.currentTimeMillis(), UUID.randomUUID().toString().substring(0, 8)));
    out =
        FileChannel.open(
            mine, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
    segments.add(out);
    outSegment = segments.size() - 1;
    writer = new Thread(this::writeLoop, "personaforge-llm-journal");
    writer.setDaemon(true);
    writer.start();
  }

  /** Opens the journal in {@code dir}; {@code fresh} ignores what is already there. */
  public static ResponseJournal open(Path dir, boolean fresh) {
    try {
      return new ResponseJournal(dir, fresh);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the LLM journal in " + dir, e);
    }
  }

  private void load(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    segments.add(ch);
    int seg = segments.size() - 1;
    long offset = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      // Offsets are counted in bytes: re-encode each line (records are ASCII-safe JSON).
      String line;
      while ((line = r.readLine()) != null) {
        int len = line.getBytes(StandardCharsets.UTF_8).length;
        try {
          JsonNode n = JSON.readTree(line);
          if (n != null && n.hasNonNull("k") && n.hasNonNull("text")) {
            index.put(n.get("k").asText(), new Position(seg, offset, len));
          } else {
            skipped.incrementAndGet();
          }
        } catch (IOException e) {
          // A torn last line from a killed run: the call is simply made again.
          skipped.incrementAndGet();
        }
        offset += len + 1;
      }
    }
  }

  /** The answer journaled under {@code key}, if any. */
  public Optional<Entry> get(String key) {
    Position p = index.get(key);
    if (p == null) {
      return Optional.empty();
    }
    try {
      ByteBuffer buf = ByteBuffer.allocate(p.length());
      FileChannel ch = segments.get(p.segment());
      long pos = p.offset();
      while (buf.hasRemaining()) {
        int n = ch.read(buf, pos + buf.position());
        if (n < 0) {
          return Optional.empty();
        }
      }
      JsonNode n = JSON.readTree(new String(buf.array(), StandardCharsets.UTF_8));
      return Optional.of(
          new Entry(
              n.get("text").asText(),
              n.path("pt").asLong(),
              n.path("ct").asLong(),
              n.path("ms").asLong()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the LLM journal in " + dir, e);
    }
  }

  /** Appends an answer and forces it to disk before returning. */
  public void append(String key, Entry entry) {
    try {
      appendAsync(key, entry).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /**
   * Queues an answer for the journal's writer thread; the future completes once the record is
   * forced to disk. Records queued together share one write and one fsync (group commit), so the
   * caller's thread never waits on the disk.
   */
  public CompletableFuture<Void> appendAsync(String key, Entry entry) {
    ObjectNode n = JSON.createObjectNode();
    n.put("k", key);
    n.put("text", entry.text());
    n.put("pt", entry.promptTokens());
    n.put("ct", entry.completionTokens());
    if (entry.millis() > 0) {
      n.put("ms", entry.millis());
    }
    byte[] line;
    try {
      // Escape non-ASCII so a line's byte length never depends on the reader's decoding.
      line = (ASCII_WRITER.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new UncheckedIOException(e));
    }
    Pending p = new Pending(key, line, new CompletableFuture<>());
    synchronized (queue) {
      if (closed) {
        p.done().completeExceptionally(new IllegalStateException("the LLM journal is closed"));
        return p.done();
      }
      queue.add(p);
      unwritten++;
      queue.notifyAll();
    }
    return p.done();
  }

  private record Pending(String key, byte[] line, CompletableFuture<Void> done) {}

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>();
    while (true) {
      synchronized (queue) {
        while (queue.isEmpty() && !closed) {
          try {
            queue.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (queue.isEmpty()) {
          return;
        }
        batch.addAll(queue);
        queue.clear();
      }
      try {
        int total = 0;
        for (Pending p : batch) {
          total += p.line().length;
        }
        ByteBuffer buf = ByteBuffer.allocate(total);
        for (Pending p : batch) {
          buf.put(p.line());
        }
        buf.flip();
        long start = outOffset;
        while (buf.hasRemaining()) {
          out.write(buf, start + buf.position());
        }
        out.force(false);
        long pos = start;
        for (Pending p : batch) {
          index.put(p.key(), new Position(outSegment, pos, p.line().length - 1));
          pos += p.line().length;
        }
        outOffset = pos;
        batch.forEach(p -> p.done().complete(null));
      } catch (IOException | RuntimeException e) {
        UncheckedIOException failure =
            new UncheckedIOException(
                "cannot write the LLM journal in " + dir,
                e instanceof IOException io ? io : new IOException(e));
        batch.forEach(p -> p.done().completeExceptionally(failure));
      }
      synchronized (queue) {
        unwritten -= batch.size();
        queue.notifyAll();
      }
      batch.clear();
    }
  }

  /** Waits up to {@code timeout} until every answer queued so far is on disk; true when it is. */
  public boolean awaitWritten(java.time.Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (queue) {
      while (unwritten > 0) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        try {
          queue.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  /** Number of answers that can be replayed. */
  public int size() {
    return index.size();
  }

  /** Lines skipped on open (torn or foreign). */
  public long skippedLines() {
    return skipped.get();
  }

  /** Writes what is queued, stops the writer thread and closes the files. */
  @Override
  public void close() {
    synchronized (queue) {
      if (closed) {
        return;
      }
      closed = true;
      queue.notifyAll();
    }
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (FileChannel ch : segments) {
      try {
        ch.close();
      } catch (IOException e) {
        // Nothing left to lose: every record was forced when written.
      }
    }
  }
}
