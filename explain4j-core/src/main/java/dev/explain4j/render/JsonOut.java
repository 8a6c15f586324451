package dev.explain4j.render;

import java.util.List;

/**
 * A tiny JSON writer whose output is safe inside an HTML {@code <script>} element: every string
 * goes through {@link Html#jsonString}. Callers write keys and values in order; commas are inserted
 * automatically.
 */
final class JsonOut {
  private final StringBuilder sb = new StringBuilder();
  private boolean needComma;

  JsonOut begin() {
    comma();
    sb.append('{');
    needComma = false;
    return this;
  }

  JsonOut end() {
    sb.append('}');
    needComma = true;
    return this;
  }

  JsonOut beginArray(String key) {
    key(key);
    sb.append('[');
    needComma = false;
    return this;
  }

  JsonOut endArray() {
    sb.append(']');
    needComma = true;
    return this;
  }

  JsonOut key(String key) {
    comma();
    sb.append(Html.jsonString(key)).append(':');
    needComma = false;
    return this;
  }

  JsonOut field(String key, String value) {
    key(key);
    sb.append(value == null ? "null" : Html.jsonString(value));
    needComma = true;
    return this;
  }

  /** A value already written as JSON numbers, {@code null}s and brackets (never strings). */
  JsonOut rawField(String key, String json) {
    key(key);
    sb.append(json);
    needComma = true;
    return this;
  }

  JsonOut field(String key, long value) {
    key(key);
    sb.append(value);
    needComma = true;
    return this;
  }

  JsonOut field(String key, boolean value) {
    key(key);
    sb.append(value);
    needComma = true;
    return this;
  }

  JsonOut field(String key, List<String> values) {
    key(key);
    sb.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(Html.jsonString(values.get(i)));
    }
    sb.append(']');
    needComma = true;
    return this;
  }

  private void comma() {
    if (needComma) {
      sb.append(',');
    }
  }

  @Override
  public String toString() {
    return sb.toString();
  }
}
