package dev.explain4j.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** A directory of classes packed into a temporary jar once per JVM, so Spark can ship it. */
final class ClassesJar {
  private static final Map<Path, Path> PACKED = new ConcurrentHashMap<>();

  private ClassesJar() {}

  static Path of(Path classes) {
    return PACKED.computeIfAbsent(classes.toAbsolutePath().normalize(), ClassesJar::pack);
  }

  private static Path pack(Path dir) {
    try {
      Path jar = Files.createTempFile("explain4j-classes-", ".jar");
      jar.toFile().deleteOnExit();
      List<Path> files;
      try (Stream<Path> s = Files.walk(dir)) {
        files = s.filter(Files::isRegularFile).sorted().toList();
      }
      try (OutputStream os = Files.newOutputStream(jar);
          JarOutputStream out = new JarOutputStream(os)) {
        for (Path f : files) {
          out.putNextEntry(
              new JarEntry(dir.relativize(f).toString().replace(java.io.File.separatorChar, '/')));
          Files.copy(f, out);
          out.closeEntry();
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pack " + dir + " into a jar", e);
    }
  }
}
