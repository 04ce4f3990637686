package io.personaforge.pipelines.io;

import io.personaforge.schemas.ParquetFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * Writes elements as Parquet to a channel ({@link WriteParquetFiles} opens one per bundle): each
 * element is turned into an Avro record of one schema (from the {@code schemas} module) and written
 * by parquet-avro. A plain channel works on every Beam file system (Beam's own ParquetIO needs
 * artifacts not served here).
 */
public final class ParquetSink<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String schemaJson;
  private final String codec;
  private final SerializableFunction<T, GenericRecord> toRecord;
  private transient ParquetWriter<GenericRecord> writer;

  /**
   * @param schema the Avro schema of every record
   * @param codec snappy, zstd, gzip or uncompressed
   * @param toRecord builds the record of one element
   */
  public ParquetSink(Schema schema, String codec, SerializableFunction<T, GenericRecord> toRecord) {
    this.schemaJson = schema.toString();
    this.codec = codec;
    this.toRecord = toRecord;
  }

  /** Starts a file on {@code channel}. */
  public void open(WritableByteChannel channel) throws IOException {
    writer =
        ParquetFiles.writer(
            new ChannelOutputFile(channel), new Schema.Parser().parse(schemaJson), codec);
  }

  public void write(T element) throws IOException {
    writer.write(toRecord.apply(element));
  }

  /** Ends the file (the caller closes the channel). */
  public void flush() throws IOException {
    // Parquet writes its footer on close; the channel stays open for its owner to close.
    writer.close();
  }

  /** An {@link OutputFile} over a channel that is written once, front to back. */
  static final class ChannelOutputFile implements OutputFile {
    private final WritableByteChannel channel;

    ChannelOutputFile(WritableByteChannel channel) {
      this.channel = channel;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return new CountingStream(Channels.newOutputStream(new UnclosableChannel(channel)));
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }
  }

  /** Parquet closes its stream; the channel's owner closes it, so closing is ignored. */
  private record UnclosableChannel(WritableByteChannel inner) implements WritableByteChannel {
    @Override
    public int write(ByteBuffer src) throws IOException {
      return inner.write(src);
    }

    @Override
    public boolean isOpen() {
      return inner.isOpen();
    }

    @Override
    public void close() {}
  }

  static final class CountingStream extends PositionOutputStream {
    private final OutputStream out;
    private long pos;

    CountingStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      pos++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      pos += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
