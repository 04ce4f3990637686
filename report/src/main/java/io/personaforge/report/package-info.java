/**
 * What a finished corpus says about itself: corpus metrics read from its Parquet tables ({@link
 * io.personaforge.report.CorpusMetrics}), summary.json ({@link io.personaforge.report.Summary}),
 * the HTML report with its charts ({@link io.personaforge.report.ReportPage}) and the text summary
 * the command prints. No Beam.
 */
package io.personaforge.report;
