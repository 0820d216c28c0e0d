/* Draws the page's charts with the Vega libraries the site serves itself, when a reader needs them.
 *
 * At first paint every chart is a pre-drawn figure: SVG images this script drew during the build
 * (airace/site/predraw.py), one for each width class (phone, wide) and colour scheme, chosen by the
 * browser from a <picture>'s media queries. The Vega libraries (about 820 KB) are loaded only when
 * a reader interacts with a chart (pointer over it, a tap, keyboard focus) or picks a province to
 * highlight; a reader who only reads never downloads them. The interactive chart is then drawn at
 * the width of the pre-drawn figure the reader sees and scaled like it, so it is the same drawing
 * in the same box and the page does not move when it takes the figure's place.
 *
 * Each figure carries its Vega-Lite spec in a <script type="application/json" class="airace-spec">.
 * Before drawing, the spec is fitted to its width:
 *   - small multiples get fewer columns, maps keep China's proportions, long axis and legend labels
 *     wrap onto lines instead of being cut off, rows of categories grow to hold their wrapped
 *     labels, x-axis titles wrap to the plot, and numeric axes keep only the ticks that fit;
 *   - to the colour scheme: transparent background, light text and gridlines in dark mode;
 *   - the title and subtitle are HTML above the chart (they wrap and are read by screen readers),
 *     so the drawing leaves them out; its accessible name is the title.
 * After drawing, what only the layout shows is put right: a legend running past the right edge
 * moves left, a chart whose text still sticks out is drawn again with tighter wrapping, and
 * labels beside points or on maps are placed apart (or left out, their points keeping tooltips).
 * On a touch screen, a first tap on a shape shows its tooltip, a second follows its link.
 * Charts are redrawn when the width class changes or the reader switches light/dark mode.
 *
 * A chapter's province picker (.airace-picker, airace/story/page.py) lets the reader highlight
 * another province in every chart, kept in the address (?highlight=510000) so a link shares the
 * view: rows flagged is_highlight are re-flagged by the province their code lies in, a filter on
 * the page's province (a map's outline) and the legend's "Guangdong (highlighted)" follow.
 *
 * The build calls window.airaceCharts.predraw(width, mode) to draw every chart of a page at a
 * width and colour scheme and take their SVG: the pre-drawn figures are this script's drawings. */
(function () {
  "use strict";

  // Light-mode colours the house theme (airace/charts.py) writes into specs, and their dark-mode
  // counterparts: text and rules lighter, fills that stood for "white" become the page colour.
  var DARK = {
    "#1f2933": "#e4e7eb",  // INK: titles, legend labels, highlight outline, "actual" fill
    "#616e7c": "#b8c2cc",  // MUTED: axis labels and titles
    "#e4e7eb": "#3e4c59",  // gridlines
    "#9aa5b1": "#7b8794",  // axis domain and ticks
    "#eceff1": "#323f4b",  // base map under city circles
    "#e9e9e9": "#52606d",  // Hong Kong, Macao, Taiwan
    "white": "#14181e"     // province borders, "target" (open) fill
  };

  // Set by the build while it pre-draws: the width and colour scheme to draw at.
  var forced = {width: null, mode: null};

  function theme() {
    if (forced.mode) return forced.mode;
    var mode = document.documentElement.dataset.theme;
    if (mode === "dark" || mode === "light") return mode;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function recolour(value) {
    if (typeof value === "string") return Object.prototype.hasOwnProperty.call(DARK, value) ? DARK[value] : value;
    if (Array.isArray(value)) return value.map(recolour);
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (key) {
        // Data values are never recoloured: only the spec's styling.
        out[key] = (key === "values" || key === "datasets") ? value[key] : recolour(value[key]);
      });
      return out;
    }
    return value;
  }

  // Break text into lines of at most `width` characters, at spaces.
  function wrap(text, width) {
    if (typeof text !== "string" || text.length <= width) return text;
    var lines = [], line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) lines.push(line);
    return lines;
  }

  // A Vega expression that does the same to a label: lines of at most `width` characters.
  function wrapExpression(width) {
    return "split(trim(replace(datum.label, /(.{1," + width + "})(\\s+|$)/g, '$1\\n')), '\\n')";
  }

  // Axes of categories and every legend: labels wrap at `chars`, and no label is ever truncated.
  // `plot` is the estimated width of the plotting area: an x-axis title is centred on it and would
  // run past the chart's right edge if it were wider, and it sets how many ticks fit.
  function fitLabels(node, chars, plot) {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) { node.forEach(function (n) { fitLabels(n, chars, plot); }); return; }
    // A map's provinces are one shape container Vega leaves unnamed; the figure's title and
    // description already say what the map shows (axe svg-img-alt).
    if (node.mark === "geoshape" || (node.mark && node.mark.type === "geoshape")) {
      node.mark = Object.assign(typeof node.mark === "string" ? {type: "geoshape"} : node.mark, {aria: false});
    }
    var encoding = node.encoding;
    // Text drawn in a chart (labels beside points) takes the text colour, not the points' colour:
    // orange or blue type is below 4.5:1 on a white or a dark page. The points keep their colours.
    var mark = typeof node.mark === "string" ? node.mark : node.mark && node.mark.type;
    if (mark === "text" && encoding && encoding.color) delete encoding.color;
    if (mark === "text" && typeof node.mark === "object") { delete node.mark.color; delete node.mark.fill; }
    if (encoding) {
      Object.keys(encoding).forEach(function (channel) {
        var def = encoding[channel];
        if (!def || typeof def !== "object" || Array.isArray(def)) return;
        if (typeof def.title === "string") {
          // At about 7 pixels a character, an x title no wider than the plot it is centred on.
          var titleChars = channel === "x" ? Math.max(12, Math.min(chars, Math.floor(plot / 7))) : Math.max(chars, 24);
          def.title = wrap(def.title, titleChars);
        }
        if ((channel === "x" || channel === "y") && (def.type === "quantitative" || def.type === "temporal") && def.axis !== null) {
          def.axis = Object.assign({}, def.axis || {});
          // Ticks thinned to what fits: labels that would touch ("80100") are left out, never
          // overprinted, and the end labels stay inside the plot instead of running past its edge.
          def.axis.labelOverlap = "greedy";
          def.axis.labelSeparation = 6;
          if (channel === "x") {
            def.axis.labelFlush = true;
            if (!def.axis.values && def.type === "quantitative") def.axis.tickCount = Math.max(2, Math.floor(plot / 60));
          }
        }
        if ((channel === "y" || channel === "x") && def.type === "nominal" && def.axis !== null) {
          def.axis = Object.assign({}, def.axis || {});
          if (!def.axis.labelExpr) def.axis.labelExpr = wrapExpression(chars);
          def.axis.labelLimit = 0;
          def.axis.labelLineHeight = 12;
        }
        if (["color", "fill", "shape", "size", "stroke", "opacity"].indexOf(channel) >= 0 && def.legend !== null) {
          def.legend = Object.assign({}, def.legend || {});
          if (!def.legend.labelExpr) def.legend.labelExpr = wrapExpression(Math.max(chars, 28));
          def.legend.labelLimit = 0;
          def.legend.titleLimit = 0;
          def.legend.orient = "bottom";
          def.legend.direction = "vertical";
        }
      });
    }
    ["layer", "spec", "hconcat", "vconcat", "concat"].forEach(function (key) { fitLabels(node[key], chars, plot); });
  }

  // Every row of every data set the spec carries (Altair puts the data in `datasets`).
  function rows(spec) {
    var out = [];
    Object.keys(spec.datasets || {}).forEach(function (key) { out = out.concat(spec.datasets[key]); });
    (function walk(node) {
      if (!node || typeof node !== "object") return;
      if (node.data && Array.isArray(node.data.values)) out = out.concat(node.data.values);
      ["layer", "spec", "hconcat", "vconcat", "concat"].forEach(function (key) {
        [].concat(node[key] || []).forEach(walk);
      });
    })(spec);
    return out;
  }

  // The y encoding of a chart of categories (one row per category), in the spec or its layers.
  function categoryAxis(spec) {
    var found = null;
    (function walk(node) {
      if (found || !node || typeof node !== "object") return;
      var y = node.encoding && node.encoding.y;
      if (y && y.type === "nominal" && y.field && y.axis !== null) { found = y; return; }
      [].concat(node.layer || []).forEach(walk);
    })(spec);
    return found;
  }

  function lines(text, chars) {
    var wrapped = wrap(String(text), chars);
    return Array.isArray(wrapped) ? wrapped : [wrapped];
  }

  function isMap(spec) {
    return JSON.stringify(spec).indexOf('"geoshape"') >= 0;
  }

  function fitted(original, width, mode, squeeze) {
    var spec = JSON.parse(JSON.stringify(original));
    var title = spec.title;
    var name = typeof title === "string" ? title : (title && title.text) || "";
    delete spec.title;
    spec.description = Array.isArray(name) ? name.join(" ") : name;
    spec.background = "transparent";
    spec.config = spec.config || {};
    spec.config.background = "transparent";
    // Several legends under a chart stack one above the other instead of running off its side.
    // Facet headers and text marks in the house text colour (recoloured for dark mode below).
    spec.config.header = Object.assign({labelColor: "#1f2933", titleColor: "#1f2933"}, spec.config.header || {});
    spec.config.text = Object.assign({color: "#1f2933"}, spec.config.text || {});
    spec.config.legend = Object.assign({}, spec.config.legend || {},
      {layout: {bottom: {direction: "vertical", anchor: "start"}}});
    // Category labels get about 40% of the width, at roughly 6.5 pixels a character; `squeeze`
    // is below 1 when a first drawing still had text past the chart's edge (see fits below).
    var room = width * squeeze;
    var chars = Math.max(16, Math.floor(Math.min(room * 0.5, 280) / 6));
    var plot = room - 60;
    if (spec.facet && spec.spec) {
      // Small multiples: as many columns as fit, each panel no wider than it was designed.
      var panel = spec.spec.width || 140, columns = spec.columns || 3;
      var fit = Math.max(1, Math.min(columns, Math.floor(width / (panel + 60))));
      spec.columns = fit;
      spec.spec.width = Math.min(panel, Math.floor(width / fit) - 60);
      spec.facet.header = Object.assign({}, spec.facet.header || {},
        {labelExpr: wrapExpression(Math.max(14, Math.floor((spec.spec.width + 40) / 6.5))), labelLimit: 0});
    } else {
      var axis = categoryAxis(spec);
      if (axis) {
        // A row per category, tall enough for its label's wrapped lines (12 pixels a line):
        // a three-line label in a 22-pixel row overprints the labels above and below it.
        var values = [], seen = {};
        rows(spec).forEach(function (row) {
          var v = row[axis.field];
          if (v != null && !seen[v]) { seen[v] = true; values.push(String(v)); }
        });
        var most = 1, longest = 0;
        values.forEach(function (v) {
          var ls = lines(v, chars);
          most = Math.max(most, ls.length);
          ls.forEach(function (l) { longest = Math.max(longest, l.length); });
        });
        if (values.length && typeof spec.height === "number") {
          spec.height = values.length * Math.max(spec.height / values.length, most * 12 + 8);
        }
        plot = room - Math.min(chars, longest) * 6.5 - 20;
      }
      // The whole drawing, padding included, is `width` wide: the pre-drawn figure's width.
      spec.width = width;
      spec.autosize = {type: "fit-x", contains: "padding"};
      if (isMap(spec)) {
        // China is about 1.3 times as wide as tall in this projection.
        spec.height = Math.round(Math.min(spec.height || 400, width * 0.77));
      }
    }
    fitLabels(spec, chars, Math.max(80, plot));
    return mode === "dark" ? recolour(spec) : spec;
  }

  var figures = [];

  // The province the reader chose, against the page's own (null: no picker, or the page's own).
  var highlight = {from: null, to: null, names: {}};
  // The fields that carry a place's code, in the order airace/story/charts.py reads them.
  var CODE_FIELDS = ["province_code", "region_code", "code"];

  function sameProvince(code, province) {
    return typeof code === "string" && code.length === 6 && code.slice(0, 2) === province.slice(0, 2);
  }

  function rehighlighted(original) {
    if (!highlight.to || highlight.to === highlight.from) return original;
    var from = highlight.from, to = highlight.to;
    var spec = JSON.parse(JSON.stringify(original));
    var datasets = spec.datasets || {}, found = false;
    Object.keys(datasets).forEach(function (key) {
      (datasets[key] || []).forEach(function (row) {
        if (!row || typeof row.is_highlight !== "boolean") return;
        var field = CODE_FIELDS.filter(function (f) { return row[f]; })[0];
        if (field) row.is_highlight = sameProvince(String(row[field]), to);
        found = found || row.is_highlight;
      });
    });
    // A legend never names a colour nothing on the chart has.
    var oldLabel = highlight.names[from] + " (highlighted)";
    var newLabel = highlight.names[to] + (found ? " (highlighted)" : " (highlighted): none in this chart");
    function swap(value, key) {
      if (key === "datasets" || key === "values") return value;   // data stay as they are
      if (typeof value === "string") {
        if (value === oldLabel) return newLabel;
        return value.split(JSON.stringify(from)).join(JSON.stringify(to)).split(JSON.stringify(oldLabel)).join(JSON.stringify(newLabel));
      }
      if (Array.isArray(value)) return value.map(function (v) { return swap(v); });
      if (value && typeof value === "object") {
        var out = {};
        Object.keys(value).forEach(function (k) { out[k] = swap(value[k], k); });
        return out;
      }
      return value;
    }
    return swap(spec);
  }

  // One loader for every chart on the page: the province geometry several maps share is
  // fetched once, and redrawing (a new width, a new colour mode) fetches nothing.
  var loader = null;
  function sharedLoader() {
    if (loader) return loader;
    loader = vega.loader();
    var load = loader.load, cache = {};
    loader.load = function (uri, options) {
      if (!cache[uri]) cache[uri] = load.call(loader, uri, options);
      return cache[uri];
    };
    return loader;
  }

  // Size and shape keys have no colour scale of their own: Vega-Lite paints them with the mark's
  // colour and opacity (black, or a faded blue), which vanish on the dark page. Their symbols
  // are painted in the muted text colour with a text-coloured outline, in the compiled Vega spec,
  // since Vega-Lite lets the mark's colour win over a legend's own symbol settings.
  function visibleKeys(mode) {
    var paint = function (colour) { return mode === "dark" ? DARK[colour] : colour; };
    return function patch(node) {
      if (!node || typeof node !== "object") return node;
      (node.legends || []).forEach(function (legend) {
        if (!(legend.size || legend.shape) || legend.fill || legend.stroke) return;
        legend.encode = legend.encode || {};
        legend.encode.symbols = legend.encode.symbols || {};
        legend.encode.symbols.update = Object.assign({}, legend.encode.symbols.update || {}, {
          fill: {value: paint("#616e7c")}, stroke: {value: paint("#1f2933")},
          strokeWidth: {value: 1}, opacity: {value: 1}, fillOpacity: {value: 1}});
      });
      (node.marks || []).forEach(patch);
      return node;
    };
  }

  // ---------------------------------------------------------------------------------------
  // After drawing: what the spec could not know before layout

  function box(el) {
    var r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  }

  function hidden(el, stop) {
    for (var n = el; n && n !== stop; n = n.parentNode) {
      var s = getComputedStyle(n);
      if (s.display === "none" || s.visibility === "hidden" || Number(s.opacity) === 0) return true;
    }
    return false;
  }

  // Two boxes closer than 2 pixels: "80" and "100" side by side read as "80100".
  function collide(a, b) {
    return Math.min(a.right, b.right) - Math.max(a.left, b.left) > -2 &&
           Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  }

  function inside(a, frame) {
    return a.left >= frame.left && a.right <= frame.right && a.top >= frame.top && a.bottom <= frame.bottom;
  }

  function moved(a, dx, dy) {
    return {left: a.left + dx, right: a.right + dx, top: a.top + dy, bottom: a.bottom + dy};
  }

  // The part of `frame` an element is drawn in: Vega clips a mark with clip set to its plot, by a
  // clip-path on the mark's group whose shape is in that group's coordinates.
  function clipped(el, frame) {
    var area = frame;
    for (var n = el; n && n.tagName !== "svg"; n = n.parentNode) {
      var ref = /url\(["']?#([^"')]+)/.exec(n.getAttribute && n.getAttribute("clip-path") || "");
      var shape = ref && document.getElementById(ref[1]) && document.getElementById(ref[1]).firstElementChild;
      if (!shape) continue;
      var b = shape.getBBox(), m = n.getScreenCTM();
      var a = new DOMPoint(b.x, b.y).matrixTransform(m), z = new DOMPoint(b.x + b.width, b.y + b.height).matrixTransform(m);
      area = {left: Math.max(area.left, Math.min(a.x, z.x)), right: Math.min(area.right, Math.max(a.x, z.x)),
              top: Math.max(area.top, Math.min(a.y, z.y)), bottom: Math.min(area.bottom, Math.max(a.y, z.y))};
    }
    return area;
  }

  // Screen pixels per unit of the drawing: the chart is drawn at its width class's width and
  // scaled to the column, so a move measured on screen is divided by this before it is applied.
  function scaleOf(svg) {
    var drawn = svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width;
    return drawn ? svg.getBoundingClientRect().width / drawn : 1;
  }

  // A legend that starts at the plot's left edge (after the category labels) can run past the
  // chart's right edge: it moves left, under the labels, as far as it needs.
  function pullLegendsIn(svg, frame) {
    svg.querySelectorAll("g.role-legend").forEach(function (legend) {
      var b = box(legend), over = b.right - frame.right;
      if (over <= 0) return;
      var shift = Math.min(over + 2, b.left - frame.left - 2);
      if (shift > 0) legend.setAttribute("transform", "translate(" + (-shift / scaleOf(svg)) + ",0) " + (legend.getAttribute("transform") || ""));
    });
  }

  // Labels drawn beside points or on maps (text marks): each keeps its place if it is free, else
  // moves into the chart, to the other side of its point, above or below it; a label with no free
  // place is left out, and its point keeps its tooltip and its row in the data table. Labels come
  // in data order, so the places a chart's title names and its largest symbols, listed first, win.
  function placeLabels(svg, frame) {
    // Sizes below are in the drawing's units, so a figure scaled to a wider column places its
    // labels as the pre-drawn one did.
    var k = scaleOf(svg);
    Array.prototype.forEach.call(svg.querySelectorAll("g.mark-text.role-mark text[visibility]"), function (t) {
      t.removeAttribute("visibility");
    });
    var texts = Array.prototype.slice.call(svg.querySelectorAll("text")).filter(function (t) {
      return t.textContent.trim() && !hidden(t, svg);
    });
    var isLabel = function (t) { return t.closest("g.mark-text.role-mark"); };
    // Placing twice starts from where Vega put each label, not from the last placing.
    texts.filter(isLabel).forEach(function (t) {
      if (t.hasAttribute("data-drawn-at")) t.setAttribute("transform", t.getAttribute("data-drawn-at"));
      else t.setAttribute("data-drawn-at", t.getAttribute("transform") || "");
    });
    var taken = texts.filter(function (t) { return !isLabel(t); }).map(box);
    // Small points are in the way too (a label over another scheme's dot reads as its label);
    // a map's large circles are not: labels may lie across them, as on any printed map.
    var dots = Array.prototype.slice.call(svg.querySelectorAll("g.mark-symbol.role-mark path")).map(box)
      .filter(function (b) { return b.right - b.left <= 24 * k; });
    var overDot = function (c) {
      return dots.some(function (d) {
        return Math.min(c.right, d.right) - Math.max(c.left, d.left) > 0 && Math.min(c.bottom, d.bottom) - Math.max(c.top, d.top) > 0;
      });
    };
    texts.filter(isLabel).forEach(function (t) {
      var b = box(t), w = b.right - b.left, h = b.bottom - b.top;
      // Clipped labels (clip in the spec, so they do not widen the chart and shrink its plot)
      // must stay inside the clip, the plot: outside it they would be cut off.
      var area = clipped(t, frame);
      var anchor = t.getAttribute("text-anchor") || "start";
      // The other side of the point: a left-anchored label sits dx pixels right of it.
      var across = anchor === "start" ? -(w + 16 * k) : anchor === "end" ? w + 16 * k : 0;
      var tries = [[0, 0], [across, 0], [0, -h], [0, h], [across, -h], [across, h]];
      var place = null;
      // Every place clear of dots first; then, rather than leave the label out, across a dot
      // (a cluster of small circles on a map would otherwise hide the name its title gives).
      [true, false].some(function (avoidDots) {
        return tries.some(function (d) {
          var c = moved(b, d[0], d[1]);
          // Nudged into the chart sideways when it sticks out a little.
          var nudge = c.left < area.left ? area.left - c.left : c.right > area.right ? area.right - c.right : 0;
          c = moved(c, nudge, 0);
          if (inside(c, area) && !(avoidDots && overDot(c)) && !taken.some(function (o) { return collide(c, o); })) {
            place = [d[0] + nudge, d[1], c];
            return true;
          }
          return false;
        });
      });
      if (!place) { t.setAttribute("visibility", "hidden"); return; }
      if (place[0] || place[1]) t.setAttribute("transform", "translate(" + place[0] / k + "," + place[1] / k + ") " + (t.getAttribute("transform") || ""));
      taken.push(place[2]);
    });
  }

  // Text other than labels (axis and legend titles, tick labels) that still sticks out.
  function overflowing(svg, frame) {
    return Array.prototype.slice.call(svg.querySelectorAll("text")).filter(function (t) {
      if (!t.textContent.trim() || t.closest("g.mark-text.role-mark") || hidden(t, svg)) return false;
      var b = box(t), slack = {left: frame.left - 1, right: frame.right + 1, top: frame.top - 1, bottom: frame.bottom + 1};
      return b.right - b.left > 0 && !inside(b, slack);
    }).length;
  }

  // ---------------------------------------------------------------------------------------
  // The libraries, loaded once and only when a chart is first made interactive

  var BASE = ((document.currentScript && document.currentScript.src) || "").replace(/airace-charts\.js(\?.*)?$/, "");
  var LIBRARIES = ["vendor/vega.min.js", "vendor/vega-lite.min.js", "vendor/vega-embed.min.js"];
  var libraries = null;

  function loadLibraries() {
    if (libraries) return libraries;
    if (window.vegaEmbed) return (libraries = Promise.resolve());
    // In order: Vega-Lite needs Vega, vega-embed needs both.
    libraries = LIBRARIES.reduce(function (ready, file) {
      return ready.then(function () {
        return new Promise(function (done, fail) {
          var script = document.createElement("script");
          script.src = BASE + file;
          script.onload = done;
          script.onerror = function () { fail(new Error("could not load " + file)); };
          document.head.appendChild(script);
        });
      });
    }, Promise.resolve());
    return libraries;
  }

  // The width to draw at: that of the pre-drawn figure the reader's screen shows (the picture
  // lists its width classes, each a media query and a width), so the live chart is the same
  // drawing; a figure with no pre-drawn picture is drawn to its column's width.
  function drawingWidth(figure) {
    if (forced.width) return forced.width;
    var picture = figure.element.querySelector("picture.airace-predrawn");
    var classes = picture ? JSON.parse(picture.dataset.widths || "[]") : [];
    for (var i = 0; i < classes.length; i++) {
      if (!classes[i][0] || window.matchMedia(classes[i][0]).matches) return classes[i][1];
    }
    return figure.element.clientWidth;
  }

  // Resolves when the chart is drawn (after any redrawing with tighter wrapping).
  function draw(figure, squeeze) {
    var width = drawingWidth(figure);
    var mode = theme();
    // The same drawing, done or under way, is not started again.
    if (!squeeze && figure.drawing && figure.width === width && figure.mode === mode && figure.highlight === highlight.to) {
      return figure.drawing;
    }
    squeeze = squeeze || 1;
    figure.width = width;
    figure.mode = mode;
    figure.highlight = highlight.to;
    if (figure.view) figure.view.finalize();
    figure.view = null;
    if (!figure.live) {
      // Drawn out of sight over the pre-drawn figure, then shown in its place (airace.css).
      figure.live = document.createElement("div");
      figure.live.className = "airace-live";
      figure.element.appendChild(figure.live);
    }
    // A drawing that a later one (a resize, a colour switch) overtook is dropped when it arrives.
    var token = figure.token = {};
    // A redrawing (a new width class, mode or highlight) is laid out out of sight too, with the
    // pre-drawn figure in its place meanwhile, so the page does not move.
    var predrawn = figure.element.querySelector("picture.airace-predrawn");
    if (predrawn) predrawn.hidden = false;
    figure.live.classList.remove("airace-shown");
    figure.live.style.width = width + "px";
    figure.drawing = vegaEmbed(figure.live, fitted(rehighlighted(figure.spec), width, mode, squeeze), {renderer: "svg", actions: false, loader: sharedLoader(), patch: visibleKeys(mode)})
      .then(function (result) {
        if (token !== figure.token) { result.view.finalize(); return figure.drawing; }
        figure.view = result.view;
        var svg = figure.live.querySelector("svg");
        if (svg && figure.name) svg.setAttribute("aria-label", figure.name);
        if (svg) {
          // Laid out at its own width (scale 1, as the build pre-draws it), so labels are placed
          // exactly as on the pre-drawn figure; the frame is the drawing itself, not its box,
          // which still has the pre-drawn figure's size (or none, the first time the build draws).
          var frame = box(svg);
          pullLegendsIn(svg, frame);
          // The width is a guess made before layout: if titles still stick out, wrap tighter.
          if (overflowing(svg, frame) && squeeze > 0.5) return draw(figure, squeeze * 0.8);
          placeLabels(svg, frame);
        }
        figure.live.style.width = "";
        figure.live.classList.add("airace-shown");
        var picture = figure.element.querySelector("picture.airace-predrawn");
        if (picture) picture.hidden = true;
        figure.element.dataset.drawn = "true";
      })
      .catch(function (error) { console.error("chart " + figure.element.id + ": " + error); });
    return figure.drawing;
  }

  // Make a chart interactive: load the libraries (once), then draw it live.
  function liven(figure) {
    figure.wanted = true;
    return loadLibraries().then(function () { return draw(figure); });
  }

  // A finger has no hover: Vega shows tooltips on pointer moves and follows a shape's link on a
  // click, so a tap on a province would leave the page before its tooltip was read. On touch, the
  // first tap on a shape shows its tooltip and a second tap on the same shape follows its link.
  function touchTooltips(figure) {
    var touch = false, shown = null;
    figure.element.addEventListener("pointerdown", function (event) { touch = event.pointerType === "touch"; }, true);
    figure.element.addEventListener("click", function (event) {
      var item = event.target && event.target.__data__;  // Vega's scenegraph item for an SVG element
      if (!touch || !item || item.tooltip == null) return;
      if (shown === item && item.href) return;  // the second tap: Vega follows the link
      shown = item;
      if (item.href) { event.stopPropagation(); event.preventDefault(); }
      event.target.dispatchEvent(new PointerEvent("pointermove", {bubbles: true, clientX: event.clientX,
        clientY: event.clientY, pointerType: "touch"}));
    }, true);
  }

  // The picker: shown only where charts are drawn; its choice read from and kept in the address.
  function startPicker() {
    var picker = document.querySelector(".airace-picker");
    if (!picker) return;
    var select = picker.querySelector("select");
    highlight.from = picker.dataset.default;
    Array.prototype.forEach.call(select.options, function (o) { highlight.names[o.value] = o.textContent; });
    var asked = new URLSearchParams(window.location.search).get("highlight");
    if (asked && Object.prototype.hasOwnProperty.call(highlight.names, asked)) {
      highlight.to = asked;
      select.value = asked;
    }
    picker.hidden = false;
    select.addEventListener("change", function () {
      highlight.to = select.value;
      figures.forEach(liven);
      var address = new URL(window.location.href);
      if (select.value === highlight.from) address.searchParams.delete("highlight");
      else address.searchParams.set("highlight", select.value);
      window.history.replaceState(null, "", address.toString());
    });
  }

  // The pre-drawn figures follow the theme's light/dark switch (data-theme on <html>), which may
  // differ from the system's scheme their media queries read; with no script they follow the system.
  function syncPictures() {
    var mode = document.documentElement.dataset.theme;
    document.querySelectorAll("picture.airace-predrawn source[data-scheme='dark']").forEach(function (source) {
      if (!source.dataset.media) source.dataset.media = source.media;
      var width = source.dataset.query || "";
      source.media = mode === "dark" ? (width || "all") : mode === "light" ? "not all" : source.dataset.media;
    });
  }

  function redrawLive() {
    if (forced.width) return;  // the build is pre-drawing at widths of its own
    figures.forEach(function (f) { if (f.wanted) draw(f); });
  }

  function start() {
    startPicker();
    syncPictures();
    document.querySelectorAll("script.airace-spec").forEach(function (holder) {
      var element = document.getElementById(holder.dataset.for);
      if (!element) return;
      var spec = JSON.parse(holder.textContent);
      var outer = element.closest("figure");
      var title = outer && document.getElementById(outer.getAttribute("aria-labelledby") || "");
      var figure = {element: element, spec: spec, name: title ? title.textContent : ""};
      figures.push(figure);
      touchTooltips(figure);
      // A reader reaching for the chart: a pointer over it (a mouse, or a finger's first tap) or
      // keyboard focus inside it.
      ["pointerover", "pointerdown", "focusin"].forEach(function (type) {
        element.addEventListener(type, function () { if (!figure.wanted) liven(figure); }, {passive: true});
      });
    });
    // A link with ?highlight= asks for the charts as the reader who shared it saw them.
    if (highlight.to && highlight.to !== highlight.from) figures.forEach(liven);
    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(redrawLive, 200);
    });
    // The theme's light/dark switch sets data-theme on <html>.
    new MutationObserver(function () { syncPictures(); redrawLive(); })
      .observe(document.documentElement, {attributes: true, attributeFilter: ["data-theme"]});
    // The static images print in the charts' place; they load lazily on screen (where they are
    // hidden), so fetch them all as soon as the page is about to print.
    function loadImagesForPrint() {
      document.querySelectorAll("img.airace-static").forEach(function (img) { img.loading = "eager"; });
    }
    window.addEventListener("beforeprint", loadImagesForPrint);
    if (window.matchMedia) {
      var printing = window.matchMedia("print");
      if (printing.addEventListener) printing.addEventListener("change", function (e) { if (e.matches) loadImagesForPrint(); });
      var query = window.matchMedia("(prefers-color-scheme: dark)");
      if (query.addEventListener) query.addEventListener("change", redrawLive);
    }
  }

  // For the build (airace/site/predraw.py) and the tests: draw every chart of the page now, at a
  // width and colour scheme (the build's) or as the reader's screen asks (drawAll()).
  window.airaceCharts = {
    drawAll: function () {
      return Promise.all(figures.map(liven));
    },
    predraw: function (width, mode) {
      forced.width = width;
      forced.mode = mode;
      return loadLibraries().then(function () {
        return Promise.all(figures.map(function (f) { f.wanted = true; return draw(f); }));
      }).then(function () {
        return figures.map(function (f) {
          var svg = f.live && f.live.querySelector("svg");
          return {id: f.element.id, svg: svg ? svg.outerHTML : null};
        });
      });
    }
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
