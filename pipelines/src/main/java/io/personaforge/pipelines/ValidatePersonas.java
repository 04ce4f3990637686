package io.personaforge.pipelines;

import io.personaforge.taxonomy.AttributeSet;
import io.personaforge.validator.Severity;
import io.personaforge.validator.Subject;
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
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Runs every check on every written persona. Output {@link Outcomes#ALIVE}: personas with no error
 * (warnings recorded on them); {@link Outcomes#REJECTED}: personas with errors, carrying every
 * violation.
 */
public final class ValidatePersonas
    extends PTransform<PCollection<PersonaRecord>, PCollectionTuple> {
  private final RunSpec spec;

  public ValidatePersonas(RunSpec spec) {
    this.spec = spec;
  }

  @Override
  public PCollectionTuple expand(PCollection<PersonaRecord> input) {
    PCollectionTuple out =
        input.apply(
            "CheckRules",
            ParDo.of(new ValidateFn(spec))
                .withOutputTags(Outcomes.ALIVE, TupleTagList.of(Outcomes.REJECTED)));
    out.get(Outcomes.ALIVE).setCoder(PersonaRecordCoder.of());
    out.get(Outcomes.REJECTED).setCoder(PersonaRecordCoder.of());
    return out;
  }

  static final class ValidateFn extends DoFn<PersonaRecord, PersonaRecord> {
    private final Shipped<RunSpec> shipped;
    private transient RunSpec spec;
    private final Counter rejected = Metrics.counter(Stats.NAMESPACE, Stats.REJECTED);
    private transient Validator validator;

    ValidateFn(RunSpec spec) {
      this.shipped = Shipped.of(spec);
    }

    @Setup
    public void setup() {
      spec = shipped.get();
      validator = Validator.of(spec.config().validation(), spec.taxonomy());
    }

    @ProcessElement
    public void process(@Element PersonaRecord p, MultiOutputReceiver out) {
      List<Violation> violations =
          validator.validate(
              new Subject(new AttributeSet(p.attributes()), p.narrative(), p.fields()));
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
        out.get(Outcomes.ALIVE).output(checked);
      } else {
        rejected.inc();
        String reason =
            errors.size()
                + " error"
                + (errors.size() == 1 ? "" : "s")
                + ": "
                + errors.get(0).rule()
                + " ("
                + errors.get(0).message()
                + ")";
        out.get(Outcomes.REJECTED).output(checked.rejected("validation", reason, null));
      }
    }
  }
}
