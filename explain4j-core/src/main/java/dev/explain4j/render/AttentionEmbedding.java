package dev.explain4j.render;

import dev.explain4j.InvalidInputException;
import dev.explain4j.attention.AttentionMaps;
import dev.explain4j.attention.AttentionViews;
import dev.explain4j.attention.Reduction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Chooses the detail level for a page's budget and encodes every set as float16 planes. */
final class AttentionEmbedding {
  final AttentionDetail detail;
  final List<EmbeddedSet> sets = new ArrayList<>();
  final List<String> notices = new ArrayList<>();
  final long values;

  AttentionEmbedding(List<AttentionMaps> maps, AttentionPageOptions o) {
    if (maps == null || maps.isEmpty()) {
      throw new InvalidInputException("an attention page needs at least one set of attention maps");
    }
    long[] need = new long[4];
    List<int[]> layerSel = new ArrayList<>();
    List<int[]> headSel = new ArrayList<>();
    boolean[] packed = new boolean[maps.size()];
    for (int s = 0; s < maps.size(); s++) {
      AttentionMaps m = maps.get(s);
      int[] ls = chosen(o.layers(), m.layers(), "layer", label(m, s));
      int[] hs = chosen(o.heads(), m.heads(), "head", label(m, s));
      layerSel.add(ls);
      headSel.add(hs);
      packed[s] = m.queries() == m.keys() && m.isCausal();
      long per = EmbeddedSet.perPlane(m.queries(), m.keys(), packed[s]);
      need[AttentionDetail.FULL.ordinal()] += per * ls.length * hs.length;
      need[AttentionDetail.LAYER_MEANS.ordinal()] += per * ls.length;
      need[AttentionDetail.MEAN.ordinal()] += per;
    }
    detail = choose(o, need, maps);
    values = need[detail.ordinal()];
    for (int s = 0; s < maps.size(); s++) {
      sets.add(
          encode(maps.get(s), label(maps.get(s), s), layerSel.get(s), headSel.get(s), packed[s]));
    }
    if (o.layers() != null || o.heads() != null) {
      AttentionMaps first = maps.get(0);
      notices.add(
          "Embedded "
              + describe("layers", o.layers(), first.layers())
              + " and "
              + describe("heads", o.heads(), first.heads())
              + ", as chosen.");
    }
    if (o.detail() == AttentionDetail.AUTO && detail != AttentionDetail.FULL) {
      notices.add(
          "Reduced to fit the page: every head would need "
              + count(need[AttentionDetail.FULL.ordinal()])
              + " values, the budget is "
              + count(o.maxEmbeddedValues())
              + ". Showing "
              + (detail == AttentionDetail.LAYER_MEANS
                  ? "the mean of the heads within each layer"
                  : "one map, the mean of all layers and heads")
              + ". Choose layers and heads (AttentionPageOptions) or raise maxEmbeddedValues"
              + " to see single heads.");
    }
  }

  private static AttentionDetail choose(
      AttentionPageOptions o, long[] need, List<AttentionMaps> maps) {
    long budget = o.maxEmbeddedValues();
    if (o.detail() != AttentionDetail.AUTO) {
      if (need[o.detail().ordinal()] > budget) {
        throw new InvalidInputException(
            "attention detail "
                + o.detail()
                + " needs "
                + count(need[o.detail().ordinal()])
                + " values, over the page budget of "
                + count(budget)
                + "; raise AttentionPageOptions.maxEmbeddedValues or choose fewer layers/heads");
      }
      return o.detail();
    }
    for (AttentionDetail d :
        List.of(AttentionDetail.FULL, AttentionDetail.LAYER_MEANS, AttentionDetail.MEAN)) {
      if (need[d.ordinal()] <= budget) {
        return d;
      }
    }
    String sizes =
        maps.stream()
            .map(m -> "'" + m.label() + "' " + m.queries() + " × " + m.keys() + " tokens")
            .collect(Collectors.joining(", "));
    throw new InvalidInputException(
        "attention too large for one page even averaged to one map per set ("
            + sizes
            + "): needs "
            + count(need[AttentionDetail.MEAN.ordinal()])
            + " values, the budget is "
            + count(budget)
            + "; raise AttentionPageOptions.maxEmbeddedValues or pass fewer tokens");
  }

  private EmbeddedSet encode(AttentionMaps m, String label, int[] ls, int[] hs, boolean packed) {
    List<int[][]> planes = new ArrayList<>();
    List<String> layerNames = new ArrayList<>();
    List<String> headNames = new ArrayList<>();
    switch (detail) {
      case FULL -> {
        for (int l : ls) {
          layerNames.add("L" + l);
          for (int h : hs) {
            planes.add(new int[][] {{l}, {h}});
          }
        }
        for (int h : hs) {
          headNames.add("H" + h);
        }
      }
      case LAYER_MEANS -> {
        for (int l : ls) {
          layerNames.add("L" + l);
          planes.add(new int[][] {{l}, hs});
        }
        headNames.add("mean of " + describe("heads", hs, m.heads()));
      }
      default -> {
        planes.add(new int[][] {ls, hs});
        layerNames.add(describe("layers", ls, m.layers()));
        headNames.add("mean of " + describe("heads", hs, m.heads()));
      }
    }
    int q = m.queries();
    int k = m.keys();
    long per = EmbeddedSet.perPlane(q, k, packed);
    byte[] halves = new byte[Math.toIntExact(2 * per * planes.size())];
    int pos = 0;
    for (int[][] p : planes) {
      float[] plane = AttentionViews.reduce(m, p[0], p[1], Reduction.MEAN);
      for (int i = 0; i < q; i++) {
        int n = packed ? i + 1 : k;
        for (int j = 0; j < n; j++) {
          short h = Float16.fromFloat(plane[i * k + j]);
          halves[pos++] = (byte) h;
          halves[pos++] = (byte) (h >> 8);
        }
      }
    }
    String description =
        String.format(
            Locale.ROOT, "%d layers × %d heads, %d queries × %d keys", m.layers(), m.heads(), q, k);
    return new EmbeddedSet(
        label,
        m.queryTokens(),
        m.keyTokens(),
        layerNames.size(),
        headNames.size(),
        q,
        k,
        packed,
        layerNames,
        headNames,
        description,
        halves);
  }

  private static String label(AttentionMaps m, int index) {
    return m.label() == null || m.label().isBlank() ? "attention set " + (index + 1) : m.label();
  }

  private static int[] chosen(int[] wanted, int size, String what, String label) {
    if (wanted == null) {
      return IntStream.range(0, size).toArray();
    }
    for (int i : wanted) {
      if (i >= size) {
        throw new InvalidInputException(
            what
                + " "
                + i
                + " is out of range for '"
                + label
                + "', which has "
                + size
                + " "
                + what
                + "s");
      }
    }
    return wanted.clone();
  }

  static String describe(String what, int[] chosen, int size) {
    if (chosen == null || chosen.length == size) {
      return size == 1
          ? "the only " + what.substring(0, what.length() - 1)
          : "all " + size + " " + what;
    }
    return what
        + " "
        + Arrays.stream(chosen).mapToObj(Integer::toString).collect(Collectors.joining(", "))
        + " of "
        + size;
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
