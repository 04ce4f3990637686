/**
 * A run's whole configuration as records with every default filled in; serializable, so that it
 * travels to workers inside {@link io.personaforge.pipelines.RunSpec}.
 */
package io.personaforge.pipelines.config;
