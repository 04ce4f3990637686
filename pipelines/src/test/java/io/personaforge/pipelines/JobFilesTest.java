package io.personaforge.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staging the job's jars once per run in the folder a remote cluster's nodes read. */
class JobFilesTest {
  @TempDir Path tmp;

  @Test
  void stagesEachJarOnceInClassPathOrderAndReplacesAnotherBuild() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("lib")).resolve("x.jar");
    Path b = Files.createDirectories(tmp.resolve("other")).resolve("x.jar"); // same name
    Files.write(a, new byte[] {1, 2, 3});
    Files.write(b, new byte[] {4, 5});
    Path dir = tmp.resolve("out/.personaforge/jars");
    List<String> jars = List.of(a.toString(), b.toString());

    List<URL> first = JobFiles.stage(jars, dir);
    assertEquals(2, first.size());
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(Path.of(first.get(0).toURI())));
    assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(Path.of(first.get(1).toURI())));
    Object copyOfA = key(first.get(0));
    Object copyOfB = key(first.get(1));

    // The next round: nothing copied again (the same files, not new copies).
    List<URL> again = JobFiles.stage(jars, dir);
    assertEquals(first, again);
    assertEquals(copyOfA, key(again.get(0)));
    assertEquals(copyOfB, key(again.get(1)));

    // Another build of one jar (same size, a new time): that one is copied again.
    Files.write(a, new byte[] {7, 8, 9});
    Files.setLastModifiedTime(
        a, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() + 5000));
    List<URL> rebuilt = JobFiles.stage(jars, dir);
    assertArrayEquals(new byte[] {7, 8, 9}, Files.readAllBytes(Path.of(rebuilt.get(0).toURI())));
    assertNotEquals(copyOfA, key(rebuilt.get(0)));
    assertEquals(copyOfB, key(rebuilt.get(1)));
  }

  private static Object key(URL url) throws Exception {
    return Files.readAttributes(Path.of(url.toURI()), BasicFileAttributes.class).fileKey();
  }
}
