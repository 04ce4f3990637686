package io.personaforge.pipelines.config;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * The {@code output} section of run.yaml.
 *
 * @param compression Parquet codec: snappy (default: fast, ~40% smaller), zstd (smallest), gzip or
 *     uncompressed
 */
public record OutputConfig(String compression) implements Serializable {
  public static final String DEFAULT_COMPRESSION = "snappy";
  public static final List<String> COMPRESSIONS = List.of("snappy", "zstd", "gzip", "uncompressed");

  public OutputConfig {
    compression = compression == null ? DEFAULT_COMPRESSION : compression.toLowerCase(Locale.ROOT);
    if (!COMPRESSIONS.contains(compression)) {
      throw new IllegalArgumentException(
          "output.compression '"
              + compression
              + "' is not one of "
              + String.join(", ", COMPRESSIONS));
    }
  }

  public static OutputConfig defaults() {
    return new OutputConfig(null);
  }
}
