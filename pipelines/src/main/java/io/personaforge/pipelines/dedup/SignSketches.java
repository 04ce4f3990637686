package io.personaforge.pipelines.dedup;

import io.personaforge.dedup.lexical.CommonShingles;
import io.personaforge.dedup.lexical.LexicalSketch;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Gives shingled sketches their MinHash band keys, leaving out the shingles common in this corpus
 * ({@link CommonShingles}): the shingles of an id-hash sample of the sketches are counted by a
 * combiner (any bundling gives the same counts), and the common set reaches every worker as a side
 * input. Earlier rounds' sketches are signed with the same set, so their band keys match.
 */
public final class SignSketches
    extends PTransform<
        PCollection<KV<Boolean, LexicalSketch>>, PCollection<KV<Boolean, LexicalSketch>>> {
  private final LexicalBlocking lexical;
  private final long expectedDocs;

  /**
   * @param lexical the lexical method
   * @param expectedDocs about how many sketches come in (sets the sample rate, so it must be the
   *     same number on every runner; it need not be exact)
   */
  public SignSketches(LexicalBlocking lexical, long expectedDocs) {
    this.lexical = lexical;
    this.expectedDocs = expectedDocs;
  }

  @Override
  public PCollection<KV<Boolean, LexicalSketch>> expand(
      PCollection<KV<Boolean, LexicalSketch>> shingled) {
    double rate = CommonShingles.sampleRate(expectedDocs);
    PCollectionView<CommonShingles> common =
        shingled
            .apply("SampleShingles", ParDo.of(new SampleFn(rate)))
            .setCoder(LexicalSketchCoder.of())
            .apply("CountCommonShingles", Combine.globally(new CountFn(lexical.commonShare())))
            .setCoder(SerializableCoder.of(CommonShingles.class))
            .apply("AsCommonShingles", View.asSingleton());
    return shingled
        .apply("SignSketches", ParDo.of(new SignFn(lexical, common)).withSideInputs(common))
        .setCoder(KvCoder.of(BooleanCoder.of(), LexicalSketchCoder.of()));
  }

  static final class SampleFn extends DoFn<KV<Boolean, LexicalSketch>, LexicalSketch> {
    private final double rate;

    SampleFn(double rate) {
      this.rate = rate;
    }

    @ProcessElement
    public void process(@Element KV<Boolean, LexicalSketch> s, OutputReceiver<LexicalSketch> out) {
      if (CommonShingles.sampled(s.getValue().ref(), rate)) {
        out.output(s.getValue());
      }
    }
  }

  static final class CountFn
      extends Combine.CombineFn<LexicalSketch, CommonShingles.Counter, CommonShingles> {
    private final double share;

    CountFn(double share) {
      this.share = share;
    }

    @Override
    public CommonShingles.Counter createAccumulator() {
      return new CommonShingles.Counter();
    }

    @Override
    public CommonShingles.Counter addInput(CommonShingles.Counter acc, LexicalSketch s) {
      return acc.add(s.shingles());
    }

    @Override
    public CommonShingles.Counter mergeAccumulators(Iterable<CommonShingles.Counter> accs) {
      CommonShingles.Counter merged = new CommonShingles.Counter();
      for (CommonShingles.Counter a : accs) {
        merged.merge(a);
      }
      return merged;
    }

    @Override
    public CommonShingles extractOutput(CommonShingles.Counter acc) {
      return acc.build(share);
    }
  }

  static final class SignFn extends DoFn<KV<Boolean, LexicalSketch>, KV<Boolean, LexicalSketch>> {
    private final LexicalBlocking lexical;
    private final PCollectionView<CommonShingles> common;

    SignFn(LexicalBlocking lexical, PCollectionView<CommonShingles> common) {
      this.lexical = lexical;
      this.common = common;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      KV<Boolean, LexicalSketch> s = c.element();
      c.output(KV.of(s.getKey(), lexical.signed(s.getValue(), c.sideInput(common))));
    }
  }
}
