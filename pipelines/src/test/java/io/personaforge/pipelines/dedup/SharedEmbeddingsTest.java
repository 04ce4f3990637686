package io.personaforge.pipelines.dedup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.dedup.SemanticConfig;
import io.personaforge.dedup.semantic.Embedder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedEmbeddingsTest {
  private static final SemanticConfig CONFIG = SemanticConfig.defaults();

  /** Deterministic vectors from the text; counts the texts it is asked to embed. */
  static final class CountingEmbedder implements Embedder {
    final AtomicInteger texts = new AtomicInteger();
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    @Override
    public List<float[]> embedAll(List<String> batch) {
      texts.addAndGet(batch.size());
      seen.addAll(batch);
      List<float[]> out = new ArrayList<>();
      for (String t : batch) {
        Random r = new Random(t.hashCode());
        float[] v = new float[384];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) r.nextGaussian();
        }
        out.add(v);
      }
      return out;
    }
  }

  private static List<String> texts(int n, String prefix) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(prefix + " persona number " + i + " restores clocks in town " + (i * 7));
    }
    return out;
  }

  @Test
  void aReopenedCacheEmbedsNothingItAlreadyHolds(@TempDir Path cache) {
    List<String> texts = texts(50, "a");
    CountingEmbedder first = new CountingEmbedder();
    List<float[]> v1 = SharedEmbeddings.openUnshared(CONFIG, cache, first).embed(texts);
    assertEquals(50, first.texts.get());

    CountingEmbedder second = new CountingEmbedder();
    SharedEmbeddings reopened = SharedEmbeddings.openUnshared(CONFIG, cache, second);
    List<float[]> v2 = reopened.embed(texts);
    assertEquals(0, second.texts.get(), "no model call for texts the cache holds");
    assertEquals(50, reopened.reused());
    for (int i = 0; i < texts.size(); i++) {
      assertArrayEquals(v1.get(i), v2.get(i), "vector " + i + " read back bit for bit");
    }
    // New texts among old ones: only the new ones reach the model, in one call, order kept.
    List<String> mixed = new ArrayList<>(texts(3, "b"));
    mixed.add(1, texts.get(7));
    List<float[]> v3 = reopened.embed(mixed);
    assertEquals(
        List.of(
            "b persona number 0 restores clocks in town 0",
            "b persona number 1 restores clocks in town 7",
            "b persona number 2 restores clocks in town 14"),
        second.seen);
    assertArrayEquals(v1.get(7), v3.get(1));
  }

  @Test
  void anotherModelOrCapNeverReusesTheVectors(@TempDir Path cache) {
    List<String> texts = texts(5, "c");
    SharedEmbeddings.openUnshared(CONFIG, cache, new CountingEmbedder()).embed(texts);
    CountingEmbedder full = new CountingEmbedder();
    SharedEmbeddings.openUnshared(
            CONFIG.withLocalModel(SemanticConfig.FULL_MINILM, 126), cache, full)
        .embed(texts);
    assertEquals(5, full.texts.get());
    CountingEmbedder longer = new CountingEmbedder();
    SharedEmbeddings.openUnshared(
            CONFIG.withLocalModel(SemanticConfig.QUANTIZED_MINILM, 100), cache, longer)
        .embed(texts);
    assertEquals(5, longer.texts.get());
  }

  @Test
  void aTornLastRecordIsIgnoredAndEmbeddedAgain(@TempDir Path cache) throws IOException {
    List<String> texts = texts(10, "d");
    SharedEmbeddings.openUnshared(CONFIG, cache, new CountingEmbedder()).embed(texts);
    Path segment;
    try (Stream<Path> s = Files.list(cache.resolve("embeddings"))) {
      segment = s.filter(p -> p.toString().endsWith(".bin")).findFirst().orElseThrow();
    }
    // A killed run: its last record is cut short in the middle of the vector.
    long size = Files.size(segment);
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.truncate(size - 700);
    }
    CountingEmbedder again = new CountingEmbedder();
    SharedEmbeddings reopened = SharedEmbeddings.openUnshared(CONFIG, cache, again);
    List<float[]> v = reopened.embed(texts);
    assertEquals(List.of(texts.get(9)), again.seen, "only the torn record's text is embedded");
    assertEquals(10, v.size());
    // A corrupt byte inside a record (not at the end) stops that segment there, never misreads.
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 3 * (24 + 384 * 4 + 4) + 100);
    }
    CountingEmbedder third = new CountingEmbedder();
    SharedEmbeddings.openUnshared(CONFIG, cache, third).embed(texts);
    assertEquals(texts.subList(3, 9), third.seen);
  }

  @Test
  void warmedTextsAreEmbeddedOnceInTheBackground(@TempDir Path cache) throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountingEmbedder counting = new CountingEmbedder();
    Embedder slow =
        batch -> {
          entered.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          return counting.embedAll(batch);
        };
    SharedEmbeddings shared = SharedEmbeddings.openUnshared(CONFIG, cache, slow);
    List<String> texts = texts(20, "e");
    shared.warm(texts);
    // The dedup step asks while the warming thread still holds the texts: it must wait for
    // them, not embed them a second time.
    entered.await();
    CompletableFuture<List<float[]>> asked =
        CompletableFuture.supplyAsync(() -> shared.embed(texts));
    release.countDown();
    List<float[]> v = asked.get();
    assertEquals(20, v.size());
    assertEquals(20, counting.texts.get(), "each text embedded once");
    assertArrayEquals(new CountingEmbedder().embedAll(List.of(texts.get(3))).get(0), v.get(3));
    assertEquals(20, shared.computed());
    assertEquals(0, shared.warmFailures());
  }

  @Test
  void aFailingModelFailsTheCallAndCachesNothing(@TempDir Path cache) {
    Embedder broken =
        batch -> {
          throw new IllegalStateException("model exploded");
        };
    SharedEmbeddings shared = SharedEmbeddings.openUnshared(CONFIG, cache, broken);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> shared.embed(texts(2, "f")));
    assertEquals("model exploded", e.getMessage());
    CountingEmbedder fine = new CountingEmbedder();
    SharedEmbeddings.openUnshared(CONFIG, cache, fine).embed(texts(2, "f"));
    assertEquals(2, fine.texts.get());
  }

  @Test
  void oneInstancePerCacheFolderAndSettingsPerJvm(@TempDir Path cache) {
    SharedEmbeddings a = SharedEmbeddings.open(CONFIG, cache);
    assertSame(a, SharedEmbeddings.open(CONFIG.withEnabled(true), cache.resolve(".")));
    assertTrue(
        a != SharedEmbeddings.open(CONFIG.withLocalModel(SemanticConfig.FULL_MINILM, 126), cache));
  }
}
