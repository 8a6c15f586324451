// The attention page's interface. Every token and label reaches the DOM through textContent.
function e4jAttention(root) {
  var t0 = performance.now();
  var cfg, luts, st, els = {}, planesCache = [], rowSumCache = [], cur = null, expose = false;
  var renders = 0, P = { root: root };

  try {
    cfg = JSON.parse(root.querySelector("script.e4j-config").textContent);
    luts = { light: parseLut(cfg.lut.light), dark: parseLut(cfg.lut.dark) };
    st = { set: 0, scale: "linear", theme: root.getAttribute("data-theme") || "auto" };
    P.cfg = cfg;
    P.st = st;
    P.els = els;
    build();
    chooseSet(0);
    applyHash();
    render();
    if (cfg.standalone) {
      window.addEventListener("hashchange", function () { guard(function () { applyHash(); render(); }); });
    }
    if (window.matchMedia) {
      var mq = window.matchMedia("(prefers-color-scheme: dark)");
      if (mq.addEventListener) mq.addEventListener("change", function () { guard(render); });
    }
  } catch (e) {
    fail(e);
  }

  function guard(f) {
    try { f(); } catch (e) { fail(e); }
  }

  function fail(e) {
    root.setAttribute("data-state", "error");
    root.setAttribute("data-error", String((e && e.message) || e));
    var p = el("p", "e4j-error", "This attention view failed: " + String((e && e.message) || e));
    root.appendChild(p);
  }

  function parseLut(hex) {
    var out = new Uint8Array(768);
    for (var i = 0; i < 768; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
    return out;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function build() {
    var bar = el("div", "e4j-toolbar");
    if (cfg.sets.length > 1) {
      els.setSelect = el("select", "e4j-set");
      els.setSelect.setAttribute("aria-label", "attention set");
      cfg.sets.forEach(function (s, i) {
        var o = el("option", null, s.label);
        o.value = String(i);
        els.setSelect.appendChild(o);
      });
      els.setSelect.addEventListener("change", function () {
        guard(function () { chooseSet(+els.setSelect.value); render(); });
      });
      bar.appendChild(els.setSelect);
    } else {
      bar.appendChild(el("span", "e4j-setname", cfg.sets[0].label));
    }
    els.scale = el("select", "e4j-scale");
    els.scale.setAttribute("aria-label", "colour scale");
    [["linear", "colour: linear"], ["sqrt", "colour: √"], ["log", "colour: log"]].forEach(function (p) {
      var o = el("option", null, p[1]);
      o.value = p[0];
      els.scale.appendChild(o);
    });
    els.scale.addEventListener("change", function () { st.scale = els.scale.value; guard(render); });
    bar.appendChild(els.scale);
    els.themeBtn = el("button", "e4j-theme");
    els.themeBtn.type = "button";
    els.themeBtn.addEventListener("click", function () {
      setTheme({ auto: "light", light: "dark", dark: "auto" }[st.theme] || "auto");
      guard(render);
    });
    bar.appendChild(els.themeBtn);
    els.status = el("span", "e4j-status");
    bar.appendChild(els.status);
    var main = el("div", "e4j-main");
    var mbox = el("div", "e4j-box");
    mbox.appendChild(el("div", "e4j-caption", "Attention matrix (rows: queries, columns: keys)"));
    els.canvas = el("canvas", "e4j-matrix");
    mbox.appendChild(els.canvas);
    els.mnote = el("div", "e4j-note e4j-mnote");
    mbox.appendChild(els.mnote);
    var dbox = el("div", "e4j-box");
    dbox.appendChild(el("div", "e4j-caption", "Layers × heads"));
    els.dims = el("div", "e4j-dims");
    dbox.appendChild(els.dims);
    main.appendChild(mbox);
    main.appendChild(dbox);
    var tbox = el("div", "e4j-box e4j-tokbox");
    tbox.appendChild(el("div", "e4j-caption", "Query tokens: attention to the selected keys"));
    els.qToks = el("div", "e4j-toks");
    tbox.appendChild(els.qToks);
    tbox.appendChild(el("div", "e4j-caption", "Key tokens: attention from the selected queries"));
    els.kToks = el("div", "e4j-toks");
    tbox.appendChild(els.kToks);
    els.help = el("p", "e4j-note", "Click a token, layer, head or grid cell to select only it " +
      "(click again for all); shift-click to add or remove it. Hover for values. The matrix sums " +
      "the selected heads and normalises each row to 1; heatmaps are max-normalised.");
    els.foot = el("p", "e4j-note");
    els.tip = el("div", "e4j-tip");
    els.tip.hidden = true;
    els.views = el("pre", "e4j-views");
    els.views.hidden = true;
    [bar, main, tbox, els.help, els.foot, els.tip, els.views].forEach(function (n) { root.appendChild(n); });
    els.canvas.addEventListener("mousemove", function (e) { hoverMatrix(P, e); });
    els.canvas.addEventListener("mouseleave", function () { hideTip(P); });
    tokenEvents(els.qToks, "queries");
    tokenEvents(els.kToks, "keys");
    dimEvents();
    setTheme(st.theme);
  }

  function setTheme(t) {
    if (t !== "light" && t !== "dark") t = "auto";
    st.theme = t;
    root.setAttribute("data-theme", t);
    els.themeBtn.textContent = "theme: " + t;
  }

  function isDark() {
    if (st.theme === "dark") return true;
    if (st.theme === "light") return false;
    return !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
  }

  function chooseSet(i) {
    var s = cfg.sets[i];
    st.set = i;
    st.layers = ones(s.layers);
    st.heads = ones(s.heads);
    st.queries = ones(s.queries);
    st.keys = ones(s.keys);
    if (!planesCache[i]) {
      planesCache[i] = decodePlanes(root.querySelectorAll("script.e4j-data")[i].textContent, s);
      rowSumCache[i] = [];
    }
    if (els.setSelect) els.setSelect.value = String(i);
    buildTokens(els.qToks, s.queryTokens);
    buildTokens(els.kToks, s.keyTokens);
    buildDims(s);
    els.foot.textContent = s.label + ": " + s.description + "; embedded " + s.layers + " × " + s.heads +
      " maps (" + cfg.detail.replace("_", " ") + ") as float16" + (s.packed ? ", lower triangle only (causal)" : "") + ".";
  }

  function ones(n) {
    var a = new Uint8Array(n);
    a.fill(1);
    return a;
  }

  function applyHash() {
    if (!cfg.standalone || !location.hash) return;
    var kv = {};
    location.hash.slice(1).split("&").forEach(function (part) {
      var i = part.indexOf("=");
      if (i > 0) kv[decodeURIComponent(part.slice(0, i))] = decodeURIComponent(part.slice(i + 1));
    });
    if (kv.set != null) {
      var s = parseInt(kv.set, 10);
      if (s >= 0 && s < cfg.sets.length && s !== st.set) chooseSet(s);
    }
    if (kv.theme) setTheme(kv.theme);
    if (kv.scale === "linear" || kv.scale === "sqrt" || kv.scale === "log") st.scale = els.scale.value = kv.scale;
    ["layers", "heads", "queries", "keys"].forEach(function (name) {
      if (kv[name] != null) fromList(st[name], kv[name]);
    });
    expose = kv.expose === "1";
    if (kv.click) replayClicks(kv.click);
  }

  // "q3;k5+;l1;h2;c1.2+;m4.1": click query 3, shift-click key 5, click layer 1, head 2,
  // shift-click the grid cell of layer 1, head 2, hover matrix cell (query 4, key 1). Real
  // events, so the page's own handlers run.
  function replayClicks(text) {
    text.split(";").forEach(function (c) {
      var m = /^([qklhcm])(\d+)(?:\.(\d+))?(\+?)$/.exec(c);
      if (!m) return;
      var t = null;
      if (m[1] === "m") return hoverCell(+m[2], +(m[3] || 0));
      if (m[1] === "q") t = els.qToks.children[+m[2]];
      else if (m[1] === "k") t = els.kToks.children[+m[2]];
      else if (m[1] === "l") t = els.dims.querySelector('.e4j-layer[data-l="' + +m[2] + '"]');
      else if (m[1] === "h") t = els.dims.querySelector('.e4j-head[data-h="' + +m[2] + '"]');
      else t = els.dims.querySelector('.e4j-cell[data-l="' + +m[2] + '"][data-h="' + +(m[3] || 0) + '"]');
      if (t) t.dispatchEvent(new MouseEvent("click", { bubbles: true, shiftKey: m[4] === "+" }));
    });
  }

  // Moves the mouse over matrix cell (query q, key k), as a reader would, to show its tooltip.
  function hoverCell(q, k) {
    render();
    var c = els.canvas, r = c.getBoundingClientRect(), g = els.geo;
    var x = g.ml + (k + 0.5) * g.cell / g.pool, y = g.mt + (q + 0.5) * g.cell / g.pool;
    c.dispatchEvent(new MouseEvent("mousemove", {
      bubbles: true, clientX: r.left + x * r.width / c.width, clientY: r.top + y * r.height / c.height
    }));
  }

  // "all", or comma-separated positions; positions out of range are ignored, none means all.
  function fromList(flags, text) {
    flags.fill(0);
    if (text !== "all") {
      text.split(",").forEach(function (x) {
        var i = parseInt(x, 10);
        if (i >= 0 && i < flags.length) flags[i] = 1;
      });
    }
    if (count(flags) === 0) flags.fill(1);
  }

  // Inspectus: click selects only this one, or all again when it was the only one; shift toggles.
  function select(flags, i, multi) {
    if (multi) {
      flags[i] = flags[i] ? 0 : 1;
      if (count(flags) === 0) flags.fill(1);
    } else if (flags[i] && count(flags) === 1) {
      flags.fill(1);
    } else {
      flags.fill(0);
      flags[i] = 1;
    }
  }

  function selectCell(l, h, multi) {
    if (multi) {
      select(st.layers, l, true);
      select(st.heads, h, true);
    } else if (st.layers[l] && st.heads[h] && count(st.layers) === 1 && count(st.heads) === 1) {
      st.layers.fill(1);
      st.heads.fill(1);
    } else {
      st.layers.fill(0);
      st.layers[l] = 1;
      st.heads.fill(0);
      st.heads[h] = 1;
    }
  }

  function buildTokens(box, tokens) {
    box.textContent = "";
    var frag = document.createDocumentFragment();
    for (var i = 0; i < tokens.length; i++) {
      var s = el("span", "e4j-tok", tokens[i]);
      s.setAttribute("data-i", String(i));
      frag.appendChild(s);
    }
    box.appendChild(frag);
  }

  function tokenEvents(box, name) {
    box.addEventListener("click", function (e) {
      var i = e.target.getAttribute && e.target.getAttribute("data-i");
      if (i == null) return;
      guard(function () { select(st[name], +i, e.shiftKey); render(); });
    });
    box.addEventListener("mousemove", function (e) {
      var i = e.target.getAttribute && e.target.getAttribute("data-i");
      if (i == null || !cur) return hideTip(P);
      var s = cfg.sets[st.set];
      var tok = name === "queries" ? s.queryTokens[+i] : s.keyTokens[+i];
      var v = name === "queries" ? cur.qh[+i] : cur.kh[+i];
      showTip(P, e, (name === "queries" ? "query " : "key ") + i + "  " + label(tok) + "\nvalue " + fmt(v));
    });
    box.addEventListener("mouseleave", function () { hideTip(P); });
  }

  function buildDims(s) {
    var g = els.dims;
    g.textContent = "";
    g.style.gridTemplateColumns = "auto repeat(" + s.heads + ", minmax(20px, 1fr))";
    g.appendChild(el("span", "e4j-corner"));
    for (var h = 0; h < s.heads; h++) {
      var hl = el("span", "e4j-lab e4j-head", s.headNames[h]);
      hl.setAttribute("data-h", String(h));
      g.appendChild(hl);
    }
    for (var l = 0; l < s.layers; l++) {
      var ll = el("span", "e4j-lab e4j-layer", s.layerNames[l]);
      ll.setAttribute("data-l", String(l));
      g.appendChild(ll);
      for (var hh = 0; hh < s.heads; hh++) {
        var c = el("span", "e4j-cell");
        c.setAttribute("data-l", String(l));
        c.setAttribute("data-h", String(hh));
        g.appendChild(c);
      }
    }
  }

  function dimEvents() {
    els.dims.addEventListener("click", function (e) {
      var t = e.target, l = t.getAttribute("data-l"), h = t.getAttribute("data-h");
      guard(function () {
        if (l != null && h != null) selectCell(+l, +h, e.shiftKey);
        else if (l != null) select(st.layers, +l, e.shiftKey);
        else if (h != null) select(st.heads, +h, e.shiftKey);
        else return;
        render();
      });
    });
    els.dims.addEventListener("mousemove", function (e) {
      var t = e.target, l = t.getAttribute("data-l"), h = t.getAttribute("data-h");
      if (l == null || h == null || !cur) return hideTip(P);
      var s = cfg.sets[st.set];
      showTip(P, e, s.layerNames[+l] + ", " + s.headNames[+h] + "\nvalue " + fmt(cur.dim[+l * s.heads + +h]));
    });
    els.dims.addEventListener("mouseleave", function () { hideTip(P); });
  }

  function render() {
    var s = cfg.sets[st.set], planes = planesCache[st.set];
    var L = indices(st.layers), H = indices(st.heads), Qs = indices(st.queries), Ks = indices(st.keys);
    var m = viewMatrix(planes, s, L, H);
    cur = {
      m: m,
      qh: viewQueryHeatmap(m, s.queries, s.keys, Ks),
      kh: viewKeyHeatmap(m, s.queries, s.keys, Qs),
      dim: viewDimension(planes, s, Qs, Ks, rowSumCache[st.set])
    };
    P.cur = cur;
    P.dark = isDark();
    var lut = P.dark ? luts.dark : luts.light;
    drawMatrix(P, s, lut);
    paintTokens(st.scale, els.qToks, cur.qh, st.queries, lut);
    paintTokens(st.scale, els.kToks, cur.kh, st.keys, lut);
    paintDims(P, s, lut);
    els.status.textContent = L.length + "/" + s.layers + " layers, " + H.length + "/" + s.heads +
      " heads, " + Qs.length + "/" + s.queries + " queries, " + Ks.length + "/" + s.keys + " keys";
    renders++;
    if (renders === 1) root.setAttribute("data-render-ms", (performance.now() - t0).toFixed(1));
    if (expose) {
      els.views.textContent = JSON.stringify({
        set: st.set, layers: L, heads: H, queries: Qs, keys: Ks,
        matrix: s.queries * s.keys <= 65536 ? Array.from(cur.m) : null,
        queryHeatmap: Array.from(cur.qh), keyHeatmap: Array.from(cur.kh), dimension: Array.from(cur.dim)
      });
    }
    root.setAttribute("data-renders", String(renders));
    root.setAttribute("data-state", "ready");
  }

}
