package io.personaforge.dedup.semantic;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * An append-only file store of embeddings keyed by content ({@link #key}: a hash of what determines
 * the vector and the exact text), so that no text is embedded twice by one run, its refill rounds
 * or its resumption. Each open store appends to its own segment file {@code
 * emb-<time>-<random>.bin} so that several JVMs can share one folder without locking; opening reads
 * every segment's record headers. A record is {@code magic, key (16 bytes), dimensions, floats,
 * CRC-32}: a torn or corrupt record ends its segment's reading (a killed run's last write; its text
 * is embedded again). Duplicate records are harmless: a key always names the same vector. Only an
 * index (key to file position) is held in memory; vectors are read back on demand. Thread-safe.
 */
public final class EmbeddingStore implements AutoCloseable {
  /** A 128-bit content key. */
  public record Key(long high, long low) {}

  private record Position(int segment, long offset, int dims) {}

  private static final int MAGIC = 0x50464531; // "PFE1"
  private static final int HEADER = 4 + 16 + 4;
  private static final int MAX_DIMS = 1 << 16;

  private final Path dir;
  private final Path mine;
  private final List<FileChannel> segments = new ArrayList<>();
  private final Map<Key, Position> index = new ConcurrentHashMap<>();
  private final FileChannel out;
  private final int outSegment;
  private long outOffset;
  private long tornSegments;

  private EmbeddingStore(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().matches("emb-.*\\.bin")).sorted().toList();
    }
    for (Path f : files) {
      load(f);
    }
    // Millisecond time first so segments sort by creation; a random tail keeps names unique.
    mine =
        dir.resolve(
            String.format(
                "emb-%015d-%s.bin",
                System.currentTimeMillis(), UUID.randomUUID().toString().substring(0, 8)));
    out =
        FileChannel.open(
            mine, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
    segments.add(out);
    outSegment = segments.size() - 1;
  }

  /** Opens (creating if needed) the store in {@code dir}, indexing every record already there. */
  public static EmbeddingStore open(Path dir) {
    try {
      return new EmbeddingStore(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the embedding cache in " + dir, e);
    }
  }

  /** The key of {@code text} embedded as {@code embeddingId} describes (model, cap, endpoint). */
  public static Key key(String embeddingId, String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(embeddingId.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      byte[] d = sha.digest(text.getBytes(StandardCharsets.UTF_8));
      ByteBuffer b = ByteBuffer.wrap(d);
      return new Key(b.getLong(), b.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void load(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    segments.add(ch);
    int seg = segments.size() - 1;
    long offset = 0;
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
      while (true) {
        int magic;
        try {
          magic = in.readInt();
        } catch (EOFException e) {
          return; // the clean end of the segment
        }
        CRC32 crc = new CRC32();
        byte[] head = new byte[HEADER - 4];
        in.readFully(head);
        ByteBuffer h = ByteBuffer.wrap(head);
        Key key = new Key(h.getLong(), h.getLong());
        int dims = h.getInt();
        if (magic != MAGIC || dims < 1 || dims > MAX_DIMS) {
          tornSegments++;
          return;
        }
        byte[] body = new byte[dims * 4];
        in.readFully(body);
        crc.update(head);
        crc.update(body);
        if (in.readInt() != (int) crc.getValue()) {
          tornSegments++;
          return;
        }
        index.put(key, new Position(seg, offset + HEADER, dims));
        offset += HEADER + body.length + 4;
      }
    } catch (EOFException e) {
      // A record cut short by a killed run: everything before it stands.
      tornSegments++;
    }
  }

  /** The vector stored under {@code key}, if any. */
  public Optional<float[]> get(Key key) {
    Position p = index.get(key);
    if (p == null) {
      return Optional.empty();
    }
    ByteBuffer buf = ByteBuffer.allocate(p.dims() * 4);
    FileChannel ch = segments.get(p.segment());
    try {
      while (buf.hasRemaining()) {
        if (ch.read(buf, p.offset() + buf.position()) < 0) {
          return Optional.empty();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the embedding cache in " + dir, e);
    }
    buf.flip();
    float[] v = new float[p.dims()];
    buf.asFloatBuffer().get(v);
    return Optional.of(v);
  }

  /** Whether a vector is stored under {@code key}. */
  public boolean contains(Key key) {
    return index.containsKey(key);
  }

  /**
   * Appends vectors under their keys in one write. Not forced to disk: a record lost in a crash is
   * only embedded again.
   */
  public void putAll(List<Key> keys, List<float[]> vectors) {
    if (keys.size() != vectors.size()) {
      throw new IllegalArgumentException(keys.size() + " keys for " + vectors.size() + " vectors");
    }
    int total = 0;
    for (float[] v : vectors) {
      total += HEADER + v.length * 4 + 4;
    }
    ByteBuffer buf = ByteBuffer.allocate(total);
    long[] offsets = new long[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      float[] v = vectors.get(i);
      int start = buf.position();
      buf.putInt(MAGIC).putLong(keys.get(i).high()).putLong(keys.get(i).low()).putInt(v.length);
      offsets[i] = start + HEADER;
      for (float x : v) {
        buf.putFloat(x);
      }
      CRC32 crc = new CRC32();
      crc.update(buf.array(), start + 4, HEADER - 4 + v.length * 4);
      buf.putInt((int) crc.getValue());
    }
    buf.flip();
    synchronized (this) {
      long base = outOffset;
      try {
        while (buf.hasRemaining()) {
          out.write(buf, base + buf.position());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the embedding cache in " + dir, e);
      }
      outOffset = base + total;
      for (int i = 0; i < keys.size(); i++) {
        index.put(keys.get(i), new Position(outSegment, base + offsets[i], vectors.get(i).length));
      }
    }
  }

  /** Vectors stored (distinct keys). */
  public int size() {
    return index.size();
  }

  /** Segments whose reading stopped at a torn or corrupt record. */
  public synchronized long tornSegments() {
    return tornSegments;
  }

  /** Whether this store's own segment file still exists (a run directory may be emptied). */
  public boolean intact() {
    return Files.exists(mine);
  }

  @Override
  public synchronized void close() {
    for (FileChannel ch : segments) {
      try {
        ch.close();
      } catch (IOException e) {
        // Nothing to lose: every record was written before close.
      }
    }
  }
}
