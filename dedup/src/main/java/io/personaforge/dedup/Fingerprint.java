package io.personaforge.dedup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Exact-duplicate keys: a hash of the normalised text. */
public final class Fingerprint {
  private Fingerprint() {}

  /** 128 bits of SHA-256 over the normalised text, hex; equal for texts equal after normalising. */
  public static String exact(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] d = md.digest(TextNormalizer.normalize(text).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
