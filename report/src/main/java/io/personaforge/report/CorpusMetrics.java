package io.personaforge.report;

import io.personaforge.dedup.DedupConfig;
import io.personaforge.dedup.TextNormalizer;
import io.personaforge.dedup.lexical.Shingler;
import io.personaforge.sampler.Bins;
import io.personaforge.sampler.QuotaSpec;
import io.personaforge.schemas.Mix64;
import io.personaforge.schemas.ParquetFiles;
import io.personaforge.schemas.Schemas;
import io.personaforge.taxonomy.Attribute;
import io.personaforge.taxonomy.AttributeType;
import io.personaforge.taxonomy.Domain;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.validator.NameCap;
import io.personaforge.validator.checks.WordCountCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;

/**
 * Diversity and shape of a finished corpus, read back from its Parquet tables in one streaming pass
 * per file (files in parallel, only the columns needed) with bounded memory (a million personas are
 * fine): narrative lengths, distinct-n, nearest-neighbour similarity, repeated first names,
 * attribute distributions, duplicate pairs, and a few personas to read.
 *
 * <p>Every figure is deterministic: samples are chosen by a hash of the persona id, never by file
 * or arrival order, so the same corpus gives the same numbers. Where a figure is computed on a
 * sample, its size is part of the result.
 */
public final class CorpusMetrics {
  /**
   * Personas distinct-n is computed on. Distinct-n falls as a corpus grows, so a fixed sample keeps
   * runs of different sizes comparable; it also bounds memory to a few million n-gram hashes.
   */
  public static final int DEFAULT_DISTINCT_SAMPLE = 20_000;

  /** Personas compared pairwise for nearest-neighbour similarity: 2,000² / 2 pairs take ~1 s. */
  public static final int DEFAULT_NN_SAMPLE = 2_000;

  /** Personas shown in the report: enough to get a feel, few enough to read. */
  public static final int DEFAULT_SHOWN = 10;

  /** Attributes charted: the quota attributes, then core ones, up to this many. */
  public static final int DEFAULT_CHARTED = 8;

  /** Bins of the similarity histogram over [0, 1]: 0.05 wide. */
  static final int SIMILARITY_BINS = 20;

  /** At most this many bins in the length histogram (their width is a round number of words). */
  static final int MAX_LENGTH_BINS = 20;

  /** Values listed per categorical attribute; the rest are summed as "(other)". */
  static final int TOP_VALUES = 12;

  /** Equal-width bins of an integer attribute that no quota bins. */
  static final int INTEGER_BINS = 10;

  /** Most common first names listed. */
  static final int TOP_NAMES = 10;

  static final String OTHER = "(other)";
  static final String MISSING = "(not drawn)";

  private CorpusMetrics() {}

  /**
   * What to compute.
   *
   * @param shingleSize words per shingle for nearest-neighbour Jaccard (the lexical dedup's)
   * @param dedupThreshold the lexical dedup threshold, to mark on the similarity histogram; null
   *     when lexical dedup is off
   * @param charted attributes whose value distribution is counted
   * @param distinctSample personas distinct-n is computed on (all when the corpus is smaller)
   * @param nnSample personas compared pairwise for nearest-neighbour similarity
   * @param shown personas kept to show in the report
   */
  public record Settings(
      int shingleSize,
      Double dedupThreshold,
      List<Charted> charted,
      int distinctSample,
      int nnSample,
      int shown) {
    public Settings {
      charted = List.copyOf(charted);
      if (distinctSample < 1) {
        throw new IllegalArgumentException("distinctSample must be >= 1, got " + distinctSample);
      }
      if (nnSample < 2) {
        throw new IllegalArgumentException("nnSample must be >= 2, got " + nnSample);
      }
      if (shown < 0) {
        throw new IllegalArgumentException("shown must be >= 0, got " + shown);
      }
    }

    /**
     * The settings of a run: its lexical dedup's shingles and threshold, its quota attributes and
     * then its taxonomy's core attributes charted (categorical, boolean and integer ones, at most
     * {@link #DEFAULT_CHARTED}), default sample sizes.
     */
    public static Settings forRun(Taxonomy taxonomy, List<QuotaSpec> quotas, DedupConfig dedup) {
      boolean lexical = dedup.enabled() && dedup.lexical().enabled();
      return new Settings(
          dedup.lexical().shingleSize(),
          lexical ? dedup.lexical().threshold() : null,
          Charted.forRun(taxonomy, quotas),
          DEFAULT_DISTINCT_SAMPLE,
          DEFAULT_NN_SAMPLE,
          DEFAULT_SHOWN);
    }
  }

  /**
   * An attribute whose distribution is counted: categorical and boolean attributes by value,
   * integer attributes by bins (those of its quota, or {@link #INTEGER_BINS} equal ones over its
   * range).
   *
   * @param path taxonomy path
   * @param bins inclusive {@code {lo, hi}} bins; empty to count values
   * @param values every value in taxonomy order, listed even when no persona holds it; empty for
   *     attributes with more than {@link #TOP_VALUES} values (the most frequent are listed then)
   */
  public record Charted(String path, List<long[]> bins, List<String> values) {
    public Charted {
      bins = List.copyOf(bins);
      values = List.copyOf(values);
    }

    static List<Charted> forRun(Taxonomy taxonomy, List<QuotaSpec> quotas) {
      Map<String, List<long[]>> quotaBins = new LinkedHashMap<>();
      for (QuotaSpec q : quotas) {
        List<String> paths = q.paths();
        for (int i = 0; i < paths.size(); i++) {
          List<long[]> bins = new ArrayList<>();
          boolean integer =
              taxonomy
                  .attribute(paths.get(i))
                  .map(a -> a.type() == AttributeType.INTEGER)
                  .orElse(false);
          if (integer) {
            for (String key : q.shares().keySet()) {
              long[] b = Bins.parse(q.keyValues(key).get(i));
              if (bins.stream().noneMatch(x -> Arrays.equals(x, b))) {
                bins.add(b);
              }
            }
            bins.sort(Comparator.comparingLong((long[] b) -> b[0]));
          }
          quotaBins.putIfAbsent(paths.get(i), bins);
        }
      }
      LinkedHashSet<String> order = new LinkedHashSet<>(quotaBins.keySet());
      for (Attribute a : taxonomy.attributes()) {
        if (a.core()) {
          order.add(a.path());
        }
      }
      List<Charted> out = new ArrayList<>();
      for (String path : order) {
        Attribute a = taxonomy.attribute(path).orElse(null);
        if (a == null || out.size() == DEFAULT_CHARTED) {
          continue;
        }
        switch (a.type()) {
          case CATEGORICAL, BOOLEAN -> {
            List<String> values = List.copyOf(a.possibleValues());
            out.add(new Charted(path, List.of(), values.size() <= TOP_VALUES ? values : List.of()));
          }
          case INTEGER -> {
            List<long[]> bins = quotaBins.getOrDefault(path, List.of());
            out.add(new Charted(path, bins.isEmpty() ? equalBins(a.domain()) : bins, List.of()));
          }
          default -> {} // numbers and free text have no short list of values to chart
        }
      }
      return out;
    }

    private static List<long[]> equalBins(Domain domain) {
      if (!(domain instanceof Domain.IntegerRange r)) {
        return List.of();
      }
      long width = Math.max(1, (r.max() - r.min() + INTEGER_BINS) / INTEGER_BINS);
      List<long[]> bins = new ArrayList<>();
      for (long lo = r.min(); lo <= r.max(); lo += width) {
        bins.add(new long[] {lo, Math.min(r.max(), lo + width - 1)});
      }
      return bins;
    }

    /** The label {@code value} is counted under. */
    String label(String value) {
      if (value == null) {
        return MISSING;
      }
      if (bins.isEmpty()) {
        return value;
      }
      long v;
      try {
        v = Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        return OTHER;
      }
      for (long[] b : bins) {
        if (v >= b[0] && v <= b[1]) {
          return Bins.format(b[0], b[1]);
        }
      }
      return OTHER;
    }
  }

  /** A value (or bin) of a charted attribute and how many personas hold it. */
  public record ValueCount(String value, long count) {}

  /**
   * One bin of a histogram.
   *
   * @param from lower bound (inclusive)
   * @param to upper bound (exclusive, but inclusive for the last bin)
   * @param count how many fall in it
   */
  public record Bin(double from, double to, long count) {}

  /**
   * Narrative lengths in words (as the {@code word_count} check counts them: runs of non-space
   * characters). Quantiles are nearest-rank.
   */
  public record Lengths(
      double mean, long min, long p50, long p95, long max, int binWidth, List<Bin> histogram) {}

  /**
   * Corpus-level distinct-n: unique n-grams ÷ all n-grams over the sample's narratives, lower-cased
   * word tokens as the dedup normaliser keeps them, n-grams crossing sentence ends included.
   * N-grams are counted as 64-bit hashes (collisions are negligible below billions).
   *
   * @param sample personas it was computed on
   * @param tokens words in them
   * @param distinct1 unique words ÷ words
   * @param distinct2 unique word pairs ÷ word pairs
   */
  public record Distinct(long sample, long tokens, double distinct1, double distinct2) {}

  /**
   * Nearest-neighbour similarity: for each persona of the sample, the highest word-shingle Jaccard
   * (the lexical dedup's shingles) to any other persona of the sample, computed exactly pairwise.
   *
   * @param sample personas compared
   * @param mean mean of the nearest-neighbour similarities
   * @param p95 their 95th percentile (nearest-rank)
   * @param histogram {@link #SIMILARITY_BINS} bins over [0, 1]
   * @param dedupThreshold the lexical dedup threshold, or null when lexical dedup was off
   */
  public record Neighbours(
      long sample, double mean, double p95, List<Bin> histogram, Double dedupThreshold) {}

  /**
   * First names (as the first-name cap reads them: the first word of the {@code name} field, no
   * title, lower-cased).
   *
   * @param named personas with a name
   * @param distinct distinct first names
   * @param repeatedRate share of named personas whose first name another persona also has
   * @param mostCommon the most common first names
   */
  public record Names(
      long named, long distinct, double repeatedRate, List<ValueCount> mostCommon) {}

  /**
   * The duplicates table: each row is one near-duplicate pair (removed persona, earlier persona).
   *
   * @param pairs rows
   * @param byMethod rows per method (exact, lexical, semantic)
   */
  public record Duplicates(long pairs, Map<String, Long> byMethod) {}

  /** A persona as the report shows it. */
  public record ShownPersona(
      String id,
      String name,
      String cell,
      Map<String, String> attributes,
      String narrative,
      int revisions,
      List<String> warnings) {}

  /** Everything computed; {@link #toJson()} is the {@code corpus} object of summary.json. */
  public record Result(
      long personas,
      Lengths lengths,
      Distinct distinct,
      Neighbours neighbours,
      Names names,
      Map<String, List<ValueCount>> attributes,
      Duplicates duplicates,
      List<ShownPersona> shown) {

    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("personas", personas);
      Map<String, Object> len = new LinkedHashMap<>();
      len.put("mean", JsonNumbers.round6(lengths.mean()));
      len.put("min", lengths.min());
      len.put("p50", lengths.p50());
      len.put("p95", lengths.p95());
      len.put("max", lengths.max());
      len.put("bin_width", lengths.binWidth());
      len.put("histogram", bins(lengths.histogram()));
      m.put("narrative_words", len);
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("sample", distinct.sample());
      d.put("tokens", distinct.tokens());
      d.put("distinct_1", JsonNumbers.round6(distinct.distinct1()));
      d.put("distinct_2", JsonNumbers.round6(distinct.distinct2()));
      m.put("distinct_n", d);
      Map<String, Object> nn = new LinkedHashMap<>();
      nn.put("sample", neighbours.sample());
      nn.put("mean", JsonNumbers.round6(neighbours.mean()));
      nn.put("p95", JsonNumbers.round6(neighbours.p95()));
      nn.put("dedup_threshold", neighbours.dedupThreshold());
      nn.put("histogram", bins(neighbours.histogram()));
      m.put("nn_similarity", nn);
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("named", names.named());
      n.put("distinct_first_names", names.distinct());
      n.put("repeated_name_rate", JsonNumbers.round6(names.repeatedRate()));
      n.put("most_common", counts(names.mostCommon()));
      m.put("first_names", n);
      Map<String, Object> dup = new LinkedHashMap<>();
      dup.put("pairs", duplicates.pairs());
      dup.put("by_method", duplicates.byMethod());
      m.put("duplicates", dup);
      Map<String, Object> attrs = new LinkedHashMap<>();
      attributes.forEach((path, values) -> attrs.put(path, counts(values)));
      m.put("attributes", attrs);
      return m;
    }

    private static List<Map<String, Object>> bins(List<Bin> bins) {
      return bins.stream()
          .map(
              b -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("from", JsonNumbers.round6(b.from()));
                row.put("to", JsonNumbers.round6(b.to()));
                row.put("count", b.count());
                return row;
              })
          .toList();
    }

    private static List<Map<String, Object>> counts(List<ValueCount> values) {
      return values.stream()
          .map(
              v -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("value", v.value());
                row.put("count", v.count());
                return row;
              })
          .toList();
    }
  }

  /**
   * Computes the metrics of the finished run in {@code out} ({@code personas/}, {@code
   * duplicates/}).
   */
  public static Result compute(Path out, Settings settings) throws IOException {
    Path personas = out.resolve("personas");
    long total = ParquetFiles.rowCount(personas);
    Pass pass = readPersonas(personas, () -> new Pass(settings, total), Pass::add, Pass::merge);
    TreeMap<String, Long> byMethod = new TreeMap<>();
    ParquetFiles.forEachRow(
        out.resolve("duplicates"),
        r -> {
          byMethod.merge(String.valueOf(r.get("method")), 1L, Long::sum);
          return true;
        });
    long pairs = byMethod.values().stream().mapToLong(Long::longValue).sum();
    return pass.result(new Duplicates(pairs, byMethod));
  }

  /**
   * The persona columns the metrics read: the rest (provenance, generator...) are never decoded.
   */
  private static final Schema READ =
      ParquetFiles.projection(
          Schemas.persona(),
          Set.of("id", "cell", "attributes", "narrative", "fields", "revisions", "warnings"));

  /**
   * Folds every row of the personas table in {@code dir} (the {@link #READ} columns) into
   * accumulators: one per file, files read in parallel (a 1M-row corpus is a few files of a few
   * hundred thousand rows each), then merged — so every accumulator must be order-free.
   */
  private static <A> A readPersonas(
      Path dir, Supplier<A> empty, BiConsumer<A, GenericRecord> add, BinaryOperator<A> merge)
      throws IOException {
    try {
      return ParquetFiles.files(dir).parallelStream()
          .map(
              file -> {
                A acc = empty.get();
                try {
                  ParquetFiles.forEachRowOf(
                      file,
                      READ,
                      r -> {
                        add.accept(acc, r);
                        return true;
                      });
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                return acc;
              })
          .reduce(merge)
          .orElseGet(empty);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The personas the report shows: the {@code k} with the lowest id hashes. */
  public static List<ShownPersona> shown(Path out, int k) throws IOException {
    return readPersonas(out.resolve("personas"), () -> new Shown(k), Shown::offer, Shown::merge)
        .sorted();
  }

  /**
   * A well-mixed 64-bit hash of a persona id (FNV-1a, then the murmur3 finaliser): the one key by
   * which every sample here is drawn.
   */
  static long idHash(String id) {
    return hash(id, 0, id.length());
  }

  /**
   * Whether a persona with id hash {@code h} is in a sample of about {@code k} of {@code total}:
   * its hash lies in the lowest {@code k / total} of the hash range. Every persona is in when
   * {@code k >= total}; otherwise the sample's size is binomial around {@code k}.
   */
  static boolean inSample(long h, int k, long total) {
    if (k >= total) {
      return true;
    }
    return (h >>> 11) < (double) k / total * 0x1p53;
  }

  /** Exact Jaccard of two sorted arrays of distinct hashes (0 when both are empty). */
  static double jaccard(long[] a, long[] b) {
    if (a.length == 0 && b.length == 0) {
      return 0;
    }
    int i = 0;
    int j = 0;
    int common = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        common++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return (double) common / (a.length + b.length - common);
  }

  /**
   * For each set, the highest Jaccard to any other set (0 for a lone set). Pairs whose size ratio
   * cannot beat both current maxima are skipped: {@code J <= min(|a|,|b|) / max(|a|,|b|)}.
   */
  static double[] nearestNeighbours(List<long[]> sets) {
    int n = sets.size();
    // Each row of the upper triangle on its own core (2,000 texts: 2 million exact Jaccards, the
    // bulk of the metrics' time); a row keeps its similarities so columns need no shared state.
    double[][] upper = new double[n][];
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              long[] a = sets.get(i);
              double[] row = new double[n - i - 1];
              for (int j = i + 1; j < n; j++) {
                row[j - i - 1] = jaccard(a, sets.get(j));
              }
              upper[i] = row;
            });
    double[] best = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double s = upper[i][j - i - 1];
        best[i] = Math.max(best[i], s);
        best[j] = Math.max(best[j], s);
      }
    }
    return best;
  }

  /** The nearest-rank {@code q}-quantile of sorted values (0 for none). */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  /** Equal bins over [0, 1]; a value of exactly 1 falls in the last. */
  static List<Bin> unitHistogram(double[] values, int bins) {
    long[] counts = new long[bins];
    for (double v : values) {
      counts[Math.min(bins - 1, Math.max(0, (int) Math.floor(v * bins)))]++;
    }
    List<Bin> out = new ArrayList<>();
    for (int i = 0; i < bins; i++) {
      out.add(new Bin((double) i / bins, (double) (i + 1) / bins, counts[i]));
    }
    return out;
  }

  /** A round bin width (1, 2, 5 × 10^k words) that covers [0, max] in at most {@code bins} bins. */
  static int lengthBinWidth(long max, int bins) {
    long need = Math.max(1, (max + bins) / bins);
    for (long scale = 1; ; scale *= 10) {
      for (long m : new long[] {1, 2, 5}) {
        if (m * scale >= need) {
          return (int) Math.min(Integer.MAX_VALUE, m * scale);
        }
      }
    }
  }

  /** The accumulators of one pass over the personas table. */
  private static final class Pass {
    private final Settings settings;
    private final long total;
    private final Shingler shingler;
    private final TreeMap<Integer, Long> lengths = new TreeMap<>();
    private final LongHashSet unigrams = new LongHashSet();
    private final LongHashSet bigrams = new LongHashSet();
    private long distinctSample;
    private long tokens;
    private long pairs;
    private final List<Sampled> nnSample = new ArrayList<>();
    private final HashMap<String, long[]> firstNames = new HashMap<>();
    private final Map<String, Map<String, Long>> values = new LinkedHashMap<>();
    private final Shown shown;
    private long personas;

    Pass(Settings settings, long total) {
      this.settings = settings;
      this.total = total;
      this.shingler = new Shingler(settings.shingleSize());
      this.shown = new Shown(settings.shown());
      for (Charted c : settings.charted()) {
        values.put(c.path(), new HashMap<>());
      }
    }

    private record Sampled(long hash, String id, long[] shingles) {}

    void add(GenericRecord r) {
      personas++;
      String id = r.get("id").toString();
      String narrative = r.get("narrative").toString();
      long h = idHash(id);
      lengths.merge(WordCountCheck.count(narrative), 1L, Long::sum);
      if (inSample(h, settings.distinctSample(), total)) {
        distinctSample++;
        countNgrams(narrative);
      }
      if (inSample(h, settings.nnSample(), total)) {
        nnSample.add(new Sampled(h, id, shingler.shingles(narrative).hashes()));
      }
      // Looked up in the Avro maps as read, not copied: a persona has dozens of attributes.
      String first = NameCap.firstName(value(r.get("fields"), "name"));
      if (!first.isEmpty()) {
        firstNames.computeIfAbsent(first, k -> new long[1])[0]++;
      }
      Object attributes = r.get("attributes");
      for (Charted c : settings.charted()) {
        values.get(c.path()).merge(c.label(value(attributes, c.path())), 1L, Long::sum);
      }
      shown.offer(r);
    }

    /** Adds {@code other}'s counts to this pass's; returns this. */
    Pass merge(Pass other) {
      personas += other.personas;
      other.lengths.forEach((len, n) -> lengths.merge(len, n, Long::sum));
      distinctSample += other.distinctSample;
      tokens += other.tokens;
      pairs += other.pairs;
      unigrams.addAll(other.unigrams);
      bigrams.addAll(other.bigrams);
      nnSample.addAll(other.nnSample);
      other.firstNames.forEach(
          (name, n) -> firstNames.computeIfAbsent(name, k -> new long[1])[0] += n[0]);
      other.values.forEach(
          (path, counts) -> counts.forEach((v, n) -> values.get(path).merge(v, n, Long::sum)));
      shown.merge(other.shown);
      return this;
    }

    private void countNgrams(String narrative) {
      String text = TextNormalizer.normalize(narrative);
      long previous = 0;
      boolean hasPrevious = false;
      int start = 0;
      for (int i = 0; i <= text.length(); i++) {
        if (i < text.length() && text.charAt(i) != ' ') {
          continue;
        }
        if (i > start) {
          long w = hash(text, start, i);
          tokens++;
          unigrams.add(w);
          if (hasPrevious) {
            pairs++;
            bigrams.add(Mix64.murmur(previous * 0x9E3779B97F4A7C15L + w));
          }
          previous = w;
          hasPrevious = true;
        }
        start = i + 1;
      }
    }

    Result result(Duplicates duplicates) {
      return new Result(
          personas,
          lengths(),
          new Distinct(
              distinctSample,
              tokens,
              tokens == 0 ? 0 : (double) unigrams.size() / tokens,
              pairs == 0 ? 0 : (double) bigrams.size() / pairs),
          neighbours(),
          names(),
          attributeCounts(),
          duplicates,
          shown.sorted());
    }

    private Lengths lengths() {
      if (personas == 0) {
        return new Lengths(0, 0, 0, 0, 0, 1, List.of());
      }
      long sum = 0;
      for (Map.Entry<Integer, Long> e : lengths.entrySet()) {
        sum += (long) e.getKey() * e.getValue();
      }
      int max = lengths.lastKey();
      int width = lengthBinWidth(max, MAX_LENGTH_BINS);
      TreeMap<Integer, Long> binned = new TreeMap<>();
      lengths.forEach((len, n) -> binned.merge(len / width, n, Long::sum));
      List<Bin> hist = new ArrayList<>();
      for (int b = lengths.firstKey() / width; b <= max / width; b++) {
        hist.add(new Bin((double) b * width, (double) (b + 1) * width, binned.getOrDefault(b, 0L)));
      }
      return new Lengths(
          (double) sum / personas,
          lengths.firstKey(),
          lengthQuantile(0.5),
          lengthQuantile(0.95),
          max,
          width,
          hist);
    }

    private long lengthQuantile(double q) {
      long rank = (long) Math.ceil(q * personas);
      long seen = 0;
      for (Map.Entry<Integer, Long> e : lengths.entrySet()) {
        seen += e.getValue();
        if (seen >= rank) {
          return e.getKey();
        }
      }
      return lengths.lastKey();
    }

    private Neighbours neighbours() {
      // Sorted by hash, so the figures do not depend on the order the files were read in.
      nnSample.sort(Comparator.comparingLong(Sampled::hash).thenComparing(Sampled::id));
      double[] nn = nearestNeighbours(nnSample.stream().map(Sampled::shingles).toList());
      double sum = 0;
      for (double v : nn) {
        sum += v;
      }
      double[] sorted = nn.clone();
      Arrays.sort(sorted);
      return new Neighbours(
          nn.length,
          nn.length == 0 ? 0 : sum / nn.length,
          quantile(sorted, 0.95),
          unitHistogram(nn, SIMILARITY_BINS),
          settings.dedupThreshold());
    }

    private Names names() {
      long named = 0;
      long repeated = 0;
      for (long[] c : firstNames.values()) {
        named += c[0];
        if (c[0] > 1) {
          repeated += c[0];
        }
      }
      List<ValueCount> top =
          firstNames.entrySet().stream()
              .map(e -> new ValueCount(e.getKey(), e.getValue()[0]))
              .sorted(byCountThenValue())
              .limit(TOP_NAMES)
              .toList();
      return new Names(named, firstNames.size(), named == 0 ? 0 : (double) repeated / named, top);
    }

    private Map<String, List<ValueCount>> attributeCounts() {
      Map<String, List<ValueCount>> out = new LinkedHashMap<>();
      for (Charted c : settings.charted()) {
        Map<String, Long> counts = values.get(c.path());
        List<ValueCount> rows = new ArrayList<>();
        if (!c.values().isEmpty() || !c.bins().isEmpty()) {
          // Every value or bin in its natural order, empty ones included: the chart shows gaps.
          List<String> labels = new ArrayList<>(c.values());
          for (long[] b : c.bins()) {
            labels.add(Bins.format(b[0], b[1]));
          }
          for (String label : labels) {
            rows.add(new ValueCount(label, counts.getOrDefault(label, 0L)));
          }
          counts.entrySet().stream()
              .filter(e -> !labels.contains(e.getKey()))
              .map(e -> new ValueCount(e.getKey(), e.getValue()))
              .sorted(byCountThenValue())
              .forEach(rows::add);
        } else {
          List<ValueCount> all =
              counts.entrySet().stream()
                  .map(e -> new ValueCount(e.getKey(), e.getValue()))
                  .sorted(byCountThenValue())
                  .toList();
          rows.addAll(all.subList(0, Math.min(TOP_VALUES, all.size())));
          long rest = all.stream().skip(TOP_VALUES).mapToLong(ValueCount::count).sum();
          if (rest > 0) {
            rows.add(new ValueCount(OTHER, rest));
          }
        }
        out.put(c.path(), rows);
      }
      return out;
    }
  }

  /** The {@code k} personas with the lowest (id hash, id): a fixed, order-free pick. */
  private static final class Shown {
    private record Candidate(long hash, String id, GenericRecord row) {}

    private static final Comparator<Candidate> ORDER =
        Comparator.comparingLong(Candidate::hash).thenComparing(Candidate::id);

    private final int k;
    private final PriorityQueue<Candidate> worstFirst = new PriorityQueue<>(ORDER.reversed());

    Shown(int k) {
      this.k = k;
    }

    void offer(GenericRecord r) {
      if (k == 0) {
        return;
      }
      String id = r.get("id").toString();
      offer(new Candidate(idHash(id), id, r));
    }

    Shown merge(Shown other) {
      other.worstFirst.forEach(this::offer);
      return this;
    }

    private void offer(Candidate c) {
      if (worstFirst.size() < k) {
        worstFirst.add(c);
      } else if (ORDER.compare(c, worstFirst.peek()) < 0) {
        worstFirst.poll();
        worstFirst.add(c);
      }
    }

    List<ShownPersona> sorted() {
      return worstFirst.stream().sorted(ORDER).map(c -> persona(c.row())).toList();
    }

    private static ShownPersona persona(GenericRecord r) {
      Map<String, String> fields = strings(r.get("fields"));
      List<String> warnings = new ArrayList<>();
      if (r.get("warnings") instanceof List<?> l) {
        l.forEach(w -> warnings.add(w.toString()));
      }
      return new ShownPersona(
          r.get("id").toString(),
          fields.getOrDefault("name", ""),
          r.get("cell").toString(),
          new TreeMap<>(strings(r.get("attributes"))),
          r.get("narrative").toString(),
          (Integer) r.get("revisions"),
          warnings);
    }
  }

  private static Comparator<ValueCount> byCountThenValue() {
    return Comparator.comparingLong(ValueCount::count).reversed().thenComparing(ValueCount::value);
  }

  /**
   * One value of an Avro map as parquet-avro reads it (Utf8 keys and values), as a string; null
   * when absent.
   */
  private static String value(Object avroMap, String key) {
    Object v = avroMap instanceof Map<?, ?> m ? m.get(new Utf8(key)) : null;
    return v == null ? null : v.toString();
  }

  /** An Avro map of Utf8 to Utf8 as plain strings. */
  private static Map<String, String> strings(Object avroMap) {
    Map<String, String> out = new HashMap<>();
    if (avroMap instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(k.toString(), v == null ? null : v.toString()));
    }
    return out;
  }

  /** FNV-1a of {@code text[from, to)}, then the murmur3 finaliser. */
  private static long hash(String text, int from, int to) {
    long h = 0xcbf29ce484222325L;
    for (int i = from; i < to; i++) {
      h = (h ^ text.charAt(i)) * 0x100000001b3L;
    }
    return Mix64.murmur(h);
  }
}
