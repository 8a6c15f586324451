package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class HeatmapSvgTest {
  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void isWellFormedXmlWithEveryCellAndLabel() throws Exception {
    HeatmapTable t = HeatmapTableTest.inseqLike();
    Document d = parse(HeatmapSvg.svg(t, Theme.LIGHT));
    assertEquals("svg", d.getDocumentElement().getLocalName());
    assertEquals("http://www.w3.org/2000/svg", d.getDocumentElement().getNamespaceURI());
    NodeList rects = d.getElementsByTagNameNS("*", "rect");
    int cells = t.rows() * t.columns() + t.scoreRows().size() * t.columns();
    assertEquals(cells + 2, rects.getLength(), "cells, background and legend");
    List<String> texts = new ArrayList<>();
    NodeList ts = d.getElementsByTagNameNS("*", "text");
    for (int i = 0; i < ts.getLength(); i++) {
      texts.add(ts.item(i).getTextContent());
    }
    assertTrue(texts.contains("<script>alert(1)</script>"), "label kept as text: " + texts);
    assertTrue(texts.contains("⟨RLO⟩abc"));
    assertTrue(texts.contains("␣Bonjour"));
    assertTrue(texts.contains("probability"));
    assertTrue(texts.contains("0.793"), "cell values are written");
  }

  @Test
  void hostileLabelsStillParse() throws Exception {
    List<String> labels =
        List.of("\u0000\u0001\u001b", "]]><x/>", "\ud800", "&#0;", "\"'<>&", "\ufffe\uffff");
    float[][] v = new float[labels.size()][1];
    HeatmapTable t = HeatmapTable.of("<t>&", labels, List.of("\u0007"), v);
    Document d = parse(HeatmapSvg.svg(t, Theme.DARK));
    assertEquals("<t>&", d.getElementsByTagNameNS("*", "title").item(0).getTextContent());
  }

  @Test
  void highValuesGetTheTopColour() throws Exception {
    HeatmapTable t =
        HeatmapTable.of("", List.of("a"), List.of("x", "y"), new float[][] {{0f, 1f}})
            .withRange(ValueRange.unit());
    String svg = HeatmapSvg.svg(t, Theme.LIGHT);
    assertTrue(svg.contains("fill=\"" + ColorMap.sequential(Theme.LIGHT).at(1).hex() + "\""));
    assertTrue(svg.contains("fill=\"" + ColorMap.sequential(Theme.LIGHT).at(0).hex() + "\""));
  }
}
