package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ColorMapTest {
  private static double lightness(ColorMap m, int step) {
    return Oklab.lightness(m.at(step / 255.0));
  }

  @Test
  void sequentialMapsChangeLightnessMonotonically() {
    ColorMap light = ColorMap.sequential(Theme.LIGHT);
    ColorMap dark = ColorMap.sequential(Theme.DARK);
    for (int i = 1; i < ColorMap.STEPS; i++) {
      assertTrue(lightness(light, i) < lightness(light, i - 1) + 0.002, "light map at step " + i);
      assertTrue(lightness(dark, i) > lightness(dark, i - 1) - 0.002, "dark map at step " + i);
    }
    assertTrue(lightness(light, 0) - lightness(light, 255) > 0.6, "light map spans lightness");
    assertTrue(lightness(dark, 255) - lightness(dark, 0) > 0.6, "dark map spans lightness");
    assertTrue(lightness(light, 0) > 0.95, "light map starts near the light background");
    assertTrue(lightness(dark, 0) < 0.3, "dark map starts near the dark background");
  }

  @Test
  void divergingMapsAreNeutralAtTheCenterAndBlueOrRedAtTheEnds() {
    for (Theme theme : new Theme[] {Theme.LIGHT, Theme.DARK}) {
      ColorMap m = ColorMap.diverging(theme);
      double bg = Oklab.lightness(theme.palette().background());
      double center = Oklab.lightness(m.at(0.5));
      assertTrue(Math.abs(center - bg) < 0.06, theme + " center close to the background");
      for (int i = 129; i < 256; i++) {
        double up = Math.abs(lightness(m, i) - center);
        double down = Math.abs(lightness(m, 255 - i) - center);
        assertTrue(
            up + 0.003 >= Math.abs(lightness(m, i - 1) - center), theme + " positive side " + i);
        assertTrue(
            down + 0.003 >= Math.abs(lightness(m, 256 - i) - center),
            theme + " negative side " + i);
      }
      Rgb neg = m.at(0);
      Rgb pos = m.at(1);
      assertTrue(neg.b() > neg.r(), theme + " negative is blue: " + neg);
      assertTrue(pos.r() > pos.b(), theme + " positive is red: " + pos);
    }
  }

  @Test
  void stepsRoundAndClamp() {
    assertEquals(0, ColorMap.step(-3));
    assertEquals(255, ColorMap.step(7));
    assertEquals(128, ColorMap.step(0.5));
    assertEquals(ColorMap.sequential(Theme.AUTO), ColorMap.sequential(Theme.LIGHT));
    assertThrows(IllegalArgumentException.class, () -> ColorMap.step(Double.NaN));
    String hex = ColorMap.sequential(Theme.LIGHT).lutHex();
    assertEquals(256 * 6, hex.length());
    assertEquals(ColorMap.sequential(Theme.LIGHT).at(1).hex(), "#" + hex.substring(255 * 6));
  }

  @Test
  void contrastTextIsReadable() {
    assertEquals(new Rgb(0, 0, 0), Rgb.hex("#fcfcfb").contrastText());
    assertEquals(new Rgb(255, 255, 255), Rgb.hex("#16181b").contrastText());
    assertEquals("#2a62c9", Rgb.hex("2A62C9").hex());
  }
}
