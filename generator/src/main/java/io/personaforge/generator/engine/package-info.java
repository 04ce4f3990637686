/**
 * The engine's parts, each with one job and its own test, composed by {@link
 * io.personaforge.generator.GenerationEngine} around any writer's model calls. Two wrappers carry
 * every call: {@link io.personaforge.generator.engine.JournaledCalls} answers from the {@link
 * io.personaforge.generator.engine.ResponseJournal} (which makes a run resumable) and shares a call
 * in flight with a second asker of the same prompt ({@link
 * io.personaforge.generator.engine.SharedCalls}), around {@link
 * io.personaforge.generator.engine.RetryingCalls}, which makes the calls on its worker threads:
 * each attempt waits for its slot ({@link io.personaforge.generator.engine.CallSlots}, over the
 * adaptive in-flight limiter and the requests-per-minute budget), failures are retried by the
 * {@link io.personaforge.generator.engine.RetryPolicy} (back-off, jitter, Retry-After), and the run
 * stops on a fatal failure or when the {@link io.personaforge.generator.engine.FailureWindow} tells
 * a broken endpoint from a busy one. Beside them: the {@link
 * io.personaforge.generator.engine.HeadStart} that asks a round's first drafts before its pipeline
 * runs, the {@link io.personaforge.generator.engine.Activity} record behind the utilisation
 * figures, and the {@link io.personaforge.generator.engine.Drained} totals the pipeline's counters
 * are published from. None of them knows a provider.
 */
package io.personaforge.generator.engine;
