package io.personaforge.pipelines;

import io.personaforge.pipelines.io.ChannelInputFile;
import io.personaforge.pipelines.io.SketchRows;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
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
 * Reads the sketches of the personas earlier rounds accepted ({@link PersonaSketch}, kept by {@link
 * WriteCorpus} beside each round's tables), so that a refill round dedups and caps first names
 * against everything accepted so far without reading their narratives back. A pattern that matches
 * nothing (the first round) reads as none. Works through Beam's file systems on every runner.
 */
public final class ReadSketches extends PTransform<PBegin, PCollection<PersonaSketch>> {
  private final String filepattern;

  /**
   * @param filepattern e.g. {@code OUT/.personaforge/staging/round-*\/sketches/*.parquet}
   */
  public ReadSketches(String filepattern) {
    this.filepattern = filepattern;
  }

  @Override
  public PCollection<PersonaSketch> expand(PBegin input) {
    return input
        .apply(
            "MatchFiles",
            FileIO.match()
                .filepattern(filepattern)
                .withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))
        .apply("OpenFiles", FileIO.readMatches())
        .apply("ReadRows", ParDo.of(new ReadFn()))
        .setCoder(PersonaSketchCoder.of());
  }

  static final class ReadFn extends DoFn<FileIO.ReadableFile, PersonaSketch> {
    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<PersonaSketch> out)
        throws IOException {
      try (SeekableByteChannel ch = file.openSeekable();
          ParquetReader<GenericRecord> reader =
              AvroParquetReader.<GenericRecord>builder(new ChannelInputFile(ch)).build()) {
        for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
          out.output(SketchRows.fromRecord(r));
        }
      }
    }
  }
}
