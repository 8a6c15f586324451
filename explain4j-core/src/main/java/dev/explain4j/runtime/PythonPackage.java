package dev.explain4j.runtime;

import dev.explain4j.Explain4jException;
import dev.explain4j.Explain4jVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Python half of explain4j, carried inside the {@code explain4j-core} jar: the {@code
 * explain4j} Python package and the runtime lock ({@code requirements-runtime.lock}).
 *
 * <p>At first use the package is copied to {@code <explain4j home>/python/<version>-<hash>/}, keyed
 * by the jar's version and the package's content hash (written to a temporary directory, then
 * renamed), and put first on Python's path, so the Python code always matches the jar. When Python
 * starts, the version of the {@code explain4j} package it imports must equal {@link
 * #pythonVersion()}, or the start is refused naming both versions.
 *
 * <p>One rule maps the versions: Maven {@code X.Y.Z-SNAPSHOT} is Python {@code X.Y.Z.dev0}; a
 * release {@code X.Y.Z} is {@code X.Y.Z} on both sides ({@link #pythonVersionOf}).
 */
public final class PythonPackage {
  static final String RESOURCE_ROOT = "/dev/explain4j/python";
  static final String LOCK_NAME = "requirements-runtime.lock";
  private static final Map<Path, Path> EXTRACTED = new HashMap<>();

  private PythonPackage() {}

  /** The version of this jar ({@code explain4j-core}), for example {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    return Explain4jVersion.maven();
  }

  /** The Python package version this jar needs: {@link #pythonVersionOf} its {@link #version}. */
  public static String pythonVersion() {
    return pythonVersionOf(version());
  }

  /**
   * The Python (PEP 440) version matching a Maven version: {@code -SNAPSHOT} becomes {@code .dev0},
   * anything else is unchanged.
   */
  public static String pythonVersionOf(String mavenVersion) {
    return Explain4jVersion.pythonOf(mavenVersion);
  }

  /** True when one of the ':'-separated {@code entries} holds an {@code explain4j} package. */
  static boolean providedBy(String entries) {
    for (String e : entries.split(":")) {
      if (!e.isBlank() && Files.isRegularFile(Path.of(e, "explain4j", "__init__.py"))) {
        return true;
      }
    }
    return false;
  }

  /** The org.ninia:jep version this jar was built against. */
  static String jepVersion() {
    return Explain4jVersion.jep();
  }

  /**
   * Copies the package and the runtime lock out of the jar under {@code home}, once per version and
   * content; returns the directory that holds {@code explain4j/} and the lock.
   *
   * @throws Explain4jException naming the directory when it cannot be written
   */
  static synchronized Path extract(Path home) {
    Path done = EXTRACTED.get(home);
    if (done != null && Files.isDirectory(done)) {
      return done;
    }
    Path dir = extractOnce(home);
    EXTRACTED.put(home, dir);
    return dir;
  }

  private static Path extractOnce(Path home) {
    return withResources(
        root -> {
          List<Path> files = list(root);
          String hash = contentHash(root, files);
          Path parent = home.resolve("python");
          Path target = parent.resolve(pythonVersion() + "-" + hash);
          if (Files.isDirectory(target)) {
            return target;
          }
          Path tmp = null;
          try {
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, ".extract-");
            for (Path f : files) {
              Path out = tmp.resolve(root.relativize(f).toString());
              Files.createDirectories(out.getParent());
              Files.copy(f, out);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
          } catch (FileAlreadyExistsException e) {
            // another JVM extracted the same content first: use it
          } catch (IOException e) {
            if (!Files.isDirectory(target)) {
              throw new Explain4jException(
                  Provisioner.notWritable(parent, e) + " (copying explain4j's Python package)", e);
            }
          } finally {
            if (tmp != null) {
              Provisioner.deleteTree(tmp);
            }
          }
          return target;
        });
  }

  /** SHA-256 of the runtime lock shipped in this jar (hex). */
  static String lockHash() {
    try (InputStream in =
        PythonPackage.class.getResourceAsStream(RESOURCE_ROOT + "/" + LOCK_NAME)) {
      if (in == null) {
        throw new Explain4jException("this explain4j-core jar carries no " + LOCK_NAME);
      }
      return HexFormat.of().formatHex(sha256().digest(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface ResourceTask<T> {
    T run(Path root) throws IOException;
  }

  /** Runs {@code task} on the resource root, whether the classes are a jar or a directory. */
  private static <T> T withResources(ResourceTask<T> task) {
    URL url = PythonPackage.class.getResource(RESOURCE_ROOT + "/explain4j/__init__.py");
    if (url == null) {
      throw new Explain4jException("this explain4j-core jar carries no Python package");
    }
    try {
      URI uri = url.toURI();
      if ("file".equals(uri.getScheme())) {
        return task.run(Path.of(uri).getParent().getParent());
      }
      if ("jar".equals(uri.getScheme())) {
        String spec = uri.getSchemeSpecificPart();
        Path jar = Path.of(new URI(spec.substring(0, spec.indexOf("!/"))));
        try (FileSystem fs = FileSystems.newFileSystem(jar, (ClassLoader) null)) {
          return task.run(fs.getPath(RESOURCE_ROOT));
        }
      }
      throw new Explain4jException(
          "cannot read explain4j's Python package from " + url + " (a plain jar is needed)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new Explain4jException("cannot read explain4j's Python package from " + url, e);
    }
  }

  private static List<Path> list(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.toString().contains("__pycache__"))
          .sorted()
          .toList();
    }
  }

  private static String contentHash(Path root, List<Path> files) throws IOException {
    MessageDigest md = sha256();
    for (Path f : files) {
      md.update(root.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(Files.readAllBytes(f));
      md.update((byte) 0);
    }
    return HexFormat.of().formatHex(md.digest()).substring(0, 12);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
