package io.personaforge.pipelines;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The files a remote cluster needs to run our job: every jar on this process's class path,
 * including the jars a jar's manifest names ({@code java -jar personaforge.jar} puts only that jar
 * on {@code java.class.path}; its {@code lib/} folder comes through the manifest's Class-Path).
 * Flink's own jars travel too (a cluster loads {@code org.apache.flink} classes from its own class
 * path first, so they are only a fallback for any the cluster lacks).
 */
final class JobFiles {
  private JobFiles() {}

  static List<String> classpath() {
    Set<String> out = new LinkedHashSet<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      File f = new File(entry);
      if (f.isDirectory()) {
        throw new RunFailedException(
            "a Flink cluster runs jars, but this process loads classes from the folder "
                + f
                + "; run the packaged command (./personaforge) to submit to --flink-master",
            null);
      }
      add(f, out);
    }
    return new ArrayList<>(out);
  }

  private static void add(File jar, Set<String> out) {
    if (!jar.getName().endsWith(".jar") || !jar.isFile()) {
      return;
    }
    if (!out.add(jar.getAbsolutePath())) {
      return;
    }
    try (JarFile j = new JarFile(jar)) {
      Manifest m = j.getManifest();
      String path = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      if (path != null) {
        for (String rel : path.trim().split("\\s+")) {
          add(new File(jar.getParentFile(), rel), out);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the jar " + jar, e);
    }
  }
}
