package io.personaforge.pipelines;

import io.personaforge.generator.Draft;
import io.personaforge.generator.GenerationException;
import io.personaforge.generator.PersonaWriter;
import io.personaforge.generator.PersonaWriters;
import io.personaforge.generator.WriteRequest;
import io.personaforge.sampler.Seeds;
import io.personaforge.taxonomy.AttributeSet;
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
 * Sends personas that failed validation back to the writer with their violations spelled out (the
 * revise prompt). Output {@link Outcomes#ALIVE}: revised personas, to be validated again; {@link
 * Outcomes#REJECTED}: personas whose revision could not be written.
 */
public final class ReviseNarratives
    extends PTransform<PCollection<PersonaRecord>, PCollectionTuple> {
  private final RunSpec spec;

  public ReviseNarratives(RunSpec spec) {
    this.spec = spec;
  }

  @Override
  public PCollectionTuple expand(PCollection<PersonaRecord> input) {
    PCollectionTuple out =
        input.apply(
            "WriteRevisions",
            ParDo.of(new ReviseFn(spec))
                .withOutputTags(Outcomes.ALIVE, TupleTagList.of(Outcomes.REJECTED)));
    out.get(Outcomes.ALIVE).setCoder(PersonaRecordCoder.of());
    out.get(Outcomes.REJECTED).setCoder(PersonaRecordCoder.of());
    return out;
  }

  /** The violations of a persona's latest attempt, one line each, as the writer is told them. */
  static List<String> feedback(PersonaRecord p) {
    List<String> lines = new ArrayList<>();
    for (PersonaRecord.Attempt a : p.violations()) {
      if (a.attempt() == p.revisions()) {
        lines.add(a.rule() + ": " + a.message());
      }
    }
    return lines;
  }

  static final class ReviseFn extends DoFn<PersonaRecord, PersonaRecord> {
    private final Shipped<RunSpec> shipped;
    private final Counter revisions = Metrics.counter(Stats.NAMESPACE, Stats.REVISIONS);
    private final Counter rejected = Metrics.counter(Stats.NAMESPACE, Stats.REJECTED);
    private transient PersonaWriter writer;

    ReviseFn(RunSpec spec) {
      this.shipped = Shipped.of(spec);
    }

    @Setup
    public void setup() {
      RunSpec spec = shipped.get();
      writer = PersonaWriters.create(spec.config().generator(), spec.taxonomy());
    }

    @ProcessElement
    public void process(@Element PersonaRecord p, MultiOutputReceiver out)
        throws GenerationException {
      Draft previous = new Draft(p.narrative(), p.fields(), p.lastOutput(), 0, 0);
      WriteRequest request =
          new WriteRequest(
              p.id(),
              Seeds.mix(p.runSeed(), p.round(), p.ordinal()),
              new AttributeSet(p.attributes()),
              previous,
              feedback(p));
      try {
        Draft d = writer.write(request);
        revisions.inc();
        out.get(Outcomes.ALIVE)
            .output(p.withDraft(d.narrative(), d.fields(), d.rawOutput(), p.revisions() + 1));
      } catch (GenerationException e) {
        if (!e.retriable()) {
          throw e;
        }
        rejected.inc();
        out.get(Outcomes.REJECTED)
            .output(p.rejected("generation", "revision failed: " + e.getMessage(), e.rawOutput()));
      }
    }

    @Teardown
    public void teardown() {
      if (writer != null) {
        writer.close();
      }
    }
  }
}
