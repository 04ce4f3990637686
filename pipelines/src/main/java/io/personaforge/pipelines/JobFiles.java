package io.personaforge.pipelines;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/** The files a remote cluster needs to run our job: every jar on this process's class path. */
final class JobFiles {
  private JobFiles() {}

  static List<String> classpath() {
    List<String> out = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.endsWith(".jar") && new File(entry).isFile()) {
        out.add(entry);
      }
    }
    return out;
  }
}
