/**
 * Quotas and sampling: quota shares planned into exact cell targets ({@link
 * io.personaforge.sampler.QuotaPlanner}), attribute sets drawn conditionally within a cell ({@link
 * io.personaforge.sampler.PersonaSampler}), and the seeds and ids that make every draw depend on
 * (run seed, round, ordinal) alone ({@link io.personaforge.sampler.Seeds}).
 */
package io.personaforge.sampler;
