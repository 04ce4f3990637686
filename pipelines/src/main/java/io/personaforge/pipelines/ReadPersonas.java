package io.personaforge.pipelines;

import io.personaforge.pipelines.io.ChannelInputFile;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Reads personas accepted in earlier rounds back from their Parquet files, so that later rounds
 * dedup against everything accepted so far. Works through Beam's file systems on every runner.
 */
public final class ReadPersonas extends PTransform<PBegin, PCollection<PersonaRecord>> {
  private final String filepattern;

  /**
   * @param filepattern e.g. {@code OUT/.personaforge/staging/round-*\/personas/*.parquet}
   */
  public ReadPersonas(String filepattern) {
    this.filepattern = filepattern;
  }

  @Override
  public PCollection<PersonaRecord> expand(PBegin input) {
    return input
        .apply(
            "MatchFiles",
            FileIO.match()
                .filepattern(filepattern)
                .withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))
        .apply("OpenFiles", FileIO.readMatches())
        .apply("ReadRows", ParDo.of(new ReadFn()))
        .setCoder(PersonaRecordCoder.of());
  }

  static final class ReadFn extends DoFn<FileIO.ReadableFile, PersonaRecord> {
    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<PersonaRecord> out)
        throws IOException {
      try (SeekableByteChannel ch = file.openSeekable();
          ParquetReader<GenericRecord> reader =
              AvroParquetReader.<GenericRecord>builder(new ChannelInputFile(ch)).build()) {
        for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
          out.output(toPersona(r));
        }
      }
    }
  }

  /** The persona of one row of the personas table (the fields the pipeline needs again). */
  static PersonaRecord toPersona(GenericRecord r) {
    Map<String, String> attributes = new HashMap<>();
    Object attrs = r.get("attributes");
    if (attrs instanceof Map<?, ?> m) {
      m.forEach((k, v) -> attributes.put(k.toString(), v.toString()));
    }
    Map<String, String> fields = new HashMap<>();
    if (r.get("fields") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> fields.put(k.toString(), v.toString()));
    }
    return PersonaRecord.sampled(
            r.get("id").toString(),
            (Long) r.get("run_seed"),
            (Integer) r.get("round"),
            (Long) r.get("ordinal"),
            r.get("cell").toString(),
            attributes)
        .withDraft(r.get("narrative").toString(), fields, null, (Integer) r.get("revisions"));
  }
}
