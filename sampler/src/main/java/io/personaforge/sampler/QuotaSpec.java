package io.personaforge.sampler;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A quota as written in run.yaml: the share of the corpus that must hold each value (or each
 * combination of values) of one or more attributes.
 *
 * <pre>
 * quotas:
 *   - attribute: demographics.gender              # a marginal quota
 *     shares: {female: 0.5, male: 0.5}
 *   - attribute: demographics.age                 # a binned integer attribute
 *     shares: {"18-34": 0.3, "35-64": 0.5, "65-90": 0.2}
 *   - attributes: [demographics.gender, location.region]   # a joint quota
 *     shares: {"female|south": 0.2, "male|south": 0.2, "female|west": 0.3, "male|west": 0.3}
 * </pre>
 *
 * <p>Joint share keys list one value per attribute, in the order of {@code attributes}, separated
 * by {@code |} (spaces around it are ignored). Combinations left out have share 0.
 *
 * @param attribute taxonomy path of a categorical, boolean or integer attribute (marginal quota);
 *     null for a joint quota
 * @param attributes taxonomy paths (joint quota); null or empty for a marginal quota
 * @param shares value (or {@code |}-joined combination) to share; shares sum to 1 (checked by
 *     {@link QuotaPlanner})
 */
public record QuotaSpec(String attribute, List<String> attributes, Map<String, Double> shares)
    implements Serializable {
  /** Separator of the values in a joint quota's share keys. */
  public static final String JOINT_SEPARATOR = "|";

  public QuotaSpec {
    shares = shares == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(shares));
    attributes = attributes == null ? List.of() : List.copyOf(attributes);
  }

  /** A marginal quota on one attribute. */
  public QuotaSpec(String attribute, Map<String, Double> shares) {
    this(attribute, null, shares);
  }

  /** A joint quota over several attributes. */
  public static QuotaSpec joint(List<String> attributes, Map<String, Double> shares) {
    return new QuotaSpec(null, attributes, shares);
  }

  /** The attributes this quota constrains, marginal or joint. */
  public List<String> paths() {
    if (!attributes.isEmpty()) {
      return attributes;
    }
    return attribute == null ? List.of() : List.of(attribute);
  }

  /** Whether this is a joint quota (written with {@code attributes}). */
  public boolean isJoint() {
    return !attributes.isEmpty();
  }

  /** Splits a share key into one value per attribute. */
  public List<String> keyValues(String key) {
    if (!isJoint()) {
      return List.of(key);
    }
    String[] parts = key.split("\\|", -1);
    List<String> out = new ArrayList<>();
    for (String p : parts) {
      out.add(p.trim());
    }
    return out;
  }
}
