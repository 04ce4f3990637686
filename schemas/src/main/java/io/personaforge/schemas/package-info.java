/**
 * The formats every module shares: the output tables' Avro schemas and how they are stored in
 * Parquet, and the two 64-bit mixers seeds and hashes are built on.
 */
package io.personaforge.schemas;
