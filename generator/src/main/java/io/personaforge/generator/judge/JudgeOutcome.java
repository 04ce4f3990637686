package io.personaforge.generator.judge;

/**
 * What became of one judge call: a verdict, or why there is none (after the engine's retries).
 *
 * @param verdict the judge's verdict, or null when the call failed
 * @param failure why there is no verdict, or null
 * @param attempts calls made (0 when replayed from the journal)
 * @param cacheHit replayed from the journal: no call was made
 * @param millis how long the call that got the verdict took (replayed from the journal on a cache
 *     hit: what the verdict cost when it was paid for)
 * @param promptTokens prompt tokens billed by this call (0 on a cache hit)
 * @param completionTokens completion tokens billed by this call (0 on a cache hit)
 */
public record JudgeOutcome(
    Verdict verdict,
    String failure,
    int attempts,
    boolean cacheHit,
    long millis,
    long promptTokens,
    long completionTokens) {}
