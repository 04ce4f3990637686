/** Prompt templates: loading, placeholders and rendering for drafts and revisions. */
package io.personaforge.generator.prompt;
