/**
 * LLM writers through langchain4j: {@link io.personaforge.generator.llm.ChatWriter} (the chat
 * request, structured JSON output and its parsing, HTTP status handling, redaction of secrets from
 * messages) and the chat providers that build its model ({@code openai}, {@code ollama}; a new one
 * extends {@link io.personaforge.generator.llm.ChatProvider}).
 */
package io.personaforge.generator.llm;
