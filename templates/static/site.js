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

  /* The cell of a row at a column, counting cells that span several
     columns; null where a spanning cell covers it ("chỉ công bố tổng
     điểm" across the criteria), which sorts last. */
  function cellAt(row, col) {
    var at = 0;
    for (var i = 0; i < row.cells.length; i++) {
      var span = row.cells[i].colSpan || 1;
      if (col < at + span) return span === 1 ? row.cells[i] : null;
      at += span;
    }
    return null;
  }

  /* Sorts the rows of each body of the table on its own: a table split by
     district keeps its districts, each sorted, its heading row first. */
  function sortBy(table, th, col) {
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute("aria-sort");
    th.setAttribute("aria-sort", dir);
    Array.prototype.forEach.call(table.tBodies, function (body) {
      var rows = Array.prototype.filter.call(body.rows, function (r) {
        return !r.classList.contains("group");
      });
      var keyed = rows.map(function (r, i) {
        var cell = cellAt(r, col);
        return { row: r, key: cell ? cellValue(cell) : null, i: i };
      });
      keyed.sort(function (x, y) {
        var c = compare(x.key, y.key);
        if (c !== 0 && x.key !== null && x.key !== "" && y.key !== null && y.key !== "") {
          c = dir === "ascending" ? c : -c;
        }
        return c || x.i - y.i;
      });
      keyed.forEach(function (k) { body.appendChild(k.row); });
    });
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

  /* Numbered names are written "II" or "2" ("Cây Trường II", "Phường 2"):
     a number word reads both ways, up to 39. */
  var ROMAN = { i: 1, v: 5, x: 10 };
  function romanValue(w) {
    if (!/^x{0,3}(ix|iv|v?i{0,3})$/.test(w) || !w) return 0;
    var n = 0;
    for (var i = 0; i < w.length; i++) {
      var v = ROMAN[w[i]], next = ROMAN[w[i + 1]] || 0;
      n += v < next ? -v : v;
    }
    return n;
  }
  function roman(n) {
    var out = "";
    var parts = [[10, "x"], [9, "ix"], [5, "v"], [4, "iv"], [1, "i"]];
    for (var i = 0; i < parts.length; i++)
      while (n >= parts[i][0]) { out += parts[i][1]; n -= parts[i][0]; }
    return out;
  }

  /* The words of a name, each with the forms it answers to.  Only a word
     written in capitals ("II", "IV") is read as a Roman number, so "Vi" in
     a name stays a word. */
  function nameWords(s) {
    var raw = String(s).split(/[^0-9A-Za-z\u00C0-\u024F\u1E00-\u1EFF]+/);
    var out = [];
    for (var i = 0; i < raw.length; i++) {
      if (!raw[i]) continue;
      var w = fold(raw[i]);
      var forms = [w];
      if (/^\d+$/.test(w) && +w > 0 && +w < 40) forms.push(roman(+w));
      else if (/^[IVX]+$/.test(raw[i]) && romanValue(w)) forms.push(String(romanValue(w)));
      out.push(forms);
    }
    return out;
  }

  function queryWords(q) {
    return fold(q).split(/[^a-z0-9]+/).filter(function (w) { return w; });
  }

  /* Words a name of its kind starts with: they say what it is, not which. */
  var KIND = ["ubnd", "uy ban nhan dan", "thanh pho", "thi xa", "thi tran", "huyen", "quan",
    "phuong", "xa", "so", "ban"];

  /* The words after "UBND" and the kind ("UBND phường Hiệp Thành": hiệp
     thành): the part of a name people type. */
  function coreStart(words) {
    var k = 0;
    for (var pass = 0; pass < 2; pass++)
      for (var j = 0; j < KIND.length; j++) {
        var kw = KIND[j].split(" ");
        var ok = k + kw.length < words.length;
        for (var x = 0; ok && x < kw.length; x++) ok = words[k + x][0] === kw[x];
        if (ok) { k += kw.length; break; }
      }
    return k;
  }

  /* A unit of the search list: [id, name, group, parent name, former]. */
  function entry(u) {
    var words = nameWords(u[1]);
    return {
      id: u[0], name: u[1], group: u[2], parent: u[3] || "", former: !!u[4],
      words: words, core: coreStart(words), parentWords: nameWords(u[3] || "")
    };
  }

  /* How well one typed word matches a word of a name: 2 the whole word,
     1 its beginning, 0 not at all. */
  function wordMatch(q, forms) {
    var best = 0;
    for (var i = 0; i < forms.length; i++) {
      if (forms[i] === q) return 2;
      if (forms[i].lastIndexOf(q, 0) === 0) best = 1;
    }
    return best;
  }

  /*
   * Score of a unit for the typed words, or -1 when a word matches nothing
   * (every word must begin a word of the name or of its parent's name).
   * Whole words of the name count most, then beginnings of words of the
   * name, then the parent's words; on top, the words typed in the name's
   * own order, and the name itself ("hiep thanh" is Phường Hiệp Thành, not
   * Phường Hiệp An of Thành phố Thủ Dầu Một).
   */
  function score(e, qw) {
    if (!qw.length) return -1;
    var total = 0, at = [];
    for (var i = 0; i < qw.length; i++) {
      var best = 0, where = -1;
      for (var j = 0; j < e.words.length; j++) {
        var m = wordMatch(qw[i], e.words[j]);
        var v = m === 2 ? 60 : m === 1 ? 40 : 0;
        if (v > best) { best = v; where = j; }
      }
      if (!best)
        for (var k = 0; k < e.parentWords.length; k++) {
          var mp = wordMatch(qw[i], e.parentWords[k]);
          best = Math.max(best, mp === 2 ? 20 : mp === 1 ? 10 : 0);
        }
      if (!best) return -1;
      total += best;
      at.push(where);
    }
    /* The words typed, one after another, in the name. */
    var run = at[0] >= 0;
    for (var r = 1; run && r < at.length; r++) run = at[r] === at[r - 1] + 1;
    if (run) {
      total += 30;
      if (at[0] === e.core) total += 30;                      /* the name begins so */
      if (at[0] === e.core && at.length === e.words.length - e.core) {
        var whole = true;                                     /* the name itself */
        for (var w = 0; whole && w < qw.length; w++) whole = wordMatch(qw[w], e.words[e.core + w]) === 2;
        if (whole) total += 100;
      }
    }
    return total;
  }

  /* Units matching q, best first; ties: current units before former ones,
     shorter names, then the list's own order (by group, A to Z). */
  function search(index, q) {
    var qw = queryWords(q);
    var found = [];
    for (var i = 0; i < index.length; i++) {
      var s = score(index[i], qw);
      if (s >= 0) found.push({ e: index[i], s: s, i: i });
    }
    found.sort(function (a, b) {
      return (a.e.former - b.e.former) || (b.s - a.s) ||
        (a.e.words.length - b.e.words.length) || (a.i - b.i);
    });
    return found.map(function (f) { return f.e; });
  }

  var SHOWN = 12;

  /* Home page: the unit list is a script loaded on first use, so the page
     itself stays light; a script tag also works from file://. */
  function setupSearch(form) {
    var input = form.querySelector("input[type=search]");
    var list = form.querySelector(".search-results");
    var status = form.querySelector(".search-status");
    var more = form.querySelector(".search-more");
    var root = form.getAttribute("data-root") || "";
    var loading = false;
    var waiting = null;
    var index = null;

    /* Runs then() once the list is there; while the script loads, only the
       latest request waits (it sees the latest text typed). */
    function load(then) {
      if (index) return then();
      if (window.mbUnits) {
        index = window.mbUnits.map(entry);
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
      list.innerHTML = "";
      if (more) more.hidden = true;
      if (!queryWords(input.value).length) { list.hidden = true; status.textContent = ""; return; }
      /* Units of the latest period first (search() ranks them so); former
         units after a heading of their own. */
      var found = search(index, input.value);
      var heading = false;
      found.slice(0, SHOWN).forEach(function (u) {
        if (u.former && !heading) {
          heading = true;
          var h = document.createElement("li");
          h.className = "search-section";
          h.textContent = "Đơn vị đã kết thúc hoạt động";
          list.appendChild(h);
        }
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
      if (more && found.length > SHOWN) {
        var link = more.querySelector("a");
        link.href = form.getAttribute("action") + "?q=" + encodeURIComponent(input.value.trim());
        link.textContent = "Xem tất cả " + found.length + " đơn vị tìm thấy";
        more.hidden = false;
      }
      status.textContent = found.length ? "Tìm thấy " + found.length + " đơn vị" +
        (found.length > SHOWN ? ", hiện " + SHOWN + " đơn vị đầu" : "") : "Không tìm thấy đơn vị nào";
    }

    input.addEventListener("focus", function () { load(function () {}); });
    input.addEventListener("input", function () { load(show); });
  }

  /* A–Z page: filter the list already on the page, with the search's own
     rule, so that "xem tất cả" shows every unit the search found. */
  function setupFilter(form) {
    var input = form.querySelector("input[type=search]");
    var status = form.querySelector(".search-status");
    var box = document.querySelector(form.getAttribute("data-filter"));
    if (!box) return;
    var items = Array.prototype.map.call(box.querySelectorAll("li[data-name]"), function (li) {
      return { li: li, e: entry(["", li.getAttribute("data-name"), "", li.getAttribute("data-parent") || ""]) };
    });
    var sections = box.querySelectorAll("section");

    function apply() {
      var w = queryWords(input.value);
      var n = 0;
      items.forEach(function (it) {
        var ok = !w.length || score(it.e, w) >= 0;
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

  /* ---- tables split by district ---- */

  /* Tables of one group split by district (data-parts, one body per
     district, its heading row first) get one filter above the first of
     them: choosing a district shows its rows in each of those tables.
     The group's total and average rows are hidden then: they are the
     whole group's. */
  function setupParts() {
    var seen = {};
    Array.prototype.forEach.call(document.querySelectorAll("table[data-parts]"), function (t) {
      var key = t.getAttribute("data-parts");
      if (seen[key]) return;
      seen[key] = true;
      var tables = Array.prototype.filter.call(document.querySelectorAll("table[data-parts]"), function (x) {
        return x.getAttribute("data-parts") === key;
      });
      var heads = t.querySelectorAll("tr.group");
      if (heads.length < 2) return;
      var p = document.createElement("p");
      p.className = "part-filter";
      var label = document.createElement("label");
      label.htmlFor = key + "_loc";
      label.textContent = "Chỉ xem các đơn vị trực thuộc ";
      var select = document.createElement("select");
      select.id = key + "_loc";
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "tất cả";
      select.appendChild(all);
      Array.prototype.forEach.call(heads, function (h) {
        var o = document.createElement("option");
        o.value = h.getAttribute("data-part");
        o.textContent = h.textContent.replace(/\s+/g, " ").trim();
        select.appendChild(o);
      });
      p.appendChild(label);
      p.appendChild(select);
      var wrap = t.closest(".table-wrap") || t;
      wrap.parentNode.insertBefore(p, wrap);
      select.addEventListener("change", function () {
        var v = select.value;
        tables.forEach(function (x) {
          Array.prototype.forEach.call(x.tBodies, function (b) {
            var h = b.querySelector("tr.group");
            b.hidden = !!v && (!h || h.getAttribute("data-part") !== v);
          });
          if (x.tFoot) x.tFoot.hidden = !!v;
        });
      });
    });
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
    setupParts();
    Array.prototype.forEach.call(document.querySelectorAll("form[data-search]"), setupSearch);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-filter]"), setupFilter);
  }

  /* The search's rules, for its tests (tests/checks/search.sh under node). */
  if (typeof module === "object" && module.exports) {
    module.exports = { fold: fold, entry: entry, score: score, search: search, queryWords: queryWords };
    return;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
