package dev.explain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.render.HostileText;
import dev.explain4j.render.TokenText;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** CLI lines that echo user input or model text show hostile characters, never send them. */
class TerminalMessagesTest {
  @Test
  void errorLinesEchoingAnOptionAreInert() {
    for (String s : HostileText.STRINGS) {
      CliRun r = CliRun.run("attention", "-i", "x", "--format", "html" + s);
      assertEquals(2, r.exitCode(), r.err());
      assertTrue(r.err().contains("needs --out FILE"), r.err());
      HostileText.assertInert(r.err(), "error line for " + HostileText.STRINGS.indexOf(s));
      assertTrue(r.err().contains(TokenText.visible(ErrorLines.oneLine(s))), r.err());
    }
  }

  @Test
  void usageErrorsEchoingAnArgumentAreInert() {
    for (String s : HostileText.STRINGS) {
      CliRun option = CliRun.run("attention", "--bogus" + s);
      assertEquals(2, option.exitCode(), option.err());
      HostileText.assertInert(option.err(), "unknown option " + HostileText.STRINGS.indexOf(s));
      assertTrue(
          option.err().contains("--bogus" + TokenText.visible(ErrorLines.oneLine(s))),
          option.err());
      CliRun number = CliRun.run("attention", "--layers", s);
      assertEquals(2, number.exitCode(), number.err());
      HostileText.assertInert(number.err(), "bad number " + HostileText.STRINGS.indexOf(s));
    }
  }

  @Test
  void progressMessagesAreInert() {
    StringWriter w = new StringWriter();
    Progress p = new Progress(new PrintWriter(w), false, "records", 1);
    p.message("record 0 (id " + HostileText.title() + "): " + String.join("", HostileText.STRINGS));
    HostileText.assertInertAndShown(w.toString(), "progress message");
    assertEquals(1, w.toString().split("\n", -1).length - 1, "one line");
  }
}
