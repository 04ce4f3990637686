/**
 * LLM writers through langchain4j (OpenAI-compatible and Ollama): the chat request, structured JSON
 * output and its parsing, HTTP status handling, and redaction of secrets from messages.
 */
package io.personaforge.generator.llm;
