// The Inspectus views, computed exactly as dev.explain4j.attention.AttentionViews does with its
// defaults: float32 values, float32 arithmetic, the same summation order. Float32Array stores
// round every sum and product to float32 as Java's float arithmetic does.
var fr = Math.fround;
var HALF = null;

function halfTable() {
  if (HALF) return HALF;
  HALF = new Float32Array(65536);
  for (var h = 0; h < 65536; h++) {
    var e = (h >> 10) & 31, m = h & 1023, v;
    if (e === 0) v = m * Math.pow(2, -24);
    else if (e === 31) v = m ? NaN : Infinity;
    else v = (1 + m / 1024) * Math.pow(2, e - 15);
    HALF[h] = (h & 0x8000) ? -v : v;
  }
  return HALF;
}

// Float16 little-endian planes from base64; packed sets hold only keys 0..q of each query row.
function decodePlanes(text, set) {
  var bin = atob(text.trim());
  var table = halfTable();
  var Q = set.queries, K = set.keys, P = set.layers * set.heads, src = 0, planes = [];
  for (var p = 0; p < P; p++) {
    var a = new Float32Array(Q * K);
    for (var q = 0; q < Q; q++) {
      var n = set.packed ? q + 1 : K, base = q * K;
      for (var k = 0; k < n; k++, src++) {
        a[base + k] = table[bin.charCodeAt(2 * src) | (bin.charCodeAt(2 * src + 1) << 8)];
      }
    }
    planes.push(a);
  }
  if (2 * src !== bin.length) {
    throw new Error("attention data holds " + bin.length / 2 + " values, the shape needs " + src);
  }
  return planes;
}

function sumF(a, from, to) {
  var s = 0;
  for (var i = from; i < to; i++) s = fr(s + a[i]);
  return s;
}

function maxF(a) {
  var m = 0;
  for (var i = 0; i < a.length; i++) m = Math.max(m, a[i]);
  return m;
}

function scaleF(a, divisor, from, to) {
  if (divisor > 0) {
    var inv = fr(1 / divisor);
    for (var i = from; i < to; i++) a[i] = a[i] * inv;
  }
}

// AttentionViews.matrix(maps, sel): selected planes summed, then each query row divided by its sum.
function viewMatrix(planes, set, layers, heads) {
  var Q = set.queries, K = set.keys, acc = new Float32Array(Q * K);
  for (var li = 0; li < layers.length; li++) {
    for (var hi = 0; hi < heads.length; hi++) {
      var p = planes[layers[li] * set.heads + heads[hi]];
      for (var i = 0; i < acc.length; i++) acc[i] += p[i];
    }
  }
  for (var q = 0; q < Q; q++) scaleF(acc, sumF(acc, q * K, q * K + K), q * K, q * K + K);
  return acc;
}

// AttentionViews.queryHeatmap: per query, the sum over the selected keys, max-normalised.
function viewQueryHeatmap(m, Q, K, keys) {
  var out = new Float32Array(Q);
  for (var i = 0; i < Q; i++) {
    var s = 0;
    for (var j = 0; j < keys.length; j++) s = fr(s + m[i * K + keys[j]]);
    out[i] = s;
  }
  scaleF(out, maxF(out), 0, Q);
  return out;
}

// AttentionViews.keyHeatmap: per key, the sum over the selected queries, max-normalised.
function viewKeyHeatmap(m, Q, K, queries) {
  var out = new Float32Array(K);
  for (var qi = 0; qi < queries.length; qi++) {
    var base = queries[qi] * K;
    for (var j = 0; j < K; j++) out[j] += m[base + j];
  }
  scaleF(out, maxF(out), 0, K);
  return out;
}

// AttentionViews.dimensionHeatmap: per layer x head, the raw attention summed (in double) over the
// selected query x key cells, divided by the largest cell. rowSums caches float row sums per plane.
function viewDimension(planes, set, queries, keys, rowSums) {
  var Q = set.queries, K = set.keys, out = new Float32Array(set.layers * set.heads), max = 0;
  var allKeys = keys.length === K;
  for (var p = 0; p < out.length; p++) {
    var a = planes[p], total = 0;
    if (allKeys) {
      if (!rowSums[p]) {
        rowSums[p] = new Float32Array(Q);
        for (var q = 0; q < Q; q++) rowSums[p][q] = sumF(a, q * K, q * K + K);
      }
      for (var qi = 0; qi < queries.length; qi++) total += rowSums[p][queries[qi]];
    } else {
      for (var qj = 0; qj < queries.length; qj++) {
        var base = queries[qj] * K;
        for (var k = 0; k < keys.length; k++) total += a[base + keys[k]];
      }
    }
    out[p] = total;
    max = Math.max(max, out[p]);
  }
  scaleF(out, max, 0, out.length);
  return out;
}
