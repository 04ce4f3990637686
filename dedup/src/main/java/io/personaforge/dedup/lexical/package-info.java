/**
 * Exact and near-duplicate text detection: shingles, MinHash band keys (LSH blocking), the corpus's
 * common shingles left out of signatures, and Jaccard verification of a block's candidates.
 */
package io.personaforge.dedup.lexical;
