package io.personaforge.pipelines;

import io.personaforge.dedup.DedupConfig;
import io.personaforge.validator.NameCap;
import io.personaforge.validator.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Settles the fate of every persona of a round. Those rejected by an earlier step stay rejected;
 * the valid ones are, in this order: a duplicate of an earlier persona ({@link FindDuplicates}),
 * past the first-name cap among the unique ones ({@link FindNamesOverCap}), kept in its quota cell
 * up to the cell's target ({@link FindQuotaCutoffs}), or surplus. The three decisions are made on
 * small {@link PersonaKey}s, each from the keys that survived the one before, and the personas
 * themselves are split once, by one step reading the three decisions as side inputs. (Splitting
 * after each decision made every persona cross three extra operator boundaries on Flink — encoded
 * and decoded each time — for decisions that need its id, cell, ordinal and first name only.)
 *
 * <p>Output: one {@link Settled} per persona — accepted, rejected (by an earlier step, or over the
 * name cap), duplicate or surplus.
 */
public final class SettlePersonas
    extends PTransform<PCollection<PersonaRecord>, PCollection<Settled>> {
  private final DedupConfig dedup;
  private final long expected;
  private final long earlierCount;
  private final OptionalLong nameCap;
  private final Map<String, Long> targets;
  private final PCollection<PersonaSketch> earlier;
  private final String cacheDir;
  private final List<String> profilePaths;

  /**
   * @param dedup what counts as a duplicate; null when dedup is off
   * @param expected personas drawn this round (sizes the dedup shards)
   * @param earlierCount personas accepted in earlier rounds
   * @param nameCap personas that may share one first name; empty when there is no cap
   * @param targets cell key to the number of personas the cell still needs
   * @param earlier the sketches of the personas accepted in earlier rounds ({@link ReadSketches};
   *     compared with and counted, never output); may be null
   * @param cacheDir the run's cache folder ({@code OUT/.cache}: embeddings are kept there); may be
   *     null when semantic dedup is off
   * @param profilePaths the attributes whose values make a persona's profile for dedup (see {@link
   *     FindDuplicates}); empty to compare texts alone
   */
  public SettlePersonas(
      DedupConfig dedup,
      long expected,
      long earlierCount,
      OptionalLong nameCap,
      Map<String, Long> targets,
      PCollection<PersonaSketch> earlier,
      String cacheDir,
      List<String> profilePaths) {
    this.dedup = dedup;
    this.cacheDir = cacheDir;
    this.expected = expected;
    this.earlierCount = earlierCount;
    this.nameCap = nameCap;
    this.targets = new HashMap<>(targets);
    this.earlier = earlier;
    this.profilePaths = List.copyOf(profilePaths);
  }

  @Override
  public PCollection<Settled> expand(PCollection<PersonaRecord> input) {
    List<PCollectionView<?>> sideInputs = new ArrayList<>();
    PCollection<PersonaKey> keys =
        input.apply("KeyPersonas", ParDo.of(new KeyFn())).setCoder(PersonaKeyCoder.of());
    PCollectionView<Map<String, DuplicateVerdict>> duplicates = null;
    if (dedup != null) {
      duplicates =
          input.apply(
              "FindDuplicates",
              new FindDuplicates(dedup, expected, earlier, earlierCount, cacheDir, profilePaths));
      sideInputs.add(duplicates);
      keys =
          keys.apply(
                  "KeepUniqueKeys", ParDo.of(new KeepUnique(duplicates)).withSideInputs(duplicates))
              .setCoder(PersonaKeyCoder.of());
    }
    PCollectionView<List<String>> overCap = null;
    if (nameCap.isPresent()) {
      overCap = keys.apply("FindNamesOverCap", new FindNamesOverCap(nameCap.getAsLong(), earlier));
      sideInputs.add(overCap);
      keys =
          keys.apply(
                  "KeepKeysWithinCap", ParDo.of(new KeepWithinCap(overCap)).withSideInputs(overCap))
              .setCoder(PersonaKeyCoder.of());
    }
    PCollectionView<Map<String, Long>> cutoffs =
        keys.apply("FindQuotaCutoffs", new FindQuotaCutoffs(targets));
    sideInputs.add(cutoffs);
    return input
        .apply(
            "SettleEach",
            ParDo.of(new SettleFn(duplicates, overCap, cutoffs, nameCap.orElse(0)))
                .withSideInputs(sideInputs))
        .setCoder(SettledCoder.of());
  }

  /** The key of each valid persona (rejected ones take part in no decision). */
  static final class KeyFn extends DoFn<PersonaRecord, PersonaKey> {
    @ProcessElement
    public void process(@Element PersonaRecord p, OutputReceiver<PersonaKey> out) {
      if (p.failedStage() == null) {
        out.output(PersonaKey.of(p));
      }
    }
  }

  /** Drops the keys of duplicates: a duplicate holds no name and no place in its cell. */
  static final class KeepUnique extends DoFn<PersonaKey, PersonaKey> {
    private final PCollectionView<Map<String, DuplicateVerdict>> duplicates;

    KeepUnique(PCollectionView<Map<String, DuplicateVerdict>> duplicates) {
      this.duplicates = duplicates;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      if (!c.sideInput(duplicates).containsKey(c.element().id())) {
        c.output(c.element());
      }
    }
  }

  /** Drops the keys of personas past the name cap: they hold no place in their cell. */
  static final class KeepWithinCap extends DoFn<PersonaKey, PersonaKey> {
    private final PCollectionView<List<String>> overCap;
    private transient Set<String> ids;

    KeepWithinCap(PCollectionView<List<String>> overCap) {
      this.overCap = overCap;
    }

    @StartBundle
    public void startBundle() {
      ids = null;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      if (ids == null) {
        ids = new HashSet<>(c.sideInput(overCap));
      }
      if (!ids.contains(c.element().id())) {
        c.output(c.element());
      }
    }
  }

  /** Gives each persona the one outcome the three decisions give it. */
  static final class SettleFn extends DoFn<PersonaRecord, Settled> {
    private final PCollectionView<Map<String, DuplicateVerdict>> duplicates;
    private final PCollectionView<List<String>> overCap;
    private final PCollectionView<Map<String, Long>> cutoffs;
    private final long cap;
    private final Counter duplicated = Metrics.counter(Stats.NAMESPACE, Stats.DUPLICATES);
    private final Counter rejected = Metrics.counter(Stats.NAMESPACE, Stats.REJECTED);
    private final Counter accepted = Metrics.counter(Stats.NAMESPACE, Stats.ACCEPTED);
    private final Counter surplus = Metrics.counter(Stats.NAMESPACE, Stats.SURPLUS);
    private transient Set<String> overCapIds;

    /** {@code duplicates} and {@code overCap} are null when that decision is off. */
    SettleFn(
        PCollectionView<Map<String, DuplicateVerdict>> duplicates,
        PCollectionView<List<String>> overCap,
        PCollectionView<Map<String, Long>> cutoffs,
        long cap) {
      this.duplicates = duplicates;
      this.overCap = overCap;
      this.cutoffs = cutoffs;
      this.cap = cap;
    }

    @StartBundle
    public void startBundle() {
      overCapIds = null;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      PersonaRecord p = c.element();
      if (p.failedStage() != null) {
        c.output(Settled.rejected(p));
        return;
      }
      DuplicateVerdict verdict = duplicates == null ? null : c.sideInput(duplicates).get(p.id());
      if (verdict != null) {
        duplicated.inc();
        c.output(Settled.duplicate(verdict.rowOf(p), p));
        return;
      }
      if (overCap != null) {
        if (overCapIds == null) {
          overCapIds = new HashSet<>(c.sideInput(overCap));
        }
        if (overCapIds.contains(p.id())) {
          rejected.inc();
          Violation v = NameCap.violation(FindNamesOverCap.firstName(p), cap);
          // The name cap is the corpus's rule, not the validator's: the validation figures of a
          // persona it removes stay what the validator found (it passed).
          PersonaRecord checked =
              p.withChecks(
                  List.of(new PersonaRecord.Attempt(p.revisions(), v.rule(), "error", v.message())),
                  p.warnings(),
                  Map.of());
          c.output(
              Settled.rejected(
                  checked.rejected(
                      PersonaRecord.Stage.VALIDATION, v.rule() + " (" + v.message() + ")", null)));
          return;
        }
      }
      if (p.ordinal() <= c.sideInput(cutoffs).getOrDefault(p.cell(), Long.MIN_VALUE)) {
        accepted.inc();
        c.output(Settled.accepted(p));
      } else {
        surplus.inc();
        c.output(Settled.surplus(p));
      }
    }
  }
}
