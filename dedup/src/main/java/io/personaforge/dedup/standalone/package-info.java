/**
 * The standalone {@code personaforge dedup} command's engine: reads a CSV, JSONL or Parquet corpus,
 * deduplicates it in memory and writes the kept rows and the duplicates.
 */
package io.personaforge.dedup.standalone;
