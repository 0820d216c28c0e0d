/* What every page does for its reader, beyond the theme.
 *
 * Print. Each chart prints as its PNG (airace.css), which the page marks loading="lazy": a reader
 * who never prints never downloads it (the PNGs of a chapter weigh about a megabyte). Before the
 * page prints they are fetched; "Print or save as PDF" in the header's download menu
 * (window.airacePrint) waits until they have arrived, so a page printed right after it opens
 * prints every chart, not blank boxes. Folded tables (details.airace-more) print open where the
 * browser does not know ::details-content. */
(function () {
  "use strict";

  function printImages() {
    var images = Array.prototype.slice.call(document.querySelectorAll("img.airace-static"));
    images.forEach(function (img) { img.loading = "eager"; });
    return Promise.all(images.map(function (img) {
      if (img.complete && img.naturalWidth > 0) return Promise.resolve();
      return new Promise(function (done) {
        img.addEventListener("load", done, {once: true});
        img.addEventListener("error", done, {once: true});
      });
    }));
  }

  window.airacePrint = function () {
    return printImages().then(function () { window.print(); });
  };

  var opened = [];
  window.addEventListener("beforeprint", function () {
    printImages();
    opened = Array.prototype.filter.call(document.querySelectorAll("details.airace-more"), function (d) { return !d.open; });
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
