package io.personaforge.pipelines;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * A serializable value shipped to workers as one opaque byte array and rebuilt once per {@code
 * DoFn} instance. Beam's Direct runner re-serializes a {@code DoFn} for every bundle it starts; a
 * {@code DoFn} holding a taxonomy of hundreds of attributes as objects pays for their class
 * descriptors every time, one holding a byte array pays for a copy.
 */
public final class Shipped<T extends Serializable> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final byte[] bytes;
  private transient T value;

  private Shipped(byte[] bytes, T value) {
    this.bytes = bytes;
    this.value = value;
  }

  public static <T extends Serializable> Shipped<T> of(T value) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(buf)) {
      out.writeObject(value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize " + value.getClass().getName(), e);
    }
    return new Shipped<>(buf.toByteArray(), value);
  }

  /** The value, deserialized on first use in this JVM object. */
  @SuppressWarnings("unchecked")
  public synchronized T get() {
    if (value == null) {
      try (ObjectInputStream in =
          new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc)
                throws IOException, ClassNotFoundException {
              // Workers may load our classes through a different loader than the JDK's default.
              return Class.forName(
                  desc.getName(), false, Thread.currentThread().getContextClassLoader());
            }
          }) {
        value = (T) in.readObject();
      } catch (IOException | ClassNotFoundException e) {
        throw new IllegalStateException("cannot rebuild shipped value", e);
      }
    }
    return value;
  }
}
