package io.personaforge.generator;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A written persona.
 *
 * @param narrative the persona's narrative
 * @param fields structured fields returned with it ({@code name}, {@code summary}, ...)
 * @param rawOutput the model's raw output, kept for rejects and audits
 * @param promptTokens prompt tokens billed (0 when unknown or offline)
 * @param completionTokens completion tokens billed (0 when unknown or offline)
 */
public record Draft(
    String narrative,
    Map<String, String> fields,
    String rawOutput,
    long promptTokens,
    long completionTokens)
    implements Serializable {
  public Draft {
    if (narrative == null) {
      throw new IllegalArgumentException("narrative is null");
    }
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields == null ? Map.of() : fields));
    rawOutput = rawOutput == null ? "" : rawOutput;
  }
}
