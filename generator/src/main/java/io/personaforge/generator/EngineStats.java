package io.personaforge.generator;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counters of a {@link GenerationEngine} since it opened, for the run summary.
 *
 * @param calls HTTP calls made (retries included)
 * @param cacheHits requests answered from the journal, with no call
 * @param succeeded requests that produced a draft (cache hits included)
 * @param failed requests that ended as per-persona failures
 * @param retriesByCause retries, by {@link FailureKind#label()}
 * @param promptTokens prompt tokens billed by the calls made
 * @param completionTokens completion tokens billed by the calls made
 * @param peakInFlight most calls in flight at once
 * @param limit current adaptive in-flight limit (at most {@code concurrency})
 */
public record EngineStats(
    long calls,
    long cacheHits,
    long succeeded,
    long failed,
    Map<String, Long> retriesByCause,
    long promptTokens,
    long completionTokens,
    int peakInFlight,
    int limit)
    implements Serializable {
  public EngineStats {
    retriesByCause = java.util.Collections.unmodifiableMap(new TreeMap<>(retriesByCause));
  }

  public long retries() {
    return retriesByCause.values().stream().mapToLong(Long::longValue).sum();
  }
}
