package io.personaforge.generator;

import java.io.Serializable;

/**
 * Who wrote a narrative, recorded on every persona.
 *
 * @param provider {@code offline}, {@code openai}, {@code ollama}, ...
 * @param model the model name ({@code offline-templates-v1} for the offline writer)
 * @param promptVersion version of the prompt template used
 */
public record WriterInfo(String provider, String model, String promptVersion)
    implements Serializable {}
