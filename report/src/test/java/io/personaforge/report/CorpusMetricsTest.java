package io.personaforge.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.personaforge.dedup.DedupConfig;
import io.personaforge.generator.WriterInfo;
import io.personaforge.pipelines.DuplicateRow;
import io.personaforge.pipelines.PersonaRecord;
import io.personaforge.pipelines.io.AvroRows;
import io.personaforge.sampler.QuotaSpec;
import io.personaforge.schemas.ParquetFiles;
import io.personaforge.schemas.Schemas;
import io.personaforge.taxonomy.Taxonomy;
import io.personaforge.taxonomy.TaxonomyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusMetricsTest {
  private static final AvroRows ROWS =
      new AvroRows(new WriterInfo("offline", "m", "v1"), "test", "hash", "t", "th");

  @TempDir Path tmp;

  record P(String id, String name, String narrative, Map<String, String> attributes) {
    P(String id, String name, String narrative) {
      this(id, name, narrative, Map.of());
    }
  }

  /** No attributes charted, samples larger than every corpus here. */
  private static CorpusMetrics.Settings plain() {
    return new CorpusMetrics.Settings(3, 0.5, List.of(), 1000, 1000, 10);
  }

  /** Writes the personas into one Parquet file per list, and the duplicates table. */
  private Path corpus(List<List<P>> files, List<DuplicateRow> duplicates) throws IOException {
    Path out = Files.createDirectories(tmp.resolve("run" + System.nanoTime()));
    Files.createDirectories(out.resolve("personas"));
    int n = 0;
    for (List<P> file : files) {
      try (ParquetWriter<GenericRecord> w =
          ParquetFiles.writer(
              new LocalOutputFile(out.resolve("personas").resolve("part-" + n++ + ".parquet")),
              Schemas.persona(),
              "snappy")) {
        long ordinal = 0;
        for (P p : file) {
          w.write(
              ROWS.persona(
                  PersonaRecord.sampled(p.id(), 1, 0, ordinal++, "", p.attributes())
                      .withDraft(p.narrative(), Map.of("name", p.name()), null, 0)));
        }
      }
    }
    Files.createDirectories(out.resolve("duplicates"));
    try (ParquetWriter<GenericRecord> w =
        ParquetFiles.writer(
            new LocalOutputFile(out.resolve("duplicates").resolve("part-0.parquet")),
            Schemas.duplicate(),
            "snappy")) {
      for (DuplicateRow d : duplicates) {
        w.write(ROWS.duplicate(d));
      }
    }
    return out;
  }

  @Test
  void distinctNCountsUniqueLowerCasedWordsAndPairsOverAllOfThem() throws IOException {
    Path out =
        corpus(List.of(List.of(new P("a", "Ann", "A b c."), new P("b", "Bo", "a B d"))), List.of());
    CorpusMetrics.Distinct d = CorpusMetrics.compute(out, plain()).distinct();
    assertEquals(2, d.sample());
    assertEquals(6, d.tokens());
    assertEquals(4.0 / 6, d.distinct1(), 1e-12, "a, b, c, d of 6 words");
    assertEquals(3.0 / 4, d.distinct2(), 1e-12, "a-b, b-c, b-d of 4 pairs");
  }

  @Test
  void nearestNeighbourSimilarityIsTheBestShingleJaccardToAnotherPersona() throws IOException {
    String text = "She grows tomatoes on the roof of her building every summer.";
    Path out =
        corpus(
            List.of(
                List.of(
                    new P("a", "Ann", text),
                    new P("b", "Bo", text),
                    new P("c", "Cy", "He repairs old radios for the neighbours at weekends."))),
            List.of());
    CorpusMetrics.Neighbours nn = CorpusMetrics.compute(out, plain()).neighbours();
    assertEquals(3, nn.sample());
    assertEquals(2.0 / 3, nn.mean(), 1e-12, "two copies at 1, one stranger at 0");
    assertEquals(1.0, nn.p95(), 1e-12);
    assertEquals(2, nn.histogram().get(CorpusMetrics.SIMILARITY_BINS - 1).count());
    assertEquals(1, nn.histogram().get(0).count());
    assertEquals(0.5, nn.dedupThreshold());
  }

  @Test
  void repeatedNameRateCountsPersonasWhoseFirstNameAnotherPersonaHas() throws IOException {
    Path out =
        corpus(
            List.of(
                List.of(
                    new P("a", "Maria Garcia", "one two"),
                    new P("b", "maria Lopez", "three four"),
                    new P("c", "Dr. John Smith", "five six"),
                    new P("d", "Ann Lee", "seven eight"),
                    new P("e", "", "nine ten"))),
            List.of());
    CorpusMetrics.Names names = CorpusMetrics.compute(out, plain()).names();
    assertEquals(4, names.named(), "a persona without a name is not counted");
    assertEquals(3, names.distinct());
    assertEquals(0.5, names.repeatedRate(), 1e-12, "the two Marias of four named personas");
    assertEquals(new CorpusMetrics.ValueCount("maria", 2), names.mostCommon().get(0));
  }

  @Test
  void lengthsAreWordCountsWithNearestRankQuantilesAndARoundBinWidth() throws IOException {
    List<P> ps = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      ps.add(new P("p" + i, "N" + i, "w ".repeat(i).trim()));
    }
    CorpusMetrics.Lengths l =
        CorpusMetrics.compute(corpus(List.of(ps), List.of()), plain()).lengths();
    assertEquals(50.5, l.mean(), 1e-12);
    assertEquals(1, l.min());
    assertEquals(50, l.p50());
    assertEquals(95, l.p95());
    assertEquals(100, l.max());
    assertEquals(10, l.binWidth(), "100 words in at most 20 bins: 5 would need 21");
    assertEquals(100, l.histogram().stream().mapToLong(CorpusMetrics.Bin::count).sum());
  }

  @Test
  void theSameCorpusInOtherFilesAndOrderGivesTheSameMetrics() throws IOException {
    List<P> ps = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ps.add(
          new P(
              "id-" + i,
              "Name" + (i % 37) + " X",
              "Persona " + (i % 50) + " likes item " + (i % 7) + ". They walk " + i + " steps."));
    }
    CorpusMetrics.Settings sampled =
        new CorpusMetrics.Settings(3, null, List.of(), 120, 40, 5); // samples below the size
    CorpusMetrics.Result one = CorpusMetrics.compute(corpus(List.of(ps), List.of()), sampled);
    List<P> reversed = new ArrayList<>(ps);
    Collections.reverse(reversed);
    CorpusMetrics.Result two =
        CorpusMetrics.compute(
            corpus(
                List.of(
                    reversed.subList(0, 40),
                    reversed.subList(40, 100),
                    reversed.subList(100, 170),
                    reversed.subList(170, 300)),
                List.of()),
            sampled);
    assertEquals(one.toJson(), two.toJson());
    assertEquals(one.shown(), two.shown());
    assertEquals(5, one.shown().size());
    assertTrue(
        one.neighbours().sample() > 15 && one.neighbours().sample() < 70,
        "about 40 of 300 by id hash: " + one.neighbours().sample());
    assertTrue(one.distinct().sample() > 80 && one.distinct().sample() < 160);
    assertNull(one.neighbours().dedupThreshold());
  }

  @Test
  void duplicatePairsAreCountedByMethod() throws IOException {
    Path out =
        corpus(
            List.of(List.of(new P("a", "Ann", "one two three"))),
            List.of(
                new DuplicateRow("b", "a", 1.0, "exact", 0, 1, "", "one two three"),
                new DuplicateRow("c", "a", 0.7, "lexical", 0, 2, "", "one two three four"),
                new DuplicateRow("d", "a", 0.6, "lexical", 1, 3, "", "one two four")));
    CorpusMetrics.Duplicates d = CorpusMetrics.compute(out, plain()).duplicates();
    assertEquals(3, d.pairs());
    assertEquals(Map.of("exact", 1L, "lexical", 2L), d.byMethod());
  }

  @Test
  void chartedAttributesListEveryValueInTaxonomyOrderAndQuotaBins() throws IOException {
    Taxonomy t = TaxonomyLoader.load("builtin:general", null);
    CorpusMetrics.Settings s =
        CorpusMetrics.Settings.forRun(
            t,
            List.of(
                new QuotaSpec("demographics.age", Map.of("18-44", 0.5, "45-90", 0.5)),
                new QuotaSpec("demographics.gender", Map.of("female", 0.5, "male", 0.5))),
            new DedupConfig(null, null, null, null));
    assertEquals("demographics.age", s.charted().get(0).path(), "quota attributes come first");
    assertEquals("demographics.gender", s.charted().get(1).path());
    assertTrue(s.charted().size() <= CorpusMetrics.DEFAULT_CHARTED);
    Path out =
        corpus(
            List.of(
                List.of(
                    new P(
                        "a",
                        "Ann",
                        "x y",
                        Map.of("demographics.age", "30", "demographics.gender", "female")),
                    new P(
                        "b",
                        "Bo",
                        "x z",
                        Map.of("demographics.age", "33", "demographics.gender", "female")))),
            List.of());
    Map<String, List<CorpusMetrics.ValueCount>> a = CorpusMetrics.compute(out, s).attributes();
    assertEquals(
        List.of(new CorpusMetrics.ValueCount("18-44", 2), new CorpusMetrics.ValueCount("45-90", 0)),
        a.get("demographics.age"));
    assertEquals(
        List.of(new CorpusMetrics.ValueCount("female", 2), new CorpusMetrics.ValueCount("male", 0)),
        a.get("demographics.gender"),
        "values no persona holds are listed too");
  }

  @Test
  void everyTextsNearestNeighbourIsItsMostSimilarOther() {
    long[] a = {1, 2, 3, 4};
    long[] b = {1, 2, 3, 4, 5, 6, 7, 8};
    long[] c = {1, 2};
    double[] nn = CorpusMetrics.nearestNeighbours(List.of(a, b, c));
    assertEquals(0.5, nn[0], 1e-12, "a~b 4/8, a~c 2/4");
    assertEquals(0.5, nn[1], 1e-12);
    assertEquals(0.5, nn[2], 1e-12, "c~a 2/4");
    assertEquals(0.0, CorpusMetrics.jaccard(new long[0], new long[0]));
  }
}
