/**
 * The run driver: loads and checks a run.yaml ({@link io.personaforge.app.RunConfigLoader}), claims
 * the output folder ({@link io.personaforge.app.RunDirectory}), runs the rounds of the Beam
 * pipeline until every quota cell is full ({@link io.personaforge.app.RoundLoop}), and writes the
 * summary and report ({@link io.personaforge.app.RunSummary}); {@link
 * io.personaforge.app.PersonaRun} ties them together. No Beam transform lives here: they are in
 * {@code io.personaforge.pipelines}.
 */
package io.personaforge.app;
