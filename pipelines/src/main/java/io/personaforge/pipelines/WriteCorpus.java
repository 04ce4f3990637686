package io.personaforge.pipelines;

import io.personaforge.pipelines.io.AvroRows;
import io.personaforge.pipelines.io.ParquetSink;
import io.personaforge.pipelines.io.WriteParquetFiles;
import io.personaforge.schemas.Schemas;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes the three tables as Parquet under {@code dir}: {@code personas/}, {@code rejects/} and
 * {@code duplicates/}, each {@code part-*.parquet} (one file per bundle of rows), with the Avro
 * schemas of the {@code schemas} module.
 */
public final class WriteCorpus extends PTransform<PCollectionTuple, PDone> {
  private final String dir;
  private final String codec;
  private final AvroRows rows;

  public WriteCorpus(String dir, String codec, AvroRows rows) {
    this.dir = dir;
    this.codec = codec;
    this.rows = rows;
  }

  @Override
  public PDone expand(PCollectionTuple outcomes) {
    AvroRows r = rows;
    outcomes
        .get(Outcomes.ALIVE)
        .apply(
            "WritePersonas",
            parquet(
                "personas", new ParquetSink<PersonaRecord>(Schemas.persona(), codec, r::persona)));
    outcomes
        .get(Outcomes.REJECTED)
        .apply(
            "WriteRejects",
            parquet("rejects", new ParquetSink<PersonaRecord>(Schemas.reject(), codec, r::reject)));
    outcomes
        .get(Outcomes.DUPLICATE)
        .apply(
            "WriteDuplicates",
            parquet(
                "duplicates",
                new ParquetSink<DuplicateRow>(Schemas.duplicate(), codec, r::duplicate)));
    outcomes
        .get(Outcomes.VALIDATION_STATS)
        .apply(
            "EncodeValidationStats",
            MapElements.into(TypeDescriptors.strings()).via(StatsFiles::encode))
        .apply(
            "WriteValidationStats",
            TextIO.write().to(dir + "/" + StatsFiles.VALIDATION).withoutSharding());
    return PDone.in(outcomes.getPipeline());
  }

  private <T> WriteParquetFiles<T> parquet(String table, ParquetSink<T> sink) {
    return new WriteParquetFiles<>(dir + "/" + table, sink);
  }
}
