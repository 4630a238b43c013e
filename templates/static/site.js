/* site.js - optional extras: sortable tables and unit search.  Every page works without it. */
(function () {
  "use strict";

  /* ---- sorting ---- */

  /* The value a cell sorts by: its data-sort (raw number), else its text
     read as a Vietnamese number ("40.689", "88,78%"), else the text. */
  function cellValue(cell) {
    var raw = cell.getAttribute("data-sort");
    if (raw === null) {
      var t = cell.textContent.trim();
      var n = t.replace(/\./g, "").replace(",", ".").replace(/[%\s]|điểm/g, "");
      if (/^-?\d+(\.\d+)?$/.test(n)) return parseFloat(n);
      return t;
    }
    if (raw === "") return null;
    var f = parseFloat(raw);
    return isNaN(f) ? raw : f;
  }

  function compare(a, b) {
    /* Empty values ("không có số liệu") always go last. */
    if (a === null || a === "") return b === null || b === "" ? 0 : 1;
    if (b === null || b === "") return -1;
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), "vi");
  }

  function sortBy(table, th, col) {
    var body = table.tBodies[0];
    if (!body) return;
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute("aria-sort");
    th.setAttribute("aria-sort", dir);
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (r, i) {
      return { row: r, key: r.cells[col] ? cellValue(r.cells[col]) : null, i: i };
    });
    keyed.sort(function (x, y) {
      var c = compare(x.key, y.key);
      if (c !== 0 && x.key !== null && x.key !== "" && y.key !== null && y.key !== "") {
        c = dir === "ascending" ? c : -c;
      }
      return c || x.i - y.i;
    });
    keyed.forEach(function (k) { body.appendChild(k.row); });
  }

  function makeSortable(table) {
    if (!table.tHead || !table.tHead.rows.length) return;
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort";
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      b.addEventListener("click", function () { sortBy(table, th, col); });
    });
  }

  /* ---- search ---- */

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase();
  }

  /* Each word typed must begin a word of the name: "uyen" finds "Lai
     Uyên" but not "huyện". */
  function keyWords(s) {
    return " " + fold(s).replace(/[^a-z0-9]+/g, " ");
  }

  function matches(words, key) {
    for (var i = 0; i < words.length; i++)
      if (key.indexOf(" " + words[i]) < 0) return false;
    return true;
  }

  function words(q) {
    return fold(q).split(/[^a-z0-9]+/).filter(function (w) { return w; });
  }

  /* Home page: the unit list is a script loaded on first use, so the page
     itself stays light; a script tag also works from file://. */
  function setupSearch(form) {
    var input = form.querySelector("input[type=search]");
    var list = form.querySelector(".search-results");
    var status = form.querySelector(".search-status");
    var root = form.getAttribute("data-root") || "";
    var loading = false;
    var waiting = null;
    var index = null;

    /* Runs then() once the list is there; while the script loads, only the
       latest request waits (it sees the latest text typed). */
    function load(then) {
      if (index) return then();
      if (window.mbUnits) {
        index = window.mbUnits.map(function (u) {
          return { id: u[0], name: u[1], group: u[2], parent: u[3], key: keyWords(u[1] + " " + u[3]) };
        });
        return then();
      }
      waiting = then;
      if (loading) return;
      loading = true;
      var s = document.createElement("script");
      s.src = form.getAttribute("data-search");
      s.onload = function () {
        loading = false;
        var w = waiting;
        waiting = null;
        if (w) load(w);
      };
      s.onerror = function () { loading = false; };
      document.head.appendChild(s);
    }

    function show() {
      var w = words(input.value);
      list.innerHTML = "";
      if (!w.length) { list.hidden = true; status.textContent = ""; return; }
      var found = index.filter(function (u) { return matches(w, u.key); });
      found.slice(0, 12).forEach(function (u) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + "don-vi/" + u.id + "/index.html";
        a.textContent = u.name;
        var small = document.createElement("span");
        small.className = "muted";
        small.textContent = u.group + (u.parent ? " – " + u.parent : "");
        a.appendChild(small);
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = found.length === 0;
      status.textContent = found.length ? "Tìm thấy " + found.length + " đơn vị" +
        (found.length > 12 ? ", hiện 12 đơn vị đầu" : "") : "Không tìm thấy đơn vị nào";
    }

    input.addEventListener("focus", function () { load(function () {}); });
    input.addEventListener("input", function () { load(show); });
  }

  /* A–Z page: filter the list already on the page. */
  function setupFilter(form) {
    var input = form.querySelector("input[type=search]");
    var status = form.querySelector(".search-status");
    var box = document.querySelector(form.getAttribute("data-filter"));
    if (!box) return;
    var items = Array.prototype.map.call(box.querySelectorAll("li"), function (li) {
      return { li: li, key: keyWords(li.textContent) };
    });
    var sections = box.querySelectorAll("section");

    function apply() {
      var w = words(input.value);
      var n = 0;
      items.forEach(function (it) {
        var ok = !w.length || matches(w, it.key);
        it.li.hidden = !ok;
        if (ok) n++;
      });
      Array.prototype.forEach.call(sections, function (s) {
        s.hidden = !s.querySelector("li:not([hidden])");
      });
      status.textContent = w.length ? (n ? "Có " + n + " đơn vị phù hợp" : "Không có đơn vị nào phù hợp") : "";
    }

    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    input.addEventListener("input", apply);
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { input.value = q; apply(); }
  }

  /* Procedures: thu-tuc/?cap=xa is the page of that level, thu-tuc/xa/
     (the catalogue links each level's page with data-cap). */
  function followLevel() {
    var cap = new URLSearchParams(window.location.search).get("cap");
    if (!cap) return;
    var links = document.querySelectorAll("a[data-cap]");
    for (var i = 0; i < links.length; i++)
      if (links[i].getAttribute("data-cap") === cap) {
        window.location.replace(links[i].href + window.location.hash);
        return;
      }
  }

  function init() {
    followLevel();
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-search]"), setupSearch);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-filter]"), setupFilter);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
