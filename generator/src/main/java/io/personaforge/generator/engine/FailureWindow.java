package io.personaforge.generator.engine;

/**
 * The outcome of the last {@code size} personas (after retries), to stop a run that is turning into
 * rejects. It trips when at least {@code minSample} outcomes are known and more than {@code
 * maxRate} of the window failed. Thread-safe.
 */
public final class FailureWindow {
  /** Outcomes (after retries) a run's check looks back over. */
  public static final int DEFAULT_SIZE = 100;

  /** No verdict on fewer outcomes than this: a few early rejects are not a trend. */
  public static final int DEFAULT_MIN_SAMPLE = 20;

  /** A run stops when more than this share of the window failed. */
  public static final double DEFAULT_MAX_RATE = 0.5;

  private final boolean[] failed;
  private final int minSample;
  private final double maxRate;
  private int next;
  private int count;
  private int failures;

  /** A run's window: the defaults above. */
  public FailureWindow() {
    this(DEFAULT_SIZE, DEFAULT_MIN_SAMPLE, DEFAULT_MAX_RATE);
  }

  public FailureWindow(int size, int minSample, double maxRate) {
    if (size < 1 || minSample < 1 || minSample > size) {
      throw new IllegalArgumentException(
          "size " + size + " and minSample " + minSample + ": need 1 <= minSample <= size");
    }
    this.failed = new boolean[size];
    this.minSample = minSample;
    this.maxRate = maxRate;
  }

  /** Records an outcome; true when the window has now tripped. */
  public synchronized boolean record(boolean failure) {
    if (count == failed.length) {
      if (failed[next]) {
        failures--;
      }
    } else {
      count++;
    }
    failed[next] = failure;
    if (failure) {
      failures++;
    }
    next = (next + 1) % failed.length;
    return count >= minSample && failures > maxRate * count;
  }

  public synchronized String describe() {
    return failures + " of the last " + count + " personas failed";
  }
}
