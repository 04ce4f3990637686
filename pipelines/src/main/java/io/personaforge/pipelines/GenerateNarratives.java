package io.personaforge.pipelines;

import io.personaforge.generator.Draft;
import io.personaforge.generator.GenerationException;
import io.personaforge.generator.PersonaWriter;
import io.personaforge.generator.PersonaWriters;
import io.personaforge.generator.WriteRequest;
import io.personaforge.sampler.Seeds;
import io.personaforge.taxonomy.AttributeSet;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Writes a first draft for every sampled persona with the configured writer. Output {@link
 * Outcomes#ALIVE}: personas with a draft; {@link Outcomes#REJECTED}: personas whose draft could not
 * be written, with the reason and the raw output. A fatal writer error (a wrong key, an unknown
 * model) fails the run.
 */
public final class GenerateNarratives
    extends PTransform<PCollection<PersonaRecord>, PCollectionTuple> {
  private final RunSpec spec;

  public GenerateNarratives(RunSpec spec) {
    this.spec = spec;
  }

  @Override
  public PCollectionTuple expand(PCollection<PersonaRecord> input) {
    PCollectionTuple out =
        input.apply(
            "WriteDrafts",
            ParDo.of(new WriteFn(spec))
                .withOutputTags(Outcomes.ALIVE, TupleTagList.of(Outcomes.REJECTED)));
    out.get(Outcomes.ALIVE).setCoder(PersonaRecordCoder.of());
    out.get(Outcomes.REJECTED).setCoder(PersonaRecordCoder.of());
    return out;
  }

  static final class WriteFn extends DoFn<PersonaRecord, PersonaRecord> {
    private final Shipped<RunSpec> shipped;
    private transient RunSpec spec;
    private final Counter generated = Metrics.counter(Stats.NAMESPACE, Stats.GENERATED);
    private final Counter rejected = Metrics.counter(Stats.NAMESPACE, Stats.REJECTED);
    private transient PersonaWriter writer;

    WriteFn(RunSpec spec) {
      this.shipped = Shipped.of(spec);
    }

    @Setup
    public void setup() {
      spec = shipped.get();
      writer = PersonaWriters.create(spec.config().generator(), spec.taxonomy());
    }

    @ProcessElement
    public void process(@Element PersonaRecord p, MultiOutputReceiver out)
        throws GenerationException {
      long seed = Seeds.mix(p.runSeed(), p.round(), p.ordinal());
      generated.inc();
      try {
        Draft d = writer.write(WriteRequest.first(p.id(), seed, new AttributeSet(p.attributes())));
        out.get(Outcomes.ALIVE).output(p.withDraft(d.narrative(), d.fields(), d.rawOutput(), 0));
      } catch (GenerationException e) {
        if (!e.retriable()) {
          throw e;
        }
        rejected.inc();
        out.get(Outcomes.REJECTED).output(p.rejected("generation", e.getMessage(), e.rawOutput()));
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
