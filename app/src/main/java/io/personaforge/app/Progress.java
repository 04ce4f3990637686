package io.personaforge.app;

import java.util.Locale;

/**
 * Where a running round stands, and the one-line view of it a terminal shows.
 *
 * @param round the round (0 first)
 * @param drawn personas the round drew
 * @param written first drafts written so far this round
 * @param acceptedBefore personas accepted by earlier rounds
 * @param target personas the corpus must hold
 * @param retries LLM retries so far in the run
 * @param seconds wall seconds since the round started
 */
public record Progress(
    int round,
    long drawn,
    long written,
    long acceptedBefore,
    long target,
    long retries,
    double seconds) {

  /** First drafts per second this round; 0 before the first is written. */
  public double rate() {
    return seconds <= 0 ? 0 : written / seconds;
  }

  /**
   * Seconds until the round's drafts are all written at the current rate; -1 when unknown (nothing
   * written yet). Validation, dedup and writing the tables come after and are not included.
   */
  public double etaSeconds() {
    double rate = rate();
    if (rate <= 0) {
      return -1;
    }
    return Math.max(0, drawn - written) / rate;
  }

  /**
   * One line, e.g. {@code round 1 · 1,234 of 5,000 written (24%) · 41.2/s · ETA 1m 31s · corpus
   * 4,800 of 5,000 · 3 retries}.
   */
  public String line() {
    long percent = drawn == 0 ? 100 : Math.min(100, written * 100 / drawn);
    double eta = etaSeconds();
    return String.format(
        Locale.ROOT,
        "round %d · %,d of %,d written (%d%%) · %.1f/s · ETA %s · corpus %,d of %,d · %,d retr%s",
        round,
        written,
        drawn,
        percent,
        rate(),
        eta < 0 ? "?" : duration(eta),
        acceptedBefore,
        target,
        retries,
        retries == 1 ? "y" : "ies");
  }

  /** {@code 42s}, {@code 1m 31s} or {@code 2h 05m}. */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
  }
}
