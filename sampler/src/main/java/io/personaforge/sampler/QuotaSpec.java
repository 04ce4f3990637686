package io.personaforge.sampler;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A marginal quota as written in run.yaml: the share of the corpus that must hold each value of one
 * attribute.
 *
 * <pre>
 * quotas:
 *   - attribute: demographics.gender
 *     shares: {female: 0.5, male: 0.5}
 * </pre>
 *
 * @param attribute taxonomy path of a categorical attribute
 * @param shares value to share; shares sum to 1 (checked by {@link QuotaPlanner})
 */
public record QuotaSpec(String attribute, Map<String, Double> shares) implements Serializable {
  public QuotaSpec {
    shares = shares == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(shares));
  }
}
