package dev.explain4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.explain4j.model.ModelOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One device per executor: the model goes on the GPU Spark assigned to the task, and the discovery
 * script reports the node's GPUs as Spark reads them. No GPU is needed: Spark's assignment is
 * given, and nvidia-smi is a stand-in.
 */
class GpuSchedulingTest {
  private static final Map<String, ResourceInformation> GPU_3 =
      Map.of("gpu", new ResourceInformation("gpu", new String[] {"3"}));

  private static String device(String requested, Map<String, ResourceInformation> resources) {
    return ExecutorModel.onGpu(ModelOptions.builder().optDevice(requested).build(), resources)
        .device();
  }

  @Test
  void theAssignedGpuWinsForAutoAndCudaOnly() {
    assertEquals("cuda:3", device("auto", GPU_3));
    assertEquals("cuda:3", device("cuda", GPU_3));
    assertEquals("cpu", device("cpu", GPU_3));
    assertEquals("cuda:1", device("cuda:1", GPU_3));
    assertEquals("auto", device("auto", Map.of()));
  }

  @Test
  void discoveryScriptListsNvidiaSmiIndices(@TempDir Path dir) throws Exception {
    Path smi = dir.resolve("nvidia-smi");
    Files.writeString(smi, "#!/bin/sh\nprintf '0\\n1\\n'\n");
    smi.toFile().setExecutable(true);
    Path script = Path.of("explain4j-spark/src/main/scripts/gpu-discovery.sh").toAbsolutePath();
    ProcessBuilder pb = new ProcessBuilder(List.of(script.toString())).redirectErrorStream(true);
    pb.environment().put("PATH", dir + ":" + System.getenv("PATH"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertEquals(0, p.waitFor(), out);
    var json = ResultsCompare.JSON.readTree(out);
    assertEquals("gpu", json.get("name").asText());
    assertEquals(
        List.of("0", "1"),
        List.of(json.get("addresses").get(0).asText(), json.get("addresses").get(1).asText()));
  }
}
