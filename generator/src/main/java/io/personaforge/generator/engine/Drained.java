package io.personaforge.generator.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Running totals handed out as what they grew by since the last time: the engine is shared by every
 * writer in a JVM and each writer publishes what it drains as pipeline counters, so the counters
 * sum to the totals whoever drains. Thread-safe.
 */
public final class Drained {
  // What has been handed out so far, by the name it was handed out under.
  private final Map<String, Long> handedOut = new HashMap<>();

  /** What {@code totals} grew by since they were last drained (only what grew), by name. */
  public synchronized Map<String, Long> since(Map<String, Long> totals) {
    Map<String, Long> out = new TreeMap<>();
    totals.forEach(
        (k, now) -> {
          long delta = now - handedOut.getOrDefault(k, 0L);
          if (delta > 0) {
            out.put(k, delta);
            handedOut.put(k, now);
          }
        });
    return out;
  }
}
