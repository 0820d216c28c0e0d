/* Draws every chart on a page with the Vega libraries the site serves itself.
 *
 * Each figure carries its Vega-Lite spec in a <script type="application/json" class="airace-spec">.
 * Before drawing, the spec is fitted to the reader:
 *   - to the width of its column (Vega-Lite width "container"; small multiples get fewer columns),
 *     maps keep China's proportions, long axis and legend labels wrap onto lines instead of
 *     being cut off;
 *   - to the page's colour mode: transparent background, light text and gridlines in dark mode;
 *   - the title and subtitle are HTML above the chart (they wrap and are read by screen readers),
 *     so the drawing leaves them out; its accessible name is the title.
 * Charts are redrawn when the column width changes or the reader switches light/dark mode.
 *
 * A chapter's province picker (.airace-picker, airace/story/page.py) lets the reader highlight
 * another province in every chart, kept in the address (?highlight=510000) so a link shares the
 * view: rows flagged is_highlight are re-flagged by the province their code lies in, a filter on
 * the page's province (a map's outline) and the legend's "Guangdong (highlighted)" follow. */
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

  function theme() {
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
  function fitLabels(node, chars) {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) { node.forEach(function (n) { fitLabels(n, chars); }); return; }
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
        if (typeof def.title === "string") def.title = wrap(def.title, Math.max(chars, 24));
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
    ["layer", "spec", "hconcat", "vconcat", "concat"].forEach(function (key) { fitLabels(node[key], chars); });
  }

  function isMap(spec) {
    return JSON.stringify(spec).indexOf('"geoshape"') >= 0;
  }

  function fitted(original, width, mode) {
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
    // Category labels get about 40% of the width, at roughly 6.5 pixels a character.
    var chars = Math.max(16, Math.floor(Math.min(width * 0.5, 280) / 6));
    if (spec.facet && spec.spec) {
      // Small multiples: as many columns as fit, each panel no wider than it was designed.
      var panel = spec.spec.width || 140, columns = spec.columns || 3;
      var fit = Math.max(1, Math.min(columns, Math.floor(width / (panel + 60))));
      spec.columns = fit;
      spec.spec.width = Math.min(panel, Math.floor(width / fit) - 60);
      spec.facet.header = Object.assign({}, spec.facet.header || {},
        {labelExpr: wrapExpression(Math.max(14, Math.floor((spec.spec.width + 40) / 6.5))), labelLimit: 0});
    } else {
      spec.width = "container";
      spec.autosize = {type: "fit-x", contains: "padding"};
      if (isMap(spec)) {
        // China is about 1.3 times as wide as tall in this projection.
        spec.height = Math.round(Math.min(spec.height || 400, width * 0.77));
      }
    }
    fitLabels(spec, chars);
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
    var datasets = spec.datasets || {};
    Object.keys(datasets).forEach(function (key) {
      (datasets[key] || []).forEach(function (row) {
        if (!row || typeof row.is_highlight !== "boolean") return;
        var field = CODE_FIELDS.filter(function (f) { return row[f]; })[0];
        if (field) row.is_highlight = sameProvince(String(row[field]), to);
      });
    });
    var oldLabel = highlight.names[from] + " (highlighted)", newLabel = highlight.names[to] + " (highlighted)";
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

  function draw(figure) {
    var width = figure.element.clientWidth;
    var mode = theme();
    if (figure.view && figure.width === width && figure.mode === mode && figure.highlight === highlight.to) return;
    figure.width = width;
    figure.mode = mode;
    figure.highlight = highlight.to;
    if (figure.view) figure.view.finalize();
    vegaEmbed(figure.element, fitted(rehighlighted(figure.spec), width, mode), {renderer: "svg", actions: false, loader: sharedLoader()})
      .then(function (result) {
        figure.view = result.view;
        var svg = figure.element.querySelector("svg");
        if (svg && figure.name) svg.setAttribute("aria-label", figure.name);
        figure.element.dataset.drawn = "true";
      })
      .catch(function (error) { console.error("chart " + figure.element.id + ": " + error); });
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
      var address = new URL(window.location.href);
      if (select.value === highlight.from) address.searchParams.delete("highlight");
      else address.searchParams.set("highlight", select.value);
      window.history.replaceState(null, "", address.toString());
      figures.forEach(draw);
    });
  }

  function start() {
    startPicker();
    document.querySelectorAll("script.airace-spec").forEach(function (holder) {
      var element = document.getElementById(holder.dataset.for);
      if (!element) return;
      var spec = JSON.parse(holder.textContent);
      var figure = element.closest("figure");
      var title = figure && document.getElementById(figure.getAttribute("aria-labelledby") || "");
      figures.push({element: element, spec: spec, name: title ? title.textContent : ""});
    });
    figures.forEach(draw);
    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { figures.forEach(draw); }, 200);
    });
    // The theme's light/dark switch sets data-theme on <html>.
    new MutationObserver(function () { figures.forEach(draw); })
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
      if (query.addEventListener) query.addEventListener("change", function () { figures.forEach(draw); });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
