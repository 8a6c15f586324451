// Drawing for the attention page: the matrix canvas, token and grid colours, tooltips. P holds
// the page: root, cfg, st (selection, scale), els (elements), cur (current views), dark.

function count(flags) {
  var n = 0;
  for (var i = 0; i < flags.length; i++) n += flags[i];
  return n;
}

function indices(flags) {
  var out = [];
  for (var i = 0; i < flags.length; i++) if (flags[i]) out.push(i);
  return out;
}

function shade(scale, t) {
  if (!(t > 0)) return 0;
  if (scale === "sqrt") t = Math.sqrt(t);
  else if (scale === "log") t = Math.max(0, 1 + Math.log(t) / Math.LN10 / 4);
  return Math.round(Math.min(1, t) * 255);
}

function rgb(lut, step) {
  return "rgb(" + lut[3 * step] + "," + lut[3 * step + 1] + "," + lut[3 * step + 2] + ")";
}

function textOn(lut, step) {
  var c = [lut[3 * step], lut[3 * step + 1], lut[3 * step + 2]].map(function (v) {
    v /= 255;
    return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2] > 0.179 ? "#000" : "#fff";
}

// The colour reference of the matrix: its 99th percentile of positive values (from a sample of
// at most 200,000 cells), so that a few large values, such as the first row of a causal map, do
// not wash out everything else. Display only: the numbers are not changed.
function colourReference(m) {
  var n = m.length, take = Math.min(n, 200000), vals = new Float32Array(take), c = 0, seed = 12345;
  for (var i = 0; i < take; i++) {
    var j = i;
    if (take < n) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      j = seed % n;
    }
    if (m[j] > 0) vals[c++] = m[j];
  }
  if (c === 0) return 1;
  vals = vals.subarray(0, c).sort();
  return vals[Math.floor(0.99 * (c - 1))];
}

// Draws the matrix. Up to cfg.matrixPx cells per side each cell gets cell x cell pixels (token
// labels in the margins from 12 pixels); beyond that each pixel shows the largest value of a
// pool x pool block, so that thin features stay visible.
function drawMatrix(P, s, lut) {
  var st = P.st, els = P.els, Q = s.queries, K = s.keys, m = P.cur.m, ref = colourReference(m);
  var n = Math.max(Q, K), pool = Math.max(1, Math.ceil(n / P.cfg.matrixPx));
  var W = Math.ceil(K / pool), H = Math.ceil(Q / pool);
  var off = els.off || (els.off = document.createElement("canvas"));
  off.width = W;
  off.height = H;
  var octx = off.getContext("2d"), img = octx.createImageData(W, H), px = img.data;
  var bg = P.dark ? [22, 24, 27] : [252, 252, 251];
  var partial = count(st.queries) < Q || count(st.keys) < K;
  for (var y = 0, o = 0; y < H; y++) {
    for (var x = 0; x < W; x++, o += 4) {
      var v = 0, on = false;
      for (var q = y * pool; q < Math.min(Q, y * pool + pool); q++) {
        for (var k = x * pool; k < Math.min(K, x * pool + pool); k++) {
          v = Math.max(v, m[q * K + k]);
          on = on || (st.queries[q] && st.keys[k]) === 1;
        }
      }
      var step = shade(st.scale, v / ref), r = lut[3 * step], g = lut[3 * step + 1], b = lut[3 * step + 2];
      if (partial && !on) {
        r = (r + 2 * bg[0]) / 3; g = (g + 2 * bg[1]) / 3; b = (b + 2 * bg[2]) / 3;
      }
      px[o] = r; px[o + 1] = g; px[o + 2] = b; px[o + 3] = 255;
    }
  }
  octx.putImageData(img, 0, 0);
  var cell = pool > 1 ? 1 : Math.min(28, Math.floor(P.cfg.matrixPx / n)), c = els.canvas;
  var labels = cell >= 12, ml = labels ? 110 : 0, mt = labels ? 90 : 0;
  els.geo = { cell: cell, pool: pool, ml: ml, mt: mt };
  c.width = ml + W * cell;
  c.height = mt + H * cell;
  c.style.width = c.width + "px";
  var ctx = c.getContext("2d");
  ctx.imageSmoothingEnabled = false;
  ctx.fillStyle = P.dark ? "#16181b" : "#fcfcfb";
  ctx.fillRect(0, 0, c.width, c.height);
  ctx.drawImage(off, ml, mt, W * cell, H * cell);
  if (labels) drawLabels(P.root, ctx, s, cell, ml, mt);
  els.mnote.textContent = "colours: 0 to " + fmt(ref) + " (99th percentile of the matrix; larger values " +
    "take the top colour)" + (pool > 1 ? "; each pixel shows the largest of " + pool + " × " + pool + " cells" : "");
}

function drawLabels(root, ctx, s, cell, ml, mt) {
  ctx.fillStyle = getComputedStyle(root).getPropertyValue("--e4j-fg") || "#000";
  ctx.font = "11px system-ui, 'DejaVu Sans', sans-serif";
  ctx.textBaseline = "middle";
  ctx.textAlign = "right";
  for (var q = 0; q < s.queries; q++) ctx.fillText(short(label(s.queryTokens[q])), ml - 4, mt + (q + 0.5) * cell);
  for (var k = 0; k < s.keys; k++) {
    ctx.save();
    ctx.translate(ml + (k + 0.5) * cell, mt - 4);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = "left";
    ctx.fillText(short(label(s.keyTokens[k])), 0, 0);
    ctx.restore();
  }
}

function short(t) {
  return t.length > 14 ? t.slice(0, 13) + "…" : t;
}

function label(t) {
  return t.replace(/ /g, "␣");
}

function paintTokens(scale, box, values, flags, lut) {
  var partial = count(flags) < flags.length, spans = box.children;
  for (var i = 0; i < spans.length; i++) {
    var step = shade(scale, values[i]), sp = spans[i];
    sp.style.background = rgb(lut, step);
    sp.style.color = textOn(lut, step);
    sp.className = "e4j-tok" + (partial ? (flags[i] ? " e4j-on" : " e4j-off") : "");
  }
}

function paintDims(P, s, lut) {
  var st = P.st, cells = P.els.dims.querySelectorAll(".e4j-cell");
  var partial = count(st.layers) < s.layers || count(st.heads) < s.heads;
  for (var i = 0; i < cells.length; i++) {
    var l = (i / s.heads) | 0, h = i % s.heads, step = shade(st.scale, P.cur.dim[i]);
    cells[i].style.background = rgb(lut, step);
    var on = st.layers[l] && st.heads[h];
    cells[i].className = "e4j-cell" + (partial ? (on ? " e4j-on" : " e4j-off") : "");
  }
}

function hoverMatrix(P, e) {
  if (!P.cur) return;
  var s = P.cfg.sets[P.st.set], c = P.els.canvas, r = c.getBoundingClientRect(), g = P.els.geo;
  var x = (e.clientX - r.left) * (c.width / r.width) - g.ml, y = (e.clientY - r.top) * (c.height / r.height) - g.mt;
  var k = Math.floor(x / g.cell) * g.pool, q = Math.floor(y / g.cell) * g.pool;
  if (q < 0 || k < 0 || q >= s.queries || k >= s.keys) return hideTip(P);
  if (g.pool === 1) {
    return showTip(P, e, "query " + q + "  " + label(s.queryTokens[q]) + "\nkey " + k + "  " +
      label(s.keyTokens[k]) + "\nvalue " + fmt(P.cur.m[q * s.keys + k]));
  }
  var q1 = Math.min(s.queries, q + g.pool) - 1, k1 = Math.min(s.keys, k + g.pool) - 1, v = 0;
  for (var i = q; i <= q1; i++) for (var j = k; j <= k1; j++) v = Math.max(v, P.cur.m[i * s.keys + j]);
  showTip(P, e, "queries " + q + "–" + q1 + "  " + label(s.queryTokens[q]) + "…\nkeys " + k + "–" + k1 +
    "  " + label(s.keyTokens[k]) + "…\nlargest value " + fmt(v));
}

function fmt(v) {
  return v === 0 ? "0" : Math.abs(v) < 1e-3 ? v.toExponential(3) : v.toPrecision(4);
}

function showTip(P, e, text) {
  var els = P.els;
  els.tip.textContent = text;
  els.tip.hidden = false;
  els.tip.style.left = Math.min(e.clientX + 14, window.innerWidth - 260) + "px";
  els.tip.style.top = (e.clientY + 14) + "px";
}

function hideTip(P) {
  P.els.tip.hidden = true;
}
