/**
 * The engine's parts: the adaptive in-flight limiter, the requests-per-minute budget, the failure
 * window that tells a broken endpoint from a busy one, the response journal that makes a run
 * resumable, and the activity record behind the utilisation figures.
 */
package io.personaforge.generator.engine;
