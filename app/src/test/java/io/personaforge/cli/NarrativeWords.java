package io.personaforge.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Narrative lengths of a written personas table, read by DuckDB: tests and benchmarks that need a
 * refill round set {@code validation.min_words} to the length below which a share of a probe run's
 * personas fall, so about that share is rejected.
 */
public final class NarrativeWords {
  private NarrativeWords() {}

  /** The word count below which {@code share} of the personas in {@code personas} fall. */
  public static long atShare(Path personas, double share) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select quantile_disc(len(string_split(narrative, ' ')), "
                    + share
                    + ") from read_parquet('"
                    + personas
                    + "/*.parquet')")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
