package io.personaforge.pipelines;

import io.personaforge.validator.ValidationStats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Statistics a round's pipeline hands to the driver: one line of Base64 (a serialized {@link
 * ValidationStats}) in a small text file beside the round's tables, merged across rounds by the
 * driver into the summary.
 */
final class StatsFiles {
  static final String VALIDATION = "validation-stats";

  private StatsFiles() {}

  static String encode(ValidationStats stats) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(buf)) {
      out.writeObject(stats);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(buf.toByteArray());
  }

  /** Merges every validation-stats file in {@code roundDir} into {@code into}. */
  static void mergeInto(Path roundDir, ValidationStats into) throws IOException {
    if (!Files.isDirectory(roundDir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(roundDir, VALIDATION + "*")) {
      for (Path f : files) {
        for (String line : Files.readAllLines(f)) {
          if (line.isBlank()) {
            continue;
          }
          try (ObjectInputStream in =
              new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(line)))) {
            into.merge((ValidationStats) in.readObject());
          } catch (ClassNotFoundException e) {
            throw new IOException("unreadable statistics in " + f, e);
          }
        }
      }
    }
  }
}
