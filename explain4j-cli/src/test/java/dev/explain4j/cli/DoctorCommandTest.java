package dev.explain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("python")
class DoctorCommandTest {
  @Test
  void printsVersionsAndExitsZeroOnASetUpMachine() {
    CliRun r = CliRun.run("doctor");
    assertEquals(0, r.exitCode(), r.err());
    for (String name : new String[] {"java", "python", "jep", "torch", "transformers", "pyarrow"}) {
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith(name)), name + " in\n" + r.out());
    }
    assertTrue(r.out().contains("4.3.1 (native), 4.3.1 (java)"), r.out());
    assertTrue(r.out().matches("(?s).*device\\s+(cpu|cuda).*"), r.out());
  }
}
