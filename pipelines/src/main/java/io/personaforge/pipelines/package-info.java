/**
 * The Beam pipeline of one round, as composite transforms named as verbs ({@link
 * io.personaforge.pipelines.ReadSketches} of earlier rounds into {@link
 * io.personaforge.pipelines.GeneratePersonas}: {@link io.personaforge.pipelines.SamplePersonas},
 * {@link io.personaforge.pipelines.WriteAndCheckNarratives}, {@link
 * io.personaforge.pipelines.SettlePersonas}, {@link io.personaforge.pipelines.WriteCorpus}), the
 * records that travel between them with their coders, what a worker needs to know about the run
 * ({@link io.personaforge.pipelines.RunSpec}) and how the runner is set up ({@link
 * io.personaforge.pipelines.Execution}). docs/architecture.md explains the runner traps that shaped
 * it.
 */
package io.personaforge.pipelines;
