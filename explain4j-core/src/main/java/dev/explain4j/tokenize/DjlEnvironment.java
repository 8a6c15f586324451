package dev.explain4j.tokenize;

import dev.explain4j.Explain4jHome;
import java.nio.file.Path;

/**
 * Settings DJL reads when its tokenizers library first loads, made safe for explain4j before that
 * happens. Each is set as a system property only when neither the environment variable nor the
 * property is already set, so a caller's own choice always wins:
 *
 * <ul>
 *   <li>{@code DJL_CACHE_DIR}: {@code <explain4j home>/djl}, where DJL extracts its native library
 *       (DJL's own default is {@code ~/.djl.ai});
 *   <li>{@code RUST_FLAVOR=cpu}: use the CPU library bundled in the jar; on a CUDA host DJL would
 *       otherwise try to download a CUDA build;
 *   <li>{@code ai.djl.offline=true} (or the {@code DJL_OFFLINE} variable): never download;
 *   <li>{@code OPT_OUT_TRACKING=true}: no telemetry probe when a tokenizer is created.
 * </ul>
 *
 * <p>Because they are JVM-wide, setting them here also affects other DJL users in the same JVM that
 * have not chosen otherwise.
 */
final class DjlEnvironment {
  private static boolean configured;

  private DjlEnvironment() {}

  /** Applies the settings once; call before the first use of any DJL tokenizer class. */
  static synchronized void configure() {
    if (configured) {
      return;
    }
    setIfUnset("DJL_CACHE_DIR", "DJL_CACHE_DIR", Explain4jHome.dir().resolve("djl").toString());
    setIfUnset("RUST_FLAVOR", "RUST_FLAVOR", "cpu");
    setIfUnset("DJL_OFFLINE", "ai.djl.offline", "true");
    setIfUnset("OPT_OUT_TRACKING", "OPT_OUT_TRACKING", "true");
    configured = true;
  }

  /** Where DJL keeps its native library in this JVM. */
  static Path cacheDir() {
    String env = System.getenv("DJL_CACHE_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String prop = System.getProperty("DJL_CACHE_DIR");
    return prop != null && !prop.isBlank()
        ? Path.of(prop)
        : Path.of(System.getProperty("user.home"), ".djl.ai");
  }

  private static void setIfUnset(String variable, String property, String value) {
    String env = System.getenv(variable);
    String prop = System.getProperty(property);
    if ((env == null || env.isBlank()) && (prop == null || prop.isBlank())) {
      System.setProperty(property, value);
    }
  }
}
