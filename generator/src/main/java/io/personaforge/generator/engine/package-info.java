/**
 * The engine's parts, each with one job and its own test: the slots every attempt waits for and is
 * measured in ({@link io.personaforge.generator.engine.CallSlots}, over the adaptive in-flight
 * limiter and the requests-per-minute budget), the retry policy (back-off, jitter, Retry-After),
 * the calls in flight that a second asker of the same prompt shares, the failure window that tells
 * a broken endpoint from a busy one, the response journal that makes a run resumable, and the
 * activity record behind the utilisation figures.
 */
package io.personaforge.generator.engine;
