/**
 * Paraphrase detection by embedding: the local MiniLM model or an OpenAI-compatible embeddings
 * endpoint, hyperplane buckets for blocking, cosine verification, and the embedding store that
 * keeps vectors across rounds.
 */
package io.personaforge.dedup.semantic;
