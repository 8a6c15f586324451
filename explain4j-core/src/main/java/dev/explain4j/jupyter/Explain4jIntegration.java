package dev.explain4j.jupyter;

import dev.explain4j.render.NotebookHtml;
import java.util.Map;
import kotlin.jvm.JvmClassMappingKt;
import org.jetbrains.kotlinx.jupyter.api.FieldValue;
import org.jetbrains.kotlinx.jupyter.api.ResultHandlerExecution;
import org.jetbrains.kotlinx.jupyter.api.ResultsKt;
import org.jetbrains.kotlinx.jupyter.api.SubtypeRendererTypeHandler;
import org.jetbrains.kotlinx.jupyter.api.libraries.ExecutionHost;
import org.jetbrains.kotlinx.jupyter.api.libraries.JupyterIntegration;

/**
 * Loaded by the Kotlin Jupyter kernel with explain4j-core: checks that the kernel's JVM has the
 * flags explain4j needs (a one-line error naming the missing ones, instead of a failure deep in
 * Arrow or Jep later), then renders every type of {@link NotebookHtml#types()} as its HTML when it
 * is a cell's value.
 *
 * <p>Written in Java against the kernel's non-inline API, with the few members that every kernel
 * since API 0.11 has, so explain4j needs no Kotlin compiler and no particular kernel version.
 */
public final class Explain4jIntegration extends JupyterIntegration {
  /** Called by the kernel through the jar's {@code libraries.json}. */
  public Explain4jIntegration() {}

  @Override
  public void onLoaded(Builder builder) {
    String problem = JvmFlags.problem();
    if (problem != null) {
      // Every later cell fails with the one line (the kernel only logs a library's own errors).
      String statement = JvmFlags.throwing(problem);
      builder.preprocessCode((host, code) -> statement);
      return;
    }
    for (Class<?> type : NotebookHtml.types()) {
      builder.addRenderer(
          new SubtypeRendererTypeHandler(JvmClassMappingKt.getKotlinClass(type), Html.INSTANCE));
    }
  }

  /** Replaces a value by its HTML display. */
  private enum Html implements ResultHandlerExecution {
    INSTANCE;

    @Override
    public FieldValue execute(ExecutionHost host, FieldValue result) {
      Object value = result.getValue();
      String html =
          NotebookHtml.of(value)
              .orElseThrow(() -> new IllegalStateException("no HTML view for " + value));
      return new FieldValue(ResultsKt.HTML(html, false), null);
    }

    @Override
    public ResultHandlerExecution replaceVariables(Map<String, String> mapping) {
      return this;
    }
  }
}
