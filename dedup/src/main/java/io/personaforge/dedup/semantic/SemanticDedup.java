package io.personaforge.dedup.semantic;

import io.personaforge.dedup.DocRef;
import io.personaforge.dedup.DuplicateMatch;
import io.personaforge.dedup.SemanticConfig;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiDocValues;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.Directory;

/**
 * Semantic near-duplicate detection in the same three pure steps as {@link
 * io.personaforge.dedup.lexical.LexicalDedup}: {@link #sketch} and {@link #blockKeys} per document
 * (random-hyperplane sign bits of the embedding, one bucket per table), {@link #resolveBlock} per
 * bucket (cosine ≥ threshold against any earlier document), then {@link
 * io.personaforge.dedup.Verdicts#verdict} per document.
 *
 * <p>Buckets of up to {@code exhaustiveBlockSize} documents are compared pairwise; larger ones go
 * into an in-memory Lucene HNSW index ({@link KnnFloatVectorField}) whose {@code candidatesPerDoc}
 * nearest earlier documents are verified by exact cosine. Buckets over {@code maxBlockSize} are cut
 * into chunks in keep-first order, as in lexical dedup.
 *
 * <p>Immutable, thread-safe and serializable; the embedder is not part of it.
 */
public final class SemanticDedup implements Serializable {
  public static final String METHOD = "semantic";

  /** Below this size pairwise cosines are cheaper than an HNSW graph (~1,350 inserts/s). */
  public static final int DEFAULT_EXHAUSTIVE_BLOCK_SIZE = 512;

  /** Nearest earlier neighbours verified per document in an indexed bucket. */
  public static final int DEFAULT_CANDIDATES_PER_DOC = 16;

  /** Bounds one bucket's HNSW graph to ~15 s of work. */
  public static final int DEFAULT_MAX_BLOCK_SIZE = 20_000;

  /** Fixed so that every worker draws the same hyperplanes. */
  public static final long DEFAULT_SEED = 0x5EED_5E3A_0001L;

  private final SemanticConfig config;
  private final int exhaustiveBlockSize;
  private final int candidatesPerDoc;
  private final int maxBlockSize;
  private transient float[][] planes;

  public SemanticDedup(SemanticConfig config) {
    this(config, DEFAULT_EXHAUSTIVE_BLOCK_SIZE, DEFAULT_CANDIDATES_PER_DOC, DEFAULT_MAX_BLOCK_SIZE);
  }

  /**
   * @param exhaustiveBlockSize largest bucket compared pairwise, ≥ 1
   * @param candidatesPerDoc nearest earlier neighbours verified per document, ≥ 1
   * @param maxBlockSize largest bucket resolved in one piece, ≥ exhaustiveBlockSize
   */
  public SemanticDedup(
      SemanticConfig config, int exhaustiveBlockSize, int candidatesPerDoc, int maxBlockSize) {
    if (exhaustiveBlockSize < 1) {
      throw new IllegalArgumentException(
          "exhaustiveBlockSize is " + exhaustiveBlockSize + ", it must be 1 or more");
    }
    if (candidatesPerDoc < 1) {
      throw new IllegalArgumentException(
          "candidatesPerDoc is " + candidatesPerDoc + ", it must be 1 or more");
    }
    if (maxBlockSize < exhaustiveBlockSize) {
      throw new IllegalArgumentException(
          "maxBlockSize is "
              + maxBlockSize
              + ", it must be at least exhaustiveBlockSize ("
              + exhaustiveBlockSize
              + ")");
    }
    this.config = config;
    this.exhaustiveBlockSize = exhaustiveBlockSize;
    this.candidatesPerDoc = candidatesPerDoc;
    this.maxBlockSize = maxBlockSize;
  }

  public SemanticConfig config() {
    return config;
  }

  /** Step 1a: the unit vector and bucket keys of one embedded document (pure). */
  public SemanticSketch sketch(DocRef ref, float[] embedding) {
    float[] unit = unit(embedding);
    float[][] p = planes(unit.length);
    int bits = config.bits();
    long[] keys = new long[config.tables()];
    for (int t = 0; t < keys.length; t++) {
      long key = (long) t << 32;
      for (int b = 0; b < bits; b++) {
        float[] plane = p[t * bits + b];
        double dot = 0;
        for (int i = 0; i < unit.length; i++) {
          dot += (double) plane[i] * unit[i];
        }
        if (dot >= 0) {
          key |= 1L << b;
        }
      }
      keys[t] = key;
    }
    return new SemanticSketch(ref, unit, keys);
  }

  /** Step 1b: one bucket key per table (the table number in the high 32 bits). */
  public long[] blockKeys(SemanticSketch sketch) {
    return sketch.bucketKeys().clone();
  }

  /**
   * Step 2: at most one match per document of the bucket, its earliest earlier document with cosine
   * ≥ threshold. Pure: depends only on the set of sketches.
   */
  public List<DuplicateMatch> resolveBlock(List<SemanticSketch> block) {
    return resolve(block, false);
  }

  /** Every verified pair of a bucket, for evaluation. */
  public List<DuplicateMatch> matchesInBlock(List<SemanticSketch> block) {
    return resolve(block, true);
  }

  private List<DuplicateMatch> resolve(List<SemanticSketch> block, boolean allPairs) {
    if (block.size() < 2) {
      return List.of();
    }
    List<SemanticSketch> docs = new ArrayList<>(block);
    docs.sort((a, b) -> DocRef.KEEP_FIRST.compare(a.ref(), b.ref()));
    List<SemanticSketch> distinct = new ArrayList<>(docs.size());
    for (SemanticSketch s : docs) {
      if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).ref().equals(s.ref())) {
        distinct.add(s);
      }
    }
    List<DuplicateMatch> out = new ArrayList<>();
    for (int from = 0; from < distinct.size(); from += maxBlockSize) {
      List<SemanticSketch> chunk =
          distinct.subList(from, Math.min(distinct.size(), from + maxBlockSize));
      if (chunk.size() <= exhaustiveBlockSize) {
        for (int j = 1; j < chunk.size(); j++) {
          for (int i = 0; i < j; i++) {
            DuplicateMatch m = match(chunk.get(j), chunk.get(i));
            if (m != null) {
              out.add(m);
              if (!allPairs) {
                break;
              }
            }
          }
        }
      } else {
        resolveIndexed(chunk, allPairs, out);
      }
    }
    return out;
  }

  private DuplicateMatch match(SemanticSketch later, SemanticSketch earlier) {
    double c = SemanticSketch.cosine(later.vector(), earlier.vector());
    return c >= DocRef.required(config.threshold(), later.ref(), earlier.ref())
        ? new DuplicateMatch(later.ref(), earlier.ref(), c, METHOD)
        : null;
  }

  private void resolveIndexed(
      List<SemanticSketch> docs, boolean allPairs, List<DuplicateMatch> out) {
    try (Directory dir = io.personaforge.dedup.lexical.LexicalDedup.inMemoryDirectory()) {
      try (IndexWriter writer =
          new IndexWriter(dir, new IndexWriterConfig().setRAMBufferSizeMB(256))) {
        for (int rank = 0; rank < docs.size(); rank++) {
          Document d = new Document();
          d.add(new IntPoint("rank", rank));
          d.add(new NumericDocValuesField("rank", rank));
          d.add(
              new KnnFloatVectorField(
                  "v", docs.get(rank).vector(), VectorSimilarityFunction.DOT_PRODUCT));
          writer.addDocument(d);
        }
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        for (int j = 1; j < docs.size(); j++) {
          SemanticSketch later = docs.get(j);
          KnnFloatVectorQuery q =
              new KnnFloatVectorQuery(
                  "v", later.vector(), candidatesPerDoc, IntPoint.newRangeQuery("rank", 0, j - 1));
          ScoreDoc[] hits = searcher.search(q, candidatesPerDoc).scoreDocs;
          int[] ranks = new int[hits.length];
          for (int h = 0; h < hits.length; h++) {
            NumericDocValues values = MultiDocValues.getNumericValues(reader, "rank");
            if (values == null || !values.advanceExact(hits[h].doc)) {
              throw new IllegalStateException("indexed document has no rank");
            }
            ranks[h] = (int) values.longValue();
          }
          Arrays.sort(ranks);
          for (int r : ranks) {
            DuplicateMatch m = match(later, docs.get(r));
            if (m != null) {
              out.add(m);
              if (!allPairs) {
                break;
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static float[] unit(float[] v) {
    double n = 0;
    for (float x : v) {
      n += (double) x * x;
    }
    n = Math.sqrt(n);
    float[] u = new float[v.length];
    if (n == 0) {
      u[0] = 1; // a zero vector gets an arbitrary fixed direction rather than NaNs
      return u;
    }
    for (int i = 0; i < v.length; i++) {
      u[i] = (float) (v[i] / n);
    }
    return u;
  }

  private synchronized float[][] planes(int dim) {
    if (planes == null || planes[0].length != dim) {
      SplittableRandom r = new SplittableRandom(DEFAULT_SEED);
      float[][] p = new float[config.tables() * config.bits()][dim];
      for (float[] plane : p) {
        for (int i = 0; i < dim; i++) {
          // Box-Muller: Gaussian coordinates make the hyperplane direction uniform.
          double u1 = 1.0 - r.nextDouble();
          double u2 = r.nextDouble();
          plane[i] = (float) (Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
      }
      planes = p;
    }
    return planes;
  }
}
