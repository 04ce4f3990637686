/**
 * The pipeline side of dedup: blocking (lexical and semantic) as sketches with block keys, blocks
 * resolved in parallel shards, embeddings shared across rounds, and the sketches' coders.
 */
package io.personaforge.pipelines.dedup;
