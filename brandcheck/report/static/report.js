/* brandcheck report: sortable tables, table filter, viewport tabs, finding <-> box highlighting.
   Plain ES5-ish, no dependency; the report works without it (links and anchors still navigate). */
(function () {
  "use strict";
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  /* ---- sortable tables: <th data-sort="num|text"><button> ; cells may carry data-v */
  each(document.querySelectorAll("table.sortable"), function (table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    each(heads, function (th, col) {
      var btn = th.querySelector("button");
      if (!btn) { return; }
      btn.addEventListener("click", function () {
        var num = th.getAttribute("data-sort") === "num";
        var asc = th.getAttribute("aria-sort") !== "ascending";
        each(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (row) {
          var cell = row.cells[col];
          var v = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent.trim();
          return num ? (parseFloat(v) || 0) : v.toLowerCase();
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
        });
        each(rows, function (r) { body.appendChild(r); });
      });
    });
  });

  /* ---- filter: <input data-filter="table-id"> hides rows whose data-search lacks the words */
  each(document.querySelectorAll("input[data-filter]"), function (input) {
    var table = document.getElementById(input.getAttribute("data-filter"));
    if (!table) { return; }
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      each(table.tBodies[0].rows, function (row) {
        var hay = row.getAttribute("data-search") || row.textContent.toLowerCase();
        row.hidden = !words.every(function (w) { return hay.indexOf(w) >= 0; });
      });
    });
  });

  /* ---- viewport tabs: one screenshot at a time when there are several */
  function showView(root, idx) {
    var tabs = root.querySelectorAll("[data-view]");
    if (!tabs.length) { return; }
    each(tabs, function (t) { t.setAttribute("aria-selected", t.getAttribute("data-view") === String(idx) ? "true" : "false"); });
    each(root.querySelectorAll("[data-view-panel]"), function (p) { p.hidden = p.getAttribute("data-view-panel") !== String(idx); });
  }
  each(document.querySelectorAll("[data-views]"), function (root) {
    var first = root.querySelector("[data-view]");
    if (first) { showView(root, first.getAttribute("data-view")); }
    each(root.querySelectorAll("[data-view]"), function (t) {
      t.addEventListener("click", function () { showView(root, t.getAttribute("data-view")); });
    });
  });

  /* ---- findings and boxes: clicking either highlights both */
  function activate(section, n, scrollTo) {
    each(section.querySelectorAll(".is-active"), function (el) { el.classList.remove("is-active"); });
    var items = section.querySelectorAll('[data-f="' + n + '"]');
    each(items, function (el) { el.classList.add("is-active"); });
    var target = null;
    if (scrollTo === "box") {
      var show = section.querySelector('.num[data-f="' + n + '"][data-show]');
      var views = section.querySelector("[data-views]");
      if (show && views) { showView(views, show.getAttribute("data-show")); }
      target = section.querySelector('a.box[data-f="' + n + '"]');
    } else {
      target = section.querySelector('article.finding[data-f="' + n + '"]');
    }
    if (target && target.scrollIntoView) { target.scrollIntoView({ block: "center", behavior: "smooth" }); }
  }
  each(document.querySelectorAll("section.tp"), function (section) {
    section.addEventListener("click", function (ev) {
      var el = ev.target.closest ? ev.target.closest("a.box, a.num, article.finding") : null;
      if (!el || !section.contains(el)) { return; }
      if (ev.target.closest("a:not(.box):not(.num), summary, details")) { return; }
      var n = el.getAttribute("data-f");
      if (!n) { return; }
      if (el.tagName === "A") { ev.preventDefault(); }
      activate(section, n, el.classList.contains("box") ? "finding" : "box");
      if (history.replaceState) { history.replaceState(null, "", "#" + (el.classList.contains("box") ? "f-" : "b-") + section.getAttribute("data-tp") + "-" + n); }
    });
    var m = /^#[fb]-(\d+)-(\d+)$/.exec(location.hash);
    if (m && m[1] === section.getAttribute("data-tp")) { activate(section, m[2], location.hash.charAt(1) === "f" ? "finding" : "box"); }
  });
})();
