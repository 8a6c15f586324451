package dev.explain4j.runtime;

import dev.explain4j.Explain4jException;
import dev.explain4j.Explain4jHome;
import dev.explain4j.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import jep.JepConfig;
import jep.JepException;
import jep.MainInterpreter;
import jep.PyConfig;
import jep.SharedInterpreter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Jep interpreter behind a {@link PythonRuntime}. Used only on the interpreter thread. */
final class JepSession {
  /** System property: extra entries, separated by ':', put first on Python's sys.path. */
  static final String EXTRA_PATH_PROPERTY = "explain4j.pythonpath";

  private static final String INPUT_ERROR_TYPE = "explain4j.errors.InvalidInput";
  private static final Logger LOG = LoggerFactory.getLogger(JepSession.class);
  private static PythonEnvironment loadedEnvironment;

  private final PythonEnvironment env;
  private SharedInterpreter interp;

  JepSession(PythonEnvironment env) {
    this.env = env;
  }

  /** The org.ninia:jep version of the Java classes on the classpath. */
  static String javaJepVersion() {
    try (InputStream in =
        JepConfig.class.getResourceAsStream("/META-INF/maven/org.ninia/jep/pom.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  Void start() {
    String javaVersion = javaJepVersion();
    if (!javaVersion.equals(env.jepVersion())) {
      throw new Explain4jException(
          "Jep version mismatch: the Java jar on the classpath is org.ninia:jep "
              + javaVersion
              + " but the native library in "
              + env.venv()
              + " is jep "
              + env.jepVersion()
              + "; rebuild the environment with bin/setup or use matching versions");
    }
    initMainInterpreterOnce(env);
    interp = new SharedInterpreter();
    String extra = System.getProperty(EXTRA_PATH_PROPERTY, "");
    Path pkg = PythonPackage.providedBy(extra) ? null : extractedPackage();
    try {
      interp.set("_e4j_venv", env.venv().toString());
      interp.set("_e4j_site", env.sitePackages().toString());
      interp.set("_e4j_extra", extra);
      interp.set("_e4j_pkg", pkg == null ? "" : pkg.toString());
      interp.exec(
          String.join(
              "\n",
              "try:",
              "    import sys, site",
              "    sys.prefix = sys.exec_prefix = _e4j_venv",
              "    sys.executable = _e4j_venv + '/bin/python'",
              "    sys.argv = sys.argv or ['explain4j']",
              "    site.addsitedir(_e4j_site)",
              "    sys.path[:0] = [p for p in _e4j_extra.split(':') + [_e4j_pkg] if p]",
              "    import explain4j as _e4j_module",
              "    _e4j_found = [str(getattr(_e4j_module, '__version__', 'unknown')),",
              "                  str(getattr(_e4j_module, '__file__', None))]",
              "    del _e4j_module",
              "except Exception:",
              "    raise",
              "except BaseException as e:", // Jep would end the process on a SystemExit
              "    raise RuntimeError(f'{type(e).__name__}({e}) raised while starting') from None",
              "finally:",
              "    del _e4j_venv, _e4j_site, _e4j_extra, _e4j_pkg"));
      checkVersion((List<?>) interp.getValue("_e4j_found"));
      interp.exec(
          String.join(
              "\n",
              "from explain4j._jep import dispatch as _e4j_dispatch, release as _e4j_release",
              "from explain4j._jep import take_error as _e4j_take_error",
              "from explain4j._jep import release_all as _e4j_release_all",
              "del _e4j_found"));
    } catch (JepException e) {
      interp.close();
      interp = null;
      throw new Explain4jException(
          "Python started but explain4j's Python package could not be imported from "
              + (pkg != null ? pkg : extra)
              + ": "
              + e.getMessage()
              + "; run bin/setup",
          e);
    } catch (Explain4jException e) {
      interp.close();
      interp = null;
      throw e;
    }
    return null;
  }

  /**
   * The jar's Python package, copied into the cache; {@code null} when the cache cannot be written,
   * so that an environment with the same version installed still works (the version is checked).
   */
  static Path extractedPackage() {
    try {
      return PythonPackage.extract(Explain4jHome.dir());
    } catch (Explain4jException e) {
      LOG.warn(
          "{}; using the explain4j package installed in the environment, if any", e.getMessage());
      return null;
    }
  }

  /** Refuses a Python package whose version is not the one this jar needs, naming both. */
  private void checkVersion(List<?> found) {
    String version = String.valueOf(found.get(0));
    if (version.equals(PythonPackage.pythonVersion())) {
      return;
    }
    interp.exec(
        "import sys\n"
            + "for _k in [k for k in sys.modules if k == 'explain4j' or k.startswith('explain4j.')]:\n"
            + "    del sys.modules[_k]\n"
            + "del _e4j_found");
    throw new Explain4jException(
        "explain4j version mismatch: this jar is explain4j-core "
            + PythonPackage.version()
            + ", which needs the Python package explain4j "
            + PythonPackage.pythonVersion()
            + ", but Python imported explain4j "
            + version
            + " from "
            + found.get(1)
            + "; remove that package (or its entry in -D"
            + EXTRA_PATH_PROPERTY
            + ") or use matching versions");
  }

  private static void initMainInterpreterOnce(PythonEnvironment env) {
    synchronized (JepSession.class) {
      if (loadedEnvironment != null) {
        if (!loadedEnvironment.venv().equals(env.venv())) {
          throw new Explain4jException(
              "this JVM already loaded Python from "
                  + loadedEnvironment.venv()
                  + "; it cannot switch to "
                  + env.venv()
                  + " (start a new JVM)");
        }
        return;
      }
      MainInterpreter.setJepLibraryPath(env.jepLibrary().toString());
      MainInterpreter.setInitParams(
          new PyConfig()
              .setPythonHome(env.pythonHome().toString())
              .setNoSiteFlag(1)
              .setNoUserSiteDirectory(1)
              .setIgnoreEnvironmentFlag(1));
      SharedInterpreter.setConfig(new JepConfig().addIncludePaths(env.sitePackages().toString()));
      loadedEnvironment = env;
    }
  }

  Object dispatch(String function, List<Object> args, Map<String, Object> kwargs) {
    try {
      return interp.invoke("_e4j_dispatch", function, args, kwargs);
    } catch (JepException e) {
      throw translate(function, e);
    }
  }

  Void release(long handleId) {
    interp.invoke("_e4j_release", handleId);
    return null;
  }

  Void stop() {
    if (interp != null) {
      try {
        interp.invoke("_e4j_release_all");
      } finally {
        interp.close();
        interp = null;
      }
    }
    return null;
  }

  private RuntimeException translate(String function, JepException e) {
    Object err;
    try {
      err = interp.invoke("_e4j_take_error");
    } catch (JepException inner) {
      err = null;
    }
    if (!(err instanceof Map<?, ?> m)) {
      return new PythonException("JepException", String.valueOf(e.getMessage()), List.of(), "");
    }
    List<PythonException.Frame> frames = new ArrayList<>();
    if (m.get("frames") instanceof List<?> list) {
      for (Object o : list) {
        List<?> f = (List<?>) o;
        frames.add(
            new PythonException.Frame(
                String.valueOf(f.get(0)),
                ((Number) f.get(1)).intValue(),
                String.valueOf(f.get(2))));
      }
    }
    String type = String.valueOf(m.get("type"));
    PythonException pe =
        new PythonException(
            type, String.valueOf(m.get("message")), frames, String.valueOf(m.get("traceback")));
    if (INPUT_ERROR_TYPE.equals(type)) {
      return m.get("option") instanceof String option && m.get("template") instanceof String t
          ? new InvalidInputException(t, option, m.get("optionValue"), pe)
          : new InvalidInputException(pe.pythonMessage(), pe);
    }
    return pe;
  }
}
