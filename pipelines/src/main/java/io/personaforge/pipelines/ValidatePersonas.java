package io.personaforge.pipelines;

import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.validator.Severity;
import io.personaforge.validator.Subject;
import io.personaforge.validator.ValidationStats;
import io.personaforge.validator.Validator;
import io.personaforge.validator.Violation;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Runs every check and rule on every written (or revised) persona. Output {@link Outcomes#ALIVE}:
 * personas with no error (warnings recorded on them); {@link Outcomes#NEEDS_REVISION}: personas
 * with errors that may still be revised; {@link Outcomes#REJECTED}: personas with errors and no
 * revision left, carrying every violation of every attempt; {@link Outcomes#VALIDATION_STATS}:
 * per-bundle statistics.
 */
public final class ValidatePersonas
    extends PTransform<PCollection<PersonaRecord>, PCollectionTuple> {
  private final RunSpec spec;
  private final boolean revisable;

  /**
   * @param spec the run
   * @param revisable whether failing personas may go back for revision (false on the last attempt,
   *     or when the writer cannot revise)
   */
  public ValidatePersonas(RunSpec spec, boolean revisable) {
    this.spec = spec;
    this.revisable = revisable;
  }

  @Override
  public PCollectionTuple expand(PCollection<PersonaRecord> input) {
    PCollectionTuple out =
        input.apply(
            "CheckRules",
            ParDo.of(new ValidateFn(spec, revisable))
                .withOutputTags(
                    Outcomes.ALIVE,
                    TupleTagList.of(Outcomes.REJECTED)
                        .and(Outcomes.NEEDS_REVISION)
                        .and(Outcomes.VALIDATION_STATS)));
    out.get(Outcomes.ALIVE).setCoder(PersonaRecordCoder.of());
    out.get(Outcomes.REJECTED).setCoder(PersonaRecordCoder.of());
    out.get(Outcomes.NEEDS_REVISION).setCoder(PersonaRecordCoder.of());
    out.get(Outcomes.VALIDATION_STATS).setCoder(SerializableCoder.of(ValidationStats.class));
    return out;
  }

  static final class ValidateFn extends DoFn<PersonaRecord, PersonaRecord> {
    private final Shipped<RunSpec> shipped;
    private final boolean revisable;
    private final Counter rejected = Metrics.counter(Stats.NAMESPACE, Stats.REJECTED);
    private transient RunSpec spec;
    private transient Validator validator;
    private transient ValidationStats stats;

    ValidateFn(RunSpec spec, boolean revisable) {
      this.shipped = Shipped.of(spec);
      this.revisable = revisable;
    }

    @Setup
    public void setup() {
      spec = shipped.get();
      validator = Validator.of(spec.config().validation(), spec.taxonomy());
    }

    @StartBundle
    public void startBundle() {
      stats = new ValidationStats(validator.ruleNames());
    }

    @ProcessElement
    public void process(@Element PersonaRecord p, MultiOutputReceiver out) {
      List<Violation> violations =
          validator.validate(
              new Subject(new AttributeSet(p.attributes()), p.narrative(), p.fields()));
      stats.attempt(violations);
      List<PersonaRecord.Attempt> errors = new ArrayList<>();
      List<String> warnings = new ArrayList<>();
      for (Violation v : violations) {
        if (v.severity() == Severity.ERROR) {
          errors.add(new PersonaRecord.Attempt(p.revisions(), v.rule(), "error", v.message()));
        } else {
          warnings.add(v.toString());
        }
      }
      PersonaRecord checked = p.withChecks(errors, warnings);
      if (errors.isEmpty()) {
        stats.outcome(true, p.revisions(), violations);
        out.get(Outcomes.ALIVE).output(checked);
      } else if (revisable && validator.mayRevise(p.revisions())) {
        out.get(Outcomes.NEEDS_REVISION).output(checked);
      } else {
        stats.outcome(false, p.revisions(), violations);
        rejected.inc();
        String reason =
            errors.size()
                + " error"
                + (errors.size() == 1 ? "" : "s")
                + (p.revisions() > 0 ? " after " + p.revisions() + " revision(s)" : "")
                + ": "
                + errors.get(0).rule()
                + " ("
                + errors.get(0).message()
                + ")";
        out.get(Outcomes.REJECTED).output(checked.rejected("validation", reason, null));
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext c) {
      if (stats.attempts() > 0) {
        c.output(
            Outcomes.VALIDATION_STATS,
            stats,
            BoundedWindow.TIMESTAMP_MIN_VALUE,
            GlobalWindow.INSTANCE);
      }
      stats = null;
    }
  }
}
