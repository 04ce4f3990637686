package io.personaforge.pipelines;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The files a remote cluster needs to run our job: every jar on this process's class path,
 * including the jars a jar's manifest names ({@code java -jar personaforge.jar} puts only that jar
 * on {@code java.class.path}; its {@code lib/} folder comes through the manifest's Class-Path).
 * Flink's own jars travel too (a cluster loads {@code org.apache.flink} classes from its own class
 * path first, so they are only a fallback for any the cluster lacks).
 *
 * <p>They are staged once per run into a folder every node of the cluster reads ({@link #stage}),
 * and each round's job names them as class path URLs rather than carrying them: uploading ~400 MB
 * to the JobManager, which hands them to every TaskManager, took ~20 s of every round.
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

  /**
   * Copies {@code jars} (the {@link #classpath()}) into {@code dir} (a folder every node of the
   * cluster reads under the same path) and returns their URLs there, in the same order. A jar
   * already there with the same size and modification time is kept, so every round after the first
   * (and a resumed run) copies nothing; a jar of another build is replaced.
   */
  static List<URL> stage(List<String> jars, Path dir) {
    List<URL> urls = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      int i = 0;
      for (String jar : jars) {
        Path from = Path.of(jar);
        // Numbered: two folders may hold jars of one name (lib/x.jar and a test's x.jar).
        Path to = dir.resolve(String.format("%03d-%s", i++, from.getFileName()));
        if (!same(from, to)) {
          Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
          Files.copy(
              from, tmp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
          Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        urls.add(to.toUri().toURL());
      }
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage the job's jars in " + dir, e);
    }
    return urls;
  }

  private static boolean same(Path a, Path b) throws IOException {
    if (!Files.isRegularFile(b)) {
      return false;
    }
    BasicFileAttributes x = Files.readAttributes(a, BasicFileAttributes.class);
    BasicFileAttributes y = Files.readAttributes(b, BasicFileAttributes.class);
    // Whole seconds: a copy keeps the time only to the precision the target file system stores.
    return x.size() == y.size()
        && x.lastModifiedTime().to(TimeUnit.SECONDS) == y.lastModifiedTime().to(TimeUnit.SECONDS);
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
