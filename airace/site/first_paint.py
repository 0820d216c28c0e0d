"""How soon a reader on a mid-range phone sees the charts: one cold visit to a page in Chromium with
DevTools' "Slow 4G" network and a CPU slowed four times, measured from the browser's own clocks.

Used by `make benchmark` only: timings vary from run to run and from machine to machine, so they are
reported, never asserted by a test. Per page it reports
  - first paint: the browser's first-contentful-paint entry;
  - first chart visible / every chart visible: the first animation frame at which a chart's box
    holds a drawing (a pre-drawn figure that has loaded, or an interactive one) with a size;
  - bytes before the first chart: what had arrived over the wire (transferSize, so compressed
    where the host compresses) by the time the first chart was visible, and total bytes;
  - layout shift: the page's cumulative layout shift score (shifts right after input excluded,
    as the browser reports them), over the load and a few quiet seconds after it.
"""

from __future__ import annotations

# DevTools' "Slow 4G" preset as the issue names it: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up.
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
CPU_SLOWDOWN = 4
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}

# Runs before any of the page's own scripts: watches every frame for charts that became visible
# and collects layout shifts from the start.
WATCH = """
(() => {
  const seen = {};
  window.__airaceShift = 0;
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__airaceShift += e.value;
  }).observe({type: 'layout-shift', buffered: true});
  function drawn(box) {
    const drawing = box.querySelector('svg, canvas, img');
    if (!drawing) return false;
    if (drawing.tagName === 'IMG' && !(drawing.complete && drawing.naturalWidth > 0)) return false;
    const r = drawing.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  }
  function frame() {
    document.querySelectorAll('.airace-chart').forEach((box, i) => {
      if (!(i in seen) && drawn(box)) seen[i] = performance.now();
    });
    window.__airaceCharts = {count: document.querySelectorAll('.airace-chart').length, seen};
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
})();
"""

RESULT = """() => {
  const charts = window.__airaceCharts || {count: 0, seen: {}};
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  // Nothing is visible before the page's first paint: a figure that arrived earlier shows with it.
  const times = Object.values(charts.seen).map(t => paint ? Math.max(t, paint.startTime) : t);
  const first = times.length ? Math.min(...times) : null;
  const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  return {
    firstPaint: paint ? paint.startTime : null,
    charts: charts.count,
    drawn: times.length,
    firstChart: first,
    everyChart: times.length === charts.count && times.length ? Math.max(...times) : null,
    bytesBeforeFirstChart: first === null ? null
      : entries.filter(e => e.responseEnd <= first).reduce((sum, e) => sum + e.transferSize, 0),
    bytes: entries.reduce((sum, e) => sum + e.transferSize, 0),
    shift: window.__airaceShift,
    scripts: entries.filter(e => /vega/.test(e.name)).map(e => e.name.split('/').pop()),
  };
}"""


def measure(browser, url: str, settle_ms: int = 4000, timeout_ms: int = 120_000) -> dict:
    """One cold visit (a new context: empty cache) to `url` on the throttled phone profile."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", SLOW_4G)
    session.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.add_init_script(WATCH)
    page.goto(url, wait_until="load", timeout=timeout_ms)
    # Every chart drawn, or the page has had its time: a reader does not wait longer.
    try:
        page.wait_for_function("() => window.__airaceCharts && Object.keys(window.__airaceCharts.seen).length"
                               " === window.__airaceCharts.count", timeout=timeout_ms)
    except Exception:  # playwright's timeout: reported as charts not drawn
        pass
    page.wait_for_timeout(settle_ms)
    result = page.evaluate(RESULT)
    context.close()
    return result


def row(page: str, m: dict) -> tuple[str, str]:
    """One line of the benchmark's report for a page."""
    def seconds(value):
        return "never" if value is None else f"{value / 1000:.2f} s"
    after_paint = (m["firstChart"] - m["firstPaint"]) if m["firstChart"] is not None and m["firstPaint"] else None
    return (f"  {page}",
            f"first paint {seconds(m['firstPaint'])}, first chart {seconds(m['firstChart'])} "
            f"({seconds(after_paint)} after first paint), every chart ({m['drawn']}/{m['charts']}) {seconds(m['everyChart'])}; "
            f"{(m['bytesBeforeFirstChart'] or 0) / 1e3:,.0f} KB before the first chart, {m['bytes'] / 1e3:,.0f} KB in all; "
            f"layout shift {m['shift']:.3f}" + (f"; Vega loaded: {', '.join(m['scripts'])}" if m["scripts"] else ""))
