package io.personaforge.dedup.lexical;

import io.personaforge.dedup.Doc;
import io.personaforge.dedup.DocRef;
import io.personaforge.dedup.DuplicateMatch;
import io.personaforge.dedup.ExactDuplicates;
import io.personaforge.dedup.LexicalConfig;
import io.personaforge.schemas.Mix64;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiDocValues;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.SingleInstanceLockFactory;

/**
 * Lexical near-duplicate detection in three pure steps, shaped for a GroupByKey pipeline:
 *
 * <ol>
 *   <li>{@link #sketch(Doc)} and {@link #blockKeys(LexicalSketch)}: per document, no shared state;
 *   <li>{@link #resolveBlock(List)}: per group of documents sharing a block key; the answer depends
 *       only on the set of documents in the block, never on their order;
 *   <li>{@link io.personaforge.dedup.Verdicts#verdict}: per document, over the matches of all its
 *       blocks.
 * </ol>
 *
 * <p>A document is a duplicate when it matches ANY earlier document (earlier round, then lower
 * ordinal) — even one that is itself a duplicate — so no global state is needed and every runner,
 * bundling and arrival order gives the same answer.
 *
 * <p>Inside a block, documents are verified by exact shingle Jaccard. Blocks of up to {@code
 * exhaustiveBlockSize} documents are compared pairwise (earliest candidates first, stopping at the
 * first match); larger blocks are put in an in-memory Lucene index of shingle terms whose top
 * {@code candidatesPerDoc} earlier documents by shingle overlap are the only ones verified, so cost
 * grows linearly, not quadratically. Blocks larger than {@code maxBlockSize} (a band common to a
 * huge share of the corpus, e.g. boilerplate) are cut into consecutive chunks in keep-first order;
 * a pair split by the cut is then only found through another of its bands (a pair at Jaccard ≥ 0.6
 * shares on average 4 of 32 bands), which is documented in docs/dedup.md.
 *
 * <p>Instances are immutable, thread-safe and serializable (a DoFn may hold one).
 */
public final class LexicalDedup implements Serializable {
  public static final String METHOD = "lexical";

  /** Below this size pairwise checks are cheaper than building an index. */
  public static final int DEFAULT_EXHAUSTIVE_BLOCK_SIZE = 64;

  /** Earlier candidates verified per document in an indexed block: near-copies rank at the top. */
  public static final int DEFAULT_CANDIDATES_PER_DOC = 32;

  /** Bounds one block's index to ~1 s of work; only pathological corpora reach it. */
  public static final int DEFAULT_MAX_BLOCK_SIZE = 20_000;

  /** Lucene's default limit on clauses in one query; longer texts query a fixed hash sample. */
  static final int MAX_QUERY_TERMS = 1024;

  private static final long EXACT_SALT = 0x7E5A_C7D0_0C5E_ED01L;

  private final LexicalConfig config;
  private final int exhaustiveBlockSize;
  private final int candidatesPerDoc;
  private final int maxBlockSize;
  private transient Shingler shingler;
  private transient MinHasher minHasher;

  public LexicalDedup(LexicalConfig config) {
    this(config, DEFAULT_EXHAUSTIVE_BLOCK_SIZE, DEFAULT_CANDIDATES_PER_DOC, DEFAULT_MAX_BLOCK_SIZE);
  }

  /**
   * @param exhaustiveBlockSize largest block compared pairwise, ≥ 1
   * @param candidatesPerDoc earlier candidates verified per document in an indexed block, ≥ 1
   * @param maxBlockSize largest block resolved in one piece, ≥ exhaustiveBlockSize
   */
  public LexicalDedup(
      LexicalConfig config, int exhaustiveBlockSize, int candidatesPerDoc, int maxBlockSize) {
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

  public LexicalConfig config() {
    return config;
  }

  private Shingler shingler() {
    if (shingler == null) {
      shingler = new Shingler(config.shingleSize());
    }
    return shingler;
  }

  private MinHasher minHasher() {
    if (minHasher == null) {
      minHasher = new MinHasher(config.bands(), config.rows());
    }
    return minHasher;
  }

  /**
   * Step 1a in one go, signed with every shingle: what the later steps need of a document (pure;
   * its text is not kept). The pipeline and {@link io.personaforge.dedup.Deduplicator} take it in
   * two steps, {@link #shingled} then {@link #signed}, because the common shingles are known only
   * once the corpus is in.
   */
  public LexicalSketch sketch(Doc doc) {
    return signed(shingled(doc), CommonShingles.NONE);
  }

  /**
   * A document's shingles and fingerprint, without band keys yet: what {@link
   * CommonShingles.Counter} counts before the common shingles are known.
   */
  public LexicalSketch shingled(Doc doc) {
    Shingler.Shingles parsed = shingler().shingles(doc.text());
    long[] shingles = parsed.hashes();
    int[] small = new int[shingles.length];
    for (int i = 0; i < shingles.length; i++) {
      small[i] = (int) (shingles[i] >>> 32);
    }
    Arrays.sort(small);
    int w = 0;
    for (int i = 0; i < small.length; i++) {
      if (w == 0 || small[i] != small[w - 1]) {
        small[w++] = small[i];
      }
    }
    return new LexicalSketch(doc.ref(), parsed.exactHex(), Arrays.copyOf(small, w), new long[0]);
  }

  /**
   * {@code sketch} with its band keys, computed from its shingles less the common ones, and with
   * only its content shingles ({@link CommonShingles#content}) kept for the verdict: scaffolding
   * every text shares is no evidence that two texts describe the same person.
   */
  public LexicalSketch signed(LexicalSketch sketch, CommonShingles common) {
    long[] bandKeys =
        config.enabled() ? minHasher().bandKeys(common.signed(sketch.shingles())) : new long[0];
    return new LexicalSketch(
        sketch.ref(), sketch.fingerprint(), common.content(sketch.shingles()), bandKeys);
  }

  /**
   * Step 1b: the block keys of a document: its exact-text key, then one key per LSH band (none when
   * lexical matching is disabled).
   */
  public long[] blockKeys(LexicalSketch sketch) {
    long[] keys = new long[1 + sketch.bandKeys().length];
    keys[0] = exactBlockKey(sketch.exactKey());
    System.arraycopy(sketch.bandKeys(), 0, keys, 1, sketch.bandKeys().length);
    return keys;
  }

  /**
   * The block key grouping exact duplicates, from {@link LexicalSketch#exactKey()}: salted so that
   * it cannot equal a band key by construction of the hashes.
   */
  public static long exactBlockKey(long exactKey) {
    return Mix64.murmur(exactKey ^ EXACT_SALT);
  }

  /**
   * Step 2: the duplicates found among the documents of one block — at most one match per document,
   * the best by {@link io.personaforge.dedup.Verdicts#ORDER} within the block (so the pipeline's
   * output stays no larger than its input). Exact duplicates (same fingerprint) are method {@code
   * exact}, similarity 1; others need shingle Jaccard ≥ threshold, method {@code lexical}. Pure:
   * the result depends only on the set of sketches.
   */
  public List<DuplicateMatch> resolveBlock(List<LexicalSketch> block) {
    return resolve(block, false);
  }

  /**
   * Every verified pair of a block (each later document with each earlier one it matches), for
   * evaluation against ground truth; the pipeline uses {@link #resolveBlock(List)}.
   */
  public List<DuplicateMatch> matchesInBlock(List<LexicalSketch> block) {
    return resolve(block, true);
  }

  private List<DuplicateMatch> resolve(List<LexicalSketch> block, boolean allPairs) {
    if (block.size() < 2) {
      return List.of();
    }
    List<LexicalSketch> docs = sortedDistinct(block);
    List<DuplicateMatch> out = new ArrayList<>();
    for (int from = 0; from < docs.size(); from += maxBlockSize) {
      List<LexicalSketch> chunk = docs.subList(from, Math.min(docs.size(), from + maxBlockSize));
      if (chunk.size() <= exhaustiveBlockSize) {
        resolvePairwise(chunk, allPairs, out);
      } else {
        resolveIndexed(chunk, allPairs, out);
      }
    }
    return out;
  }

  private static List<LexicalSketch> sortedDistinct(List<LexicalSketch> block) {
    List<LexicalSketch> docs = new ArrayList<>(block);
    docs.sort((a, b) -> DocRef.KEEP_FIRST.compare(a.ref(), b.ref()));
    List<LexicalSketch> distinct = new ArrayList<>(docs.size());
    for (LexicalSketch s : docs) {
      if (distinct.isEmpty() || !distinct.get(distinct.size() - 1).ref().equals(s.ref())) {
        distinct.add(s);
      }
    }
    return distinct;
  }

  private void resolvePairwise(
      List<LexicalSketch> docs, boolean allPairs, List<DuplicateMatch> out) {
    for (int j = 1; j < docs.size(); j++) {
      LexicalSketch later = docs.get(j);
      for (int i = 0; i < j; i++) {
        DuplicateMatch m = match(later, docs.get(i));
        if (m != null) {
          out.add(m);
          if (!allPairs) {
            break; // earliest first: the first match is this block's best verdict
          }
        }
      }
    }
  }

  /** The match of {@code later} with {@code earlier}, or null. */
  private DuplicateMatch match(LexicalSketch later, LexicalSketch earlier) {
    if (later.fingerprint().equals(earlier.fingerprint())) {
      return new DuplicateMatch(later.ref(), earlier.ref(), 1.0, ExactDuplicates.METHOD);
    }
    if (!config.enabled()) {
      return null;
    }
    double j = LexicalSketch.jaccard(later.shingles(), earlier.shingles());
    return j >= DocRef.required(config.threshold(), later.ref(), earlier.ref())
        ? new DuplicateMatch(later.ref(), earlier.ref(), j, METHOD)
        : null;
  }

  private void resolveIndexed(
      List<LexicalSketch> docs, boolean allPairs, List<DuplicateMatch> out) {
    try (Directory dir = inMemoryDirectory()) {
      IndexWriterConfig iwc = new IndexWriterConfig().setRAMBufferSizeMB(256);
      try (IndexWriter writer = new IndexWriter(dir, iwc)) {
        for (int rank = 0; rank < docs.size(); rank++) {
          Document d = new Document();
          d.add(new IntPoint("rank", rank));
          d.add(new NumericDocValuesField("rank", rank));
          // Exact duplicates and empty texts still need a common term to be found.
          d.add(new StringField("s", "x" + docs.get(rank).fingerprint(), Field.Store.NO));
          for (int s : docs.get(rank).shingles()) {
            d.add(new StringField("s", Integer.toHexString(s), Field.Store.NO));
          }
          writer.addDocument(d);
        }
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        for (int j = 1; j < docs.size(); j++) {
          LexicalSketch later = docs.get(j);
          BooleanQuery.Builder terms = new BooleanQuery.Builder();
          terms.add(
              new TermQuery(new Term("s", "x" + later.fingerprint())), BooleanClause.Occur.SHOULD);
          int[] sh = later.shingles();
          for (int t = 0; t < Math.min(sh.length, MAX_QUERY_TERMS - 1); t++) {
            terms.add(
                new TermQuery(new Term("s", Integer.toHexString(sh[t]))),
                BooleanClause.Occur.SHOULD);
          }
          BooleanQuery query =
              new BooleanQuery.Builder()
                  .add(terms.build(), BooleanClause.Occur.MUST)
                  .add(IntPoint.newRangeQuery("rank", 0, j - 1), BooleanClause.Occur.FILTER)
                  .build();
          ScoreDoc[] hits = searcher.search(query, candidatesPerDoc).scoreDocs;
          int[] ranks = new int[hits.length];
          for (int h = 0; h < hits.length; h++) {
            ranks[h] = rankOf(reader, hits[h].doc);
          }
          Arrays.sort(ranks); // verify the earliest candidates first
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
      // An in-memory index does no I/O; this would be a Lucene bug, not bad input.
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Each file as one heap buffer: Lucene's default many-small-buffers layout makes every postings
   * lookup re-slice the buffer list (bench/README.md, where the time goes).
   */
  public static Directory inMemoryDirectory() {
    return new ByteBuffersDirectory(
        new SingleInstanceLockFactory(),
        ByteBuffersDataOutput::new,
        ByteBuffersDirectory.OUTPUT_AS_ONE_BUFFER);
  }

  private static int rankOf(DirectoryReader reader, int docId) throws IOException {
    NumericDocValues values = MultiDocValues.getNumericValues(reader, "rank");
    if (values == null || !values.advanceExact(docId)) {
      throw new IllegalStateException("indexed document " + docId + " has no rank");
    }
    return (int) values.longValue();
  }
}
