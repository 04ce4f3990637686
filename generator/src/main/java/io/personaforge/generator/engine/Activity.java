package io.personaforge.generator.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * How busy the LLM endpoint was kept: calls in flight and the limiter's limit, sampled at a fixed
 * interval since the engine opened, so a run can show whether its endpoint was kept busy and when
 * it was not. At most {@link #DEFAULT_MAX_POINTS} samples are kept: when full, every second one is
 * dropped and the interval doubles, so a long run keeps its whole shape. Thread-safe.
 */
public final class Activity {
  /** One sample a second: an LLM call takes from 0.1 s to tens of seconds. */
  public static final long DEFAULT_SAMPLE_MILLIS = 1000;

  /** Enough for a chart; a day-long run is downsampled to one point per ~3 minutes. */
  public static final int DEFAULT_MAX_POINTS = 512;

  /** One sample: seconds since the engine opened, calls in flight, the limit then. */
  public record Point(double seconds, int inFlight, int limit) {}

  /**
   * What a run's calls did, as only the process that made them can tell (the busy time and the
   * pushback counts travel as pipeline counters, which every runner sums).
   *
   * @param points in flight and limit over time
   * @param generationSeconds from the first call to the last answer (0 with no call)
   * @param capRejections overloads the limiter read as the server's cap
   * @param isolatedRejections overloads the limiter read as isolated (the call waited, the limit
   *     stayed)
   */
  public record Snapshot(
      List<Point> points, double generationSeconds, long capRejections, long isolatedRejections) {
    public Snapshot {
      points = List.copyOf(points);
    }
  }

  private final long startNanos;
  private final List<Point> points = new ArrayList<>();
  private long every = 1;
  private long ticks;

  public Activity(long startNanos) {
    this.startNanos = startNanos;
  }

  /** Records one tick; keeps it when it falls on the current sampling interval. */
  public synchronized void sample(long nowNanos, int inFlight, int limit) {
    if (ticks++ % every != 0) {
      return;
    }
    points.add(new Point((nowNanos - startNanos) / 1e9, inFlight, limit));
    if (points.size() >= DEFAULT_MAX_POINTS) {
      List<Point> kept = new ArrayList<>(points.size() / 2 + 1);
      for (int i = 0; i < points.size(); i += 2) {
        kept.add(points.get(i));
      }
      points.clear();
      points.addAll(kept);
      every *= 2;
    }
  }

  public synchronized Snapshot snapshot(
      long firstCallNanos, long lastAnswerNanos, long capRejections, long isolatedRejections) {
    double generation =
        firstCallNanos == Long.MAX_VALUE || lastAnswerNanos < firstCallNanos
            ? 0
            : (lastAnswerNanos - firstCallNanos) / 1e9;
    return new Snapshot(points, generation, capRejections, isolatedRejections);
  }
}
