package io.personaforge.generator.llm;

import java.util.regex.Pattern;

/** Removes secrets from text bound for messages and logs. */
final class Redaction {
  /** Key-shaped tokens servers echo back (OpenAI's 401 quotes part of the key). */
  private static final Pattern KEY_LIKE =
      Pattern.compile("(sk|pk|rk|key|api)[-_][A-Za-z0-9*_\\-]{6,}", Pattern.CASE_INSENSITIVE);

  private Redaction() {}

  static String redact(String text, String secret) {
    if (text == null) {
      return null;
    }
    String s = text;
    if (secret != null && secret.length() >= 4) {
      s = s.replace(secret, "[redacted]");
    }
    return KEY_LIKE.matcher(s).replaceAll("[redacted]");
  }
}
