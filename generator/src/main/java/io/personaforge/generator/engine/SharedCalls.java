package io.personaforge.generator.engine;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls asked and not yet answered, by key: a second request for the same key waits for the first
 * one's answer instead of paying for it again. A call is forgotten once it completes (its answer is
 * in the journal by then). Thread-safe.
 *
 * @param <V> what a call completes with
 */
public final class SharedCalls<V> {
  private final Map<String, CompletableFuture<? extends V>> asking = new ConcurrentHashMap<>();

  /**
   * The call already being asked under {@code key}, if there is one; otherwise {@code call} is
   * registered under {@code key} until it completes, and the result is empty: the caller makes it.
   * A key names one kind of call, so the call found is of the caller's type.
   */
  public <T extends V> Optional<CompletableFuture<T>> joinOrStart(
      String key, CompletableFuture<T> call) {
    @SuppressWarnings("unchecked") // one key, one kind of call (see above)
    CompletableFuture<T> earlier = (CompletableFuture<T>) asking.putIfAbsent(key, call);
    if (earlier != null) {
      return Optional.of(earlier);
    }
    call.whenComplete((v, t) -> asking.remove(key, call));
    return Optional.empty();
  }

  /** Calls being asked now. */
  public int size() {
    return asking.size();
  }
}
