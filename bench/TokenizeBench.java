import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.explain4j.Explain4jHome;
import dev.explain4j.tokenize.Tokenizer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Speed of dev.explain4j.tokenize.Tokenizer on a model directory (default: the default model):
 * opening, and encoding a short and a long text, against DJL's bare encode (what the wrapper adds:
 * span conversion, display tokens, checks). Run after {@code mvn -q package -DskipTests}:
 *
 * <pre>
 * java -cp "target/classes:target/lib/*" bench/TokenizeBench.java [model-dir]
 * </pre>
 */
public class TokenizeBench {
  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : Explain4jHome.defaultModelDir();
    String shortText = "The capital of France is Paris. 😀";
    String longText = "Attention is all you need; 日本の首都は東京です. 👨‍👩‍👧 ".repeat(100);
    long t0 = System.nanoTime();
    Tokenizer first = Tokenizer.open(dir);
    System.out.printf("first open (native load included): %.1f ms%n", (System.nanoTime() - t0) / 1e6);
    first.close();
    int opens = 10;
    t0 = System.nanoTime();
    for (int i = 0; i < opens; i++) {
      Tokenizer.open(dir).close();
    }
    System.out.printf("open: %.1f ms each%n", (System.nanoTime() - t0) / 1e6 / opens);
    HuggingFaceTokenizer.Builder builder =
        HuggingFaceTokenizer.builder().optTokenizerPath(dir).optTruncation(false).optPadding(false);
    builder.configure(Map.of("modelMaxLength", "1000000000"));
    try (Tokenizer t = Tokenizer.open(dir);
        HuggingFaceTokenizer bare = builder.build()) {
      for (String text : new String[] {shortText, longText}) {
        int tokens = t.encode(text).size();
        double djl = time(() -> bare.encode(text, true, false));
        double ours = time(() -> t.encode(text));
        djl = Math.min(djl, time(() -> bare.encode(text, true, false)));
        ours = Math.min(ours, time(() -> t.encode(text)));
        System.out.printf(
            "%d chars, %d tokens: encode %.1f µs, bare DJL encode %.1f µs%n",
            text.length(), tokens, ours, djl);
      }
    }
  }

  /** Mean µs per call over about half a second, after about as long of warm-up. */
  private static double time(Runnable r) {
    long budget = 500_000_000L;
    int n = 0;
    long t0 = System.nanoTime();
    while (System.nanoTime() - t0 < budget) {
      r.run();
      n++;
    }
    t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      r.run();
    }
    return (System.nanoTime() - t0) / 1e3 / n;
  }
}
