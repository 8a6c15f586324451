package dev.explain4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.explain4j.attribution.ScorePrecision;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.util.Float16;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A score column at float16 or float8: Arrow types, values within the precision, smaller files. */
class TokenPairRowsPrecisionTest {
  @Test
  void scoresRoundTripWithinThePrecisionAndTheFileShrinks(@TempDir Path dir) throws Exception {
    Random r = new Random(5);
    float[] scores = new float[4000];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = (float) (r.nextGaussian() * Math.pow(10, -r.nextInt(4)));
    }
    Map<ScorePrecision, Long> sizes = new EnumMap<>(ScorePrecision.class);
    for (ScorePrecision p : ScorePrecision.values()) {
      TokenPairRows rows = new TokenPairRows().intColumn("step").floatColumn("score", p);
      for (int i = 0; i < scores.length; i++) {
        rows.add(i, scores[i]);
      }
      Path file = dir.resolve(p.inseqName() + ".arrow");
      rows.writeArrow(file);
      sizes.put(p, Files.size(file));
      try (BufferAllocator allocator = new RootAllocator();
          FileInputStream in = new FileInputStream(file.toFile());
          ArrowFileReader reader = new ArrowFileReader(in.getChannel(), allocator)) {
        assertTrue(reader.loadNextBatch());
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        FieldVector v = root.getVector("score");
        assertEquals(scores.length, root.getRowCount());
        for (int i = 0; i < scores.length; i++) {
          float got =
              switch (p) {
                case FLOAT32 -> ((Float4Vector) v).get(i);
                case FLOAT16 -> Float16.toFloat(((Float2Vector) v).get(i));
                case FLOAT8 -> fromFloat8(((UInt1Vector) v).get(i));
              };
          assertEquals(p.round(scores[i]), got, 0f, p + " row " + i);
          assertTrue(Math.abs(got - scores[i]) <= p.maxError(scores[i]), p + " row " + i);
        }
        if (p == ScorePrecision.FLOAT8) {
          assertEquals("float8_e4m3fn", v.getField().getMetadata().get(TokenPairRows.ENCODING_KEY));
        }
      }
    }
    assertTrue(sizes.get(ScorePrecision.FLOAT16) < sizes.get(ScorePrecision.FLOAT32), "" + sizes);
    assertTrue(sizes.get(ScorePrecision.FLOAT8) < sizes.get(ScorePrecision.FLOAT16), "" + sizes);
  }

  /** An independent decoding of an e4m3fn byte, from its bit fields. */
  private static float fromFloat8(byte b) {
    int bits = b & 0xff;
    int exp = bits >>> 3 & 0xf;
    int mant = bits & 7;
    float a = exp == 0 ? mant * 0x1p-9f : (1 + mant / 8f) * (float) Math.scalb(1.0, exp - 7);
    return (bits & 0x80) != 0 ? -a : a;
  }
}
