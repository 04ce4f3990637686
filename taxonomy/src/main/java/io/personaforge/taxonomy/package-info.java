/**
 * Taxonomies: attributes with their domains, conditionals, exclusions, phrasing and name tables;
 * the loader of built-in and user YAML taxonomies, and the printer behind {@code personaforge
 * taxonomy show}.
 */
package io.personaforge.taxonomy;
