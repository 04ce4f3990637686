package io.personaforge.pipelines;

/**
 * Names of the Beam metrics the pipeline counts, for the progress line and the summary's LLM
 * figures, which are observations of the calls made (a re-run bundle may count twice). Decisions,
 * the counts of personas, the validation figures and the leaf coverage come from the written
 * tables' tallies instead ({@link WriteCorpus.Counts}).
 */
public final class Stats {
  public static final String NAMESPACE = "personaforge";
  public static final String SAMPLED = "sampled";
  public static final String GENERATED = "generated";
  public static final String REJECTED = "rejected";
  public static final String DUPLICATES = "duplicates";
  public static final String ACCEPTED = "accepted";
  public static final String SURPLUS = "surplus";
  public static final String REVISIONS = "revisions";
  public static final String LLM_CALLS = "llm_calls";
  public static final String CACHE_HITS = "cache_hits";
  public static final String RETRIES = "retries";

  /** Prefix of the per-cause retry counters ({@link #retriesBy}). */
  public static final String RETRIES_BY = "retries_by.";

  /** Request-milliseconds the LLM endpoint worked for the run (the calls' durations summed). */
  public static final String LLM_BUSY_MS = "llm_busy_ms";

  /** LLM answers 429 or 503 (every attempt). */
  public static final String LLM_OVERLOADS = "llm_overloads";

  public static final String PROMPT_TOKENS = "prompt_tokens";
  public static final String COMPLETION_TOKENS = "completion_tokens";

  /** Counter of the retries of one cause ({@code rate_limited}, {@code server_error}, ...). */
  public static String retriesBy(String cause) {
    return RETRIES_BY + cause;
  }

  private Stats() {}
}
