// layout.js - checks of how tables and charts read on a phone, run inside the
// page by check.mjs (evaluated as a script: it defines window.mbLayout).
//
// mbLayout.tables() scrolls every table into view and sideways (to its
// start, middle and end) and returns what does not read right:
//   - a table laid out as a table: each cell of a body row stands exactly
//     under the heading cell of its column (same left and right edges), and
//     at the middle of each heading, on screen, the heading is visible
//     exactly when the cells of its column are at the same x.  A column that
//     stays in view (position: sticky) while its heading scrolls away, or a
//     heading left above cells hidden under a sticky column, fails.
//   - a table shown as cards (its rows are not table rows): no sideways
//     scroll, and every data cell says what it is (a data-label, shown
//     before it).
// mbLayout.charts() returns, for every chart image, the size of its smallest
// text as the reader sees it: data-text-px (the smallest text the chart
// draws, in px of its 1x image) times the width it is shown at over the
// image's own width: data-width when the image says it (in the same px as
// data-text-px), else its density-corrected natural width.  In a <picture>
// the <source> the browser chose says it.
(function () {
  "use strict";

  function frames(n) {
    return new Promise((resolve) => {
      const step = (k) => (k ? requestAnimationFrame(() => step(k - 1)) : resolve());
      step(n);
    });
  }

  function text(el) {
    return (el ? el.textContent : "").replace(/\s+/g, " ").trim().slice(0, 60);
  }

  function tableName(t, k) {
    const cap = t.querySelector("caption");
    return "table " + (k + 1) + (cap ? " \u00ab" + text(cap) + "\u00bb" : "");
  }

  // The cells of a row by logical column (colspan counted).
  function columns(row) {
    const out = [];
    for (const cell of row.cells) {
      const span = cell.colSpan || 1;
      for (let i = 0; i < span; i++) out.push(span === 1 ? cell : null);
    }
    return out;
  }

  function shown(el) {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
  }

  function hits(el, x, y) {
    const h = document.elementFromPoint(x, y);
    return !!h && (h === el || el.contains(h));
  }

  // The box the table scrolls in: its nearest ancestor that scrolls
  // sideways, or the viewport.
  function scroller(t) {
    for (let p = t.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll") return p;
    }
    return null;
  }

  function carded(t) {
    const row = t.tBodies.length && t.tBodies[0].rows[0];
    return !!row && getComputedStyle(row).display !== "table-row";
  }

  function checkCards(t, name, box, problems) {
    if (box && box.scrollWidth > box.clientWidth + 1)
      problems.push(name + ": shown as cards, yet scrolls sideways (" + box.scrollWidth + " > " + box.clientWidth + " px)");
    for (const body of t.tBodies)
      for (const row of body.rows)
        for (const cell of row.cells) {
          if (cell.tagName !== "TD" || !shown(cell)) continue;
          const label = cell.getAttribute("data-label");
          const before = getComputedStyle(cell, "::before").content;
          if (!label || before === "none" || before === "normal" || before === '""') {
            problems.push(name + ": shown as cards, a cell without its column's name: \u00ab" + text(cell) + "\u00bb");
            return;
          }
        }
  }

  // One sideways position of a table laid out as a table.
  function checkGrid(t, name, box, at, problems) {
    const head = t.tHead && t.tHead.rows.length ? t.tHead.rows[t.tHead.rows.length - 1] : null;
    if (!head) return;
    const heads = columns(head);
    const view = box ? box.getBoundingClientRect() : { left: 0, right: innerWidth };
    const left = Math.max(view.left, 0), right = Math.min(view.right, innerWidth);
    const rows = [];
    for (const sec of [...t.tBodies, t.tFoot].filter(Boolean))
      for (const row of sec.rows) {
        const r = row.getBoundingClientRect();
        if (shown(row) && r.top >= 0 && r.bottom <= innerHeight) rows.push(row);
      }
    for (const row of rows) {
      const cells = columns(row);
      for (let c = 0; c < cells.length && c < heads.length; c++) {
        const h = heads[c], b = cells[c];
        if (!h || !b) continue;
        const hr = h.getBoundingClientRect(), br = b.getBoundingClientRect();
        const where = name + " at " + at + ", column \u00ab" + text(h) + "\u00bb, row \u00ab" + text(row.cells[0]) + "\u00bb";
        if (Math.abs(hr.left - br.left) > 1 || Math.abs(hr.right - br.right) > 1) {
          problems.push(where + ": heading at " + Math.round(hr.left) + "\u2013" + Math.round(hr.right) +
            " px, cell at " + Math.round(br.left) + "\u2013" + Math.round(br.right) + " px");
          return;
        }
        const x0 = Math.max(hr.left, left), x1 = Math.min(hr.right, right);
        if (x1 - x0 < 4) continue;
        const x = (x0 + x1) / 2;
        const hy = hr.top + Math.min(hr.height / 2, 8), by = br.top + Math.min(br.height / 2, 8);
        if (hy < 0 || hy >= innerHeight) continue;
        const hv = hits(h, x, hy), bv = hits(b, x, by);
        if (hv !== bv) {
          problems.push(where + ": at x = " + Math.round(x) + " px the " + (hv ? "heading" : "cell") +
            " is visible and the " + (hv ? "cell" : "heading") + " is covered");
          return;
        }
      }
    }
  }

  async function tables() {
    const problems = [];
    const all = Array.from(document.querySelectorAll("table"));
    let checked = 0;
    for (let k = 0; k < all.length; k++) {
      const t = all[k];
      if (!shown(t)) continue;
      checked++;
      const name = tableName(t, k);
      const box = scroller(t);
      // Heading at the top of the screen (below the caption), rows under it.
      const top = (t.tHead || t).getBoundingClientRect().top;
      window.scrollBy(0, top - 4);
      await frames(2);
      if (carded(t)) {
        checkCards(t, name, box, problems);
        continue;
      }
      const max = box ? box.scrollWidth - box.clientWidth : 0;
      const stops = max > 0 ? [0, Math.round(max / 2), max] : [0];
      for (const s of stops) {
        if (box) box.scrollLeft = s;
        await frames(2);
        const before = problems.length;
        checkGrid(t, name, box, "scroll " + s + " of " + max + " px", problems);
        if (problems.length > before) break;
      }
      if (box) box.scrollLeft = 0;
    }
    window.scrollTo(0, 0);
    return { checked, problems };
  }

  // The srcset candidate a URL was chosen from, to find its <source>.
  function declares(el, url) {
    const set = el.getAttribute("srcset") || el.getAttribute("src") || "";
    return set.split(",").some((c) => {
      const u = c.trim().split(/\s+/)[0];
      return u && new URL(u, document.baseURI).href === url;
    });
  }

  function charts() {
    const out = [];
    for (const img of document.querySelectorAll("figure.chart img, img[data-text-px]")) {
      let from = img;
      const pic = img.parentElement && img.parentElement.tagName === "PICTURE" ? img.parentElement : null;
      if (pic)
        for (const s of pic.querySelectorAll("source"))
          if (declares(s, img.currentSrc) && s.hasAttribute("data-text-px")) {
            from = s;
            break;
          }
      const px = from.getAttribute("data-text-px");
      const said = Number(from.getAttribute("data-width"));
      const width = said > 0 ? said : img.naturalWidth;
      const shownW = img.getBoundingClientRect().width;
      out.push({
        src: img.currentSrc || img.src,
        declared: px !== null,
        textPx: px === null ? null : Number(px),
        shownWidth: shownW,
        naturalWidth: img.naturalWidth,
        width: width,
        css: px !== null && width ? (Number(px) * shownW) / width : null,
      });
    }
    return out;
  }

  window.mbLayout = { tables, charts };
})();
