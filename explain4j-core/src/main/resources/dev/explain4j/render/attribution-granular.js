// Granular and per-token views under an attribution heatmap (Inseq's show_granular and
// show_tokens). Every token and label reaches the DOM through textContent.
function e4jGranular(root) {
  var cfg, luts, els = {}, st = { cell: null, dim: 0, token: 0 }, expose = false;
  try {
    cfg = JSON.parse(root.querySelector("script.e4j-granular-config").textContent);
    luts = {
      light: { seq: parseLut(cfg.lut.light.seq), div: parseLut(cfg.lut.light.div) },
      dark: { seq: parseLut(cfg.lut.dark.seq), div: parseLut(cfg.lut.dark.div) }
    };
    build();
    applyHash();
    render();
    window.addEventListener("hashchange", function () { guard(function () { applyHash(); render(); }); });
    root.setAttribute("data-state", "ready");
  } catch (e) {
    fail(e);
  }

  function guard(f) {
    try { f(); } catch (e) { fail(e); }
  }

  function fail(e) {
    root.setAttribute("data-state", "error");
    root.setAttribute("data-error", String((e && e.message) || e));
    root.appendChild(el("p", "e4j-error", "This view failed: " + String((e && e.message) || e)));
  }

  function parseLut(hex) {
    var out = [];
    for (var i = 0; i < 256; i++) out.push("#" + hex.substr(6 * i, 6));
    return out;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function dark() {
    var t = root.getAttribute("data-theme");
    if (t === "dark") return true;
    if (t === "light") return false;
    return !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  }

  // Diverging around 0 when the values have both signs, else sequential from 0 (or the minimum).
  function range(values) {
    var lo = Infinity, hi = -Infinity;
    values.forEach(function (v) { if (v != null) { lo = Math.min(lo, v); hi = Math.max(hi, v); } });
    if (lo === Infinity) return { lo: 0, hi: 1, div: false };
    if (lo < 0 && hi > 0) { var m = Math.max(-lo, hi); return { lo: -m, hi: m, div: true }; }
    if (lo >= 0) return { lo: 0, hi: hi > 0 ? hi : 1, div: false };
    return { lo: lo, hi: 0, div: false };
  }

  function paint(node, v, r) {
    if (v == null) { node.className += " e4j-empty"; return; }
    var t = r.hi > r.lo ? (v - r.lo) / (r.hi - r.lo) : 0;
    var lut = luts[dark() ? "dark" : "light"][r.div ? "div" : "seq"];
    var i = Math.round(Math.max(0, Math.min(1, t)) * 255);
    node.style.background = lut[i];
    node.style.color = (!r.div && i > 170) || (r.div && (i < 40 || i > 215)) ? "#fff" : "";
  }

  function fmt(v) { return v == null ? "" : (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(3) : v.toExponential(1)); }

  function build() {
    els.table = root.parentNode.querySelector("table.e4j-heat");
    if (els.table) {
      var body = els.table.tBodies[0];
      for (var r = 0; r < body.rows.length; r++) {
        var cells = body.rows[r].cells;
        for (var c = 1; c < cells.length; c++) {
          cells[c].setAttribute("data-cell", r + "." + (c - 1));
          cells[c].style.cursor = "pointer";
        }
      }
      els.table.addEventListener("click", function (ev) {
        var td = ev.target.closest ? ev.target.closest("td[data-cell]") : null;
        if (!td) return;
        var p = td.getAttribute("data-cell").split(".");
        guard(function () { st.cell = [+p[0], +p[1]]; render(); });
      });
    }
    els.cell = root.querySelector(".e4j-cell-view");
    els.dimView = root.querySelector(".e4j-dim-view");
    els.tokenView = root.querySelector(".e4j-token-view");
    if (cfg.shownSize > 0) {
      els.dim = el("input", "e4j-dim-input");
      els.dim.type = "range";
      els.dim.min = "0";
      els.dim.max = String(cfg.shownSize - 1);
      els.dim.value = "0";
      els.dim.setAttribute("aria-label", "dimension index");
      els.dim.addEventListener("input", function () { guard(function () { st.dim = +els.dim.value; render(); }); });
      els.dimLabel = el("span", "e4j-dim-label");
      els.dimView.appendChild(els.dim);
      els.dimView.appendChild(els.dimLabel);
      els.dimTable = el("table", "e4j-grid");
      els.dimView.appendChild(els.dimTable);
    }
    els.gen = el("div", "e4j-generated");
    cfg.columns.forEach(function (label, k) {
      var b = el("button", "e4j-gen", label);
      b.type = "button";
      b.setAttribute("data-step", String(k));
      b.addEventListener("click", function () { guard(function () { st.token = k; render(); }); });
      els.gen.appendChild(b);
    });
    els.tokenView.appendChild(els.gen);
    els.tokens = el("div", "e4j-tokens");
    els.tokenView.appendChild(els.tokens);
    els.views = el("pre", "e4j-views");
    els.views.hidden = true;
    root.appendChild(els.views);
  }

  // The granular scores of row r at step k, over the shown dimension indices.
  function rawAt(r, k) {
    var row = cfg.raw[r];
    if (!row) return [];
    return row.slice(k * cfg.shownSize, (k + 1) * cfg.shownSize);
  }

  function render() {
    var views = {};
    if (st.cell && cfg.shownSize > 0) {
      var r = st.cell[0], k = st.cell[1], vals = rawAt(r, k), rg = range(vals);
      els.cell.textContent = "";
      els.cell.appendChild(el("div", "e4j-sub", cfg.rows[r] + " \u2192 " + cfg.columns[k] + ": " + cfg.dimText));
      var grid = el("table", "e4j-grid"), tr = null;
      vals.forEach(function (v, i) {
        if (i % cfg.wrap === 0) { tr = el("tr"); grid.appendChild(tr); }
        var td = el("td", "e4j-v", fmt(v));
        td.setAttribute("title", cfg.indexNames[i] + ": " + fmt(v));
        paint(td, v, rg);
        tr.appendChild(td);
      });
      els.cell.appendChild(grid);
      views.cell = { row: r, step: k, values: vals };
    } else if (st.cell) {
      els.cell.textContent = cfg.dimText;
    }
    if (els.dimTable) {
      var d = Math.max(0, Math.min(cfg.shownSize - 1, st.dim));
      els.dim.value = String(d);
      els.dimLabel.textContent = " " + cfg.indexNames[d];
      els.dimTable.textContent = "";
      var head = el("tr");
      head.appendChild(el("th"));
      cfg.columns.forEach(function (c) { head.appendChild(el("th", null, c)); });
      els.dimTable.appendChild(head);
      var matrix = cfg.raw.map(function (row) {
        return cfg.columns.map(function (_, k) { return row[k * cfg.shownSize + d]; });
      });
      var all = [];
      matrix.forEach(function (row) { all = all.concat(row); });
      var rg2 = range(all);
      matrix.forEach(function (row, i) {
        var tr2 = el("tr");
        tr2.appendChild(el("th", null, cfg.rows[i]));
        row.forEach(function (v) { var td = el("td", "e4j-v", fmt(v)); paint(td, v, rg2); tr2.appendChild(td); });
        els.dimTable.appendChild(tr2);
      });
      views.dim = { index: d, matrix: matrix };
    }
    var kk = Math.max(0, Math.min(cfg.columns.length - 1, st.token));
    Array.prototype.forEach.call(els.gen.children, function (b, k) {
      b.className = "e4j-gen" + (k === kk ? " e4j-on" : "");
      b.setAttribute("aria-pressed", k === kk ? "true" : "false");
      b.style.background = "";
      if (cfg.highlight) paint(b, cfg.highlight.values[k], range(cfg.highlight.values));
    });
    els.tokens.textContent = "";
    els.tokens.appendChild(el("div", "e4j-sub", "Attributions for " + cfg.columns[kk]));
    var shown = [], values = [], col = cfg.agg.map(function (row) { return row[kk]; }), rg3 = range(col);
    col.forEach(function (v, i) {
      if (v == null) return;
      var s = el("span", "e4j-tok", cfg.rows[i]);
      s.setAttribute("title", cfg.rows[i] + ": " + fmt(v));
      paint(s, v, rg3);
      els.tokens.appendChild(s);
      shown.push(cfg.rows[i]);
      values.push(v);
    });
    views.token = { step: kk, tokens: shown, values: values };
    if (expose) els.views.textContent = JSON.stringify(views);
  }

  function applyHash() {
    if (!location.hash) return;
    var kv = {};
    location.hash.slice(1).split("&").forEach(function (part) {
      var i = part.indexOf("=");
      if (i > 0) kv[decodeURIComponent(part.slice(0, i))] = decodeURIComponent(part.slice(i + 1));
    });
    expose = kv.expose === "1";
    if (kv.dim != null) st.dim = parseInt(kv.dim, 10) || 0;
    if (kv.click) {
      // "c2.1;t3": click the heatmap cell (row 2, step 1), then generated token 3; real events.
      kv.click.split(";").forEach(function (c) {
        var m = /^([ct])(\d+)(?:\.(\d+))?$/.exec(c), t = null;
        if (!m) return;
        if (m[1] === "c" && els.table) t = els.table.querySelector('td[data-cell="' + +m[2] + "." + +(m[3] || 0) + '"]');
        if (m[1] === "t") t = els.gen.children[+m[2]];
        if (t) t.dispatchEvent(new MouseEvent("click", { bubbles: true }));
      });
    }
  }
}
