/**
 * Parquet output written exactly once per row whatever the runner re-runs ({@link
 * io.personaforge.pipelines.io.WriteParquetFiles}), the Avro rows of the tables, and reading
 * Parquet through Beam's file systems.
 */
package io.personaforge.pipelines.io;
