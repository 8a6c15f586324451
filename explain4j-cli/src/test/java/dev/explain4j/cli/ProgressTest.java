package dev.explain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void drawsInPlaceOnlyWhenEnabled() {
    StringWriter tty = new StringWriter();
    Progress on = new Progress(new PrintWriter(tty), true, "records", 4);
    for (int i = 0; i < 4; i++) {
      on.step(1);
    }
    on.finish();
    String s = tty.toString();
    assertTrue(s.startsWith("\rrecords ["), s);
    assertTrue(s.contains("4/4"), s);
    assertEquals(1, s.chars().filter(c -> c == '\n').count(), "one line, ended once");

    StringWriter pipe = new StringWriter();
    Progress off = new Progress(new PrintWriter(pipe), false, "records", 4);
    off.step(4);
    off.finish();
    assertEquals("", pipe.toString());
  }

  @Test
  void barTextFillsInProportionAndEstimatesTheRest() {
    Progress p = new Progress(new PrintWriter(new StringWriter()), true, "records", 10);
    String half = p.line(5, 10, 2.0);
    assertEquals("records [" + "#".repeat(15) + " ".repeat(15) + "] 5/10 2.0s eta 2.0s", half);
    assertEquals("records [" + "#".repeat(30) + "] 10/10 4.0s", p.line(10, 10, 4.0));
    assertEquals("records [" + " ".repeat(30) + "] 0/10 0.0s", p.line(0, 10, 0.0));
  }
}
