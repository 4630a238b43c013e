// check.mjs - opens pages of a generated site in a real headless Chromium.
//
//   node check.mjs --site DIR [--chromium PATH] [--shots DIR] PAGE...
//
// Serves DIR over HTTP on 127.0.0.1 (a tiny static server below), then for
// each PAGE (a path such as "index.html" or "thu-tuc/index.html"; a PAGE
// written "404:some/missing/path" must be answered with the site's 404 page,
// status 404) at 390 px and 1280 px wide checks:
//   - no console error and no uncaught exception,
//   - no failed request (network error, HTTP status >= 400, or a request
//     that leaves the site),
//   - at 390 px, no horizontal scroll (scrollWidth <= innerWidth),
//   - at 390 px, every table reads right (tables.js): scrolled sideways to
//     its start, middle and end, each heading cell stands over its own
//     column, and a heading is visible exactly where its column's cells are
//     (a column kept in view must keep its heading in view too); a table
//     shown as cards has a label on every cell and no sideways scroll,
//   - at 390 px, chart text is at least 12 CSS px: a chart image declares
//     the smallest text it draws (data-text-px, in px of its 1x image), and
//     that size times the shown width over the image's own width is the
//     size a reader sees; once one chart of a page declares it, every chart
//     image must,
//   - axe-core finds no WCAG 2.0/2.1 A or AA violation.
// --only tables,charts runs only those checks (the self-test of the checks
// on tests/browser/fixtures).
// Each (page, width, check) prints one line "RESULT ok DESC" or
// "RESULT fail DESC", followed by indented details; tests/checks/browser.sh
// counts them.  The last line is "DONE N" (N results) when the run got to
// the end.  Every wait has a time limit and the browser is always closed.
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const layoutSource = fs.readFileSync(new URL("./layout.js", import.meta.url), "utf8");

const WIDTHS = [
  { width: 390, height: 844 },
  { width: 1280, height: 900 },
];
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const MIN_CHART_TEXT = 12; // CSS px, at 390 px
const LAUNCH_MS = 60000;
const PAGE_MS = 30000;
const AXE_MS = 60000;
const LAYOUT_MS = 60000;
const CLOSE_MS = 10000;
const TOTAL_MS_BASE = 60000;
const TOTAL_MS_PAGE = 40000; // per page, both widths
const CHECKS = ["console", "requests", "scroll", "tables", "charts", "axe"];

function usage(msg) {
  if (msg) console.error("check.mjs: " + msg);
  console.error("usage: node check.mjs --site DIR [--chromium PATH] [--shots DIR] [--only CHECK,...] PAGE...");
  process.exit(2);
}

function parseArgs(argv) {
  const o = { site: null, chromium: "/usr/bin/chromium", shots: null, only: null, pages: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--site" || a === "--chromium" || a === "--shots" || a === "--only") {
      if (i + 1 >= argv.length) usage(a + " needs a value");
      o[a.slice(2)] = argv[++i];
    } else if (a.startsWith("--")) {
      usage("unknown option " + a);
    } else {
      o.pages.push(a);
    }
  }
  if (!o.site) usage("--site is required");
  if (!o.pages.length) usage("name at least one page");
  o.only = o.only ? o.only.split(",") : CHECKS;
  for (const c of o.only) if (!CHECKS.includes(c)) usage("unknown check " + c);
  return o;
}

let results = 0;
function result(pass, desc, details = []) {
  results++;
  console.log("RESULT " + (pass ? "ok" : "fail") + " " + desc);
  for (const d of details) console.log("    " + d);
}

// Rejects after ms milliseconds, so that no await can hang for ever.
function withTimeout(promise, ms, what) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(what + ": no answer in " + ms / 1000 + " s")), ms);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

// ---- a tiny static file server ----

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".zip": "application/zip",
};

function startServer(root) {
  const top = path.resolve(root);
  const server = http.createServer((req, res) => {
    const send = (status, type, body) => {
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "text/plain", "method not allowed\n");
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      return send(400, "text/plain", "bad request\n");
    }
    if (rel.includes("\0")) return send(400, "text/plain", "bad request\n");
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.resolve(top, "." + rel);
    if (file !== top && !file.startsWith(top + path.sep)) return send(403, "text/plain", "forbidden\n");
    fs.readFile(file, (err, body) => {
      if (err) {
        fs.readFile(path.join(top, "404.html"), (e2, nf) =>
          e2 ? send(404, "text/plain", "not found\n") : send(404, TYPES[".html"], nf));
        return;
      }
      send(200, TYPES[path.extname(file).toLowerCase()] || "application/octet-stream", body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

// ---- one page at one width ----

// The checks of one width, in the order they report.
function checksAt(width, only) {
  return CHECKS.filter((c) => only.includes(c) && (width === 390 || !["scroll", "tables", "charts"].includes(c)));
}

// Tables: each one scrolled into view and sideways (layout.js).
async function checkTables(tab, label) {
  let got = null, err = null;
  try {
    await withTimeout(tab.evaluate(layoutSource), LAYOUT_MS, "loading layout.js");
    // eslint-disable-next-line no-undef
    got = await withTimeout(tab.evaluate(() => window.mbLayout.tables()), LAYOUT_MS, "checking tables");
  } catch (e) {
    err = e.message;
  }
  if (err) return result(false, label + ": tables line up", [err]);
  result(got.problems.length === 0, label + ": tables line up when scrolled sideways (" + got.checked + " table" +
    (got.checked === 1 ? "" : "s") + ")", got.problems.slice(0, 20));
}

// Charts: the smallest text as shown, from what each chart declares.
async function checkCharts(tab, label) {
  let got = null, err = null;
  try {
    await withTimeout(tab.evaluate(layoutSource), LAYOUT_MS, "loading layout.js");
    // eslint-disable-next-line no-undef
    got = await withTimeout(tab.evaluate(() => window.mbLayout.charts()), LAYOUT_MS, "measuring charts");
  } catch (e) {
    err = e.message;
  }
  if (err) return result(false, label + ": chart text", [err]);
  const declared = got.filter((c) => c.declared);
  const problems = [];
  for (const c of got) {
    const file = c.src.startsWith("data:") ? "an image (" + c.naturalWidth + " px wide)" : c.src.replace(/^.*?\/bieu-do\//, "bieu-do/");
    if (!c.declared) {
      if (declared.length) problems.push(file + ": does not say the size of its text (data-text-px)");
    } else if (!c.naturalWidth) {
      problems.push(file + ": not loaded");
    } else if (!(c.css >= MIN_CHART_TEXT - 0.005)) {
      problems.push(file + ": text of " + c.textPx + " px drawn in " + c.width + " px shown at " +
        Math.round(c.shownWidth) + " px reads " + c.css.toFixed(1) + " CSS px, under " + MIN_CHART_TEXT);
    }
  }
  const what = declared.length ? declared.length + " of " + got.length + " chart" + (got.length === 1 ? "" : "s") + " measured"
    : got.length ? "no chart declares its text size: " + got.length + " not measured" : "no chart";
  result(problems.length === 0, label + ": chart text at least " + MIN_CHART_TEXT + " CSS px (" + what + ")", problems.slice(0, 20));
}

async function checkPage(browser, base, spec, size, opts) {
  // "404:path": a missing path, answered with the site's 404 page.
  const missing = spec.startsWith("404:");
  const page = missing ? spec.slice(4) : spec;
  const label = spec + " @" + size.width;
  const checks = checksAt(size.width, opts.only);
  const tab = await withTimeout(browser.newPage(), PAGE_MS, "new tab");
  const consoleErrors = [];
  const failed = [];
  const pageUrl = base + page;
  try {
    tab.on("console", (m) => {
      if (m.type() === "error") {
        const loc = m.location();
        // The missing page's own 404 is what is asked for.
        if (missing && loc && loc.url === pageUrl) return;
        consoleErrors.push(m.text() + (loc && loc.url ? " (" + loc.url + (loc.lineNumber !== undefined ? ":" + loc.lineNumber : "") + ")" : ""));
      }
    });
    tab.on("pageerror", (e) => consoleErrors.push("uncaught: " + (e && e.message ? e.message : String(e))));
    tab.on("request", (r) => {
      const u = r.url();
      if (!u.startsWith(base) && !u.startsWith("data:") && !u.startsWith("blob:") && u !== "about:blank")
        failed.push("leaves the site: " + u);
    });
    tab.on("requestfailed", (r) => {
      const f = r.failure();
      failed.push((f ? f.errorText : "failed") + ": " + r.url());
    });
    tab.on("response", (r) => {
      if (r.status() >= 400 && !(missing && r.url() === pageUrl)) failed.push("HTTP " + r.status() + ": " + r.url());
    });
    tab.setDefaultTimeout(PAGE_MS);
    tab.setDefaultNavigationTimeout(PAGE_MS);
    await tab.setViewport({ width: size.width, height: size.height, deviceScaleFactor: 1 });

    let loadError = null;
    try {
      const resp = await withTimeout(tab.goto(pageUrl, { waitUntil: "load", timeout: PAGE_MS }), PAGE_MS + 5000, "loading " + page);
      const want = missing ? 404 : 200;
      if (!resp) loadError = "no response";
      else if (resp.status() !== want) loadError = "HTTP " + resp.status() + ", expected " + want;
      // Images below the fold load lazily: load them all now, so that a
      // missing chart counts as a failed request.
      await withTimeout(tab.evaluate(() => {
        for (const img of document.querySelectorAll("img[loading=lazy]")) img.loading = "eager";
      }), PAGE_MS, "loading images");
      // Let late scripts, fonts and images report their errors.
      await withTimeout(tab.waitForNetworkIdle({ idleTime: 300, timeout: 10000 }), 12000, "network idle").catch(() => {});
    } catch (e) {
      loadError = e.message;
    }
    if (loadError) {
      // The page did not load: every check of it fails.
      for (const c of checks) result(false, label + ": " + c + " (page did not load)", [loadError]);
      return;
    }

    // Horizontal scroll: measured before axe touches the page.
    let overflow = null;
    if (checks.includes("scroll")) {
      overflow = await withTimeout(tab.evaluate(() => {
        const doc = document.documentElement;
        const out = { scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, wide: [] };
        if (out.scrollWidth <= out.innerWidth) return out;
        const name = (el) => {
          let s = el.tagName.toLowerCase();
          if (el.id) s += "#" + el.id;
          if (el.classList.length) s += "." + Array.from(el.classList).join(".");
          return s;
        };
        for (const el of document.body.querySelectorAll("*")) {
          const r = el.getBoundingClientRect();
          if (r.right > window.innerWidth + 0.5 && r.width > 0) {
            let p = el.parentElement;
            let chain = name(el);
            while (p && p !== document.body) { chain = name(p) + " > " + chain; p = p.parentElement; }
            out.wide.push(chain + " (right edge " + Math.round(r.right) + " px)");
            if (out.wide.length >= 8) break;
          }
        }
        return out;
      }), PAGE_MS, "measuring width");
    }

    if (opts.shots) {
      const name = (missing ? "404-" : "") + (page.replace(/\/index\.html$/, "").replace(/\.html$/, "").replace(/[^a-z0-9-]+/gi, "_") || "index");
      await withTimeout(tab.screenshot({ path: path.join(opts.shots, name + "-" + size.width + ".png"), fullPage: true }), PAGE_MS, "screenshot")
        .catch((e) => console.log("    screenshot of " + label + " failed: " + e.message));
    }

    let axe = null;
    let axeError = null;
    if (checks.includes("axe")) {
      try {
        await withTimeout(tab.evaluate(axeSource), AXE_MS, "loading axe-core");
        axe = await withTimeout(tab.evaluate(async (tags) => {
          // eslint-disable-next-line no-undef
          const r = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
          return r.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary || "" })),
          }));
        }, AXE_TAGS), AXE_MS, "axe-core");
      } catch (e) {
        axeError = e.message;
      }
    }

    // The layout checks scroll the page and its tables: after the
    // screenshot and axe, before the console and request counts.
    if (checks.includes("tables")) await checkTables(tab, label);
    if (checks.includes("charts")) await checkCharts(tab, label);

    // Console errors and failed requests are counted last, so that any
    // error caused by the other checks is caught too.
    if (checks.includes("console"))
      result(consoleErrors.length === 0, label + ": no console error",
        consoleErrors.slice(0, 20).map((e) => "console error: " + e));
    if (checks.includes("requests")) result(failed.length === 0, label + ": no failed request", failed.slice(0, 20));
    if (overflow) {
      result(overflow.scrollWidth <= overflow.innerWidth, label + ": no horizontal scroll",
        overflow.scrollWidth <= overflow.innerWidth ? [] :
          ["scrollWidth " + overflow.scrollWidth + " > innerWidth " + overflow.innerWidth]
            .concat(overflow.wide.map((w) => "sticks out: " + w)));
    }
    if (!checks.includes("axe")) return;
    if (axeError) {
      result(false, label + ": axe-core WCAG 2.1 AA", [axeError]);
    } else {
      const details = [];
      for (const v of axe) {
        details.push(v.id + " (" + v.impact + "): " + v.help + " [" + v.nodes.length + " element" + (v.nodes.length === 1 ? "" : "s") + "]");
        for (const n of v.nodes.slice(0, 5)) {
          details.push("  at " + n.target);
          for (const line of n.summary.split("\n").slice(0, 6)) if (line.trim()) details.push("     " + line.trim());
        }
        details.push("  " + v.helpUrl);
      }
      result(axe.length === 0, label + ": axe-core WCAG 2.1 AA (" + axe.length + " violation" + (axe.length === 1 ? "" : "s") + ")", details);
    }
  } finally {
    await withTimeout(tab.close(), CLOSE_MS, "closing tab").catch(() => {});
  }
}

// ---- main ----

// Kills the browser's process group (puppeteer starts it detached), or at
// least the browser itself.
function killBrowser(browser) {
  const p = browser && browser.process();
  if (!p || !p.pid) return;
  try {
    process.kill(-p.pid, "SIGKILL");
  } catch {
    try { p.kill("SIGKILL"); } catch { /* already gone */ }
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(opts.site, "index.html"))) usage("no index.html in " + opts.site);
  const TOTAL_MS = TOTAL_MS_BASE + TOTAL_MS_PAGE * opts.pages.length;
  if (opts.shots) fs.mkdirSync(opts.shots, { recursive: true });

  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "minhbach-chromium-"));
  let server = null;
  let browser = null;
  const watchdog = setTimeout(() => {
    console.log("check.mjs: gave up after " + TOTAL_MS / 1000 + " s");
    killBrowser(browser);
    try { fs.rmSync(profile, { recursive: true, force: true }); } catch { /* best effort */ }
    process.exit(3);
  }, TOTAL_MS);
  try {
    server = await startServer(opts.site);
    const base = "http://127.0.0.1:" + server.address().port + "/";
    browser = await withTimeout(puppeteer.launch({
      executablePath: opts.chromium,
      headless: true,
      userDataDir: profile,
      args: [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync",
        "--hide-scrollbars", "--disable-dev-shm-usage",
      ],
      timeout: LAUNCH_MS,
      protocolTimeout: AXE_MS + 30000,
    }), LAUNCH_MS + 5000, "launching " + opts.chromium);
    for (const page of opts.pages)
      for (const size of WIDTHS)
        await checkPage(browser, base, page, size, opts);
  } finally {
    if (browser) {
      await withTimeout(browser.close(), CLOSE_MS, "closing the browser").catch(() => killBrowser(browser));
    }
    if (server) {
      if (server.closeAllConnections) server.closeAllConnections();
      server.close();
    }
    try { fs.rmSync(profile, { recursive: true, force: true }); } catch { /* best effort */ }
    clearTimeout(watchdog);
  }
  console.log("DONE " + results);
}

// Exits as soon as main() is done: a handle left open by a browser that
// would not start must not keep the process alive.
main().then(() => process.exit(0), (e) => {
  console.log("check.mjs: " + (e && e.stack ? e.stack : String(e)));
  process.exit(1);
});
