package io.personaforge.pipelines;

import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.validator.Severity;
import io.personaforge.validator.Subject;
import io.personaforge.validator.ValidationStats;
import io.personaforge.validator.Validator;
import io.personaforge.validator.Violation;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Runs every check and rule on every written (or revised) persona. Output {@link #CHECKED}: every
 * persona, either with no error (warnings recorded on it) or rejected, carrying every violation of
 * every attempt (personas rejected by an earlier step pass through untouched); when {@code
 * revisable}, also {@link #NEEDS_REVISION}: personas with errors that may still be revised.
 * Validation figures are published as counters ({@link Stats#validation}) at the end of each
 * bundle.
 *
 * <p>A second output only when revision is possible: on Flink each output of a step is read, and
 * decoded, in full by its own consumer, and the offline writer never revises.
 */
public final class ValidatePersonas
    extends PTransform<PCollection<PersonaRecord>, PCollectionTuple> {
  /** Checked personas: valid or rejected. */
  public static final TupleTag<PersonaRecord> CHECKED = new TupleTag<>("checked") {};

  /** Failed an error-severity check but may still be revised. */
  public static final TupleTag<PersonaRecord> NEEDS_REVISION = new TupleTag<>("needs-revision") {};

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
    ParDo.SingleOutput<PersonaRecord, PersonaRecord> check =
        ParDo.of(new ValidateFn(spec, revisable));
    if (!revisable) {
      return PCollectionTuple.of(
          CHECKED, input.apply("CheckRules", check).setCoder(PersonaRecordCoder.of()));
    }
    PCollectionTuple out =
        input.apply("CheckRules", check.withOutputTags(CHECKED, TupleTagList.of(NEEDS_REVISION)));
    out.get(CHECKED).setCoder(PersonaRecordCoder.of());
    out.get(NEEDS_REVISION).setCoder(PersonaRecordCoder.of());
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
    public void process(ProcessContext c) {
      PersonaRecord p = c.element();
      if (p.failedStage() != null) {
        c.output(p);
        return;
      }
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
        c.output(checked);
      } else if (revisable && validator.mayRevise(p.revisions())) {
        c.output(NEEDS_REVISION, checked);
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
        c.output(checked.rejected("validation", reason, null));
      }
    }

    @FinishBundle
    public void finishBundle() {
      stats
          .counts()
          .forEach((name, n) -> Metrics.counter(Stats.NAMESPACE, Stats.validation(name)).inc(n));
      stats = null;
    }
  }
}
