// The compare page's progressive enhancements. Loaded from static files in <head>, never
// inline in <body>: htmx restores <body> from its history snapshot, and a script in it would
// run again (twice the listeners) without its nonce (a CSP violation).
(function () {
  "use strict";
  // Back and forward reload the page from the server, so the filter form (outside the swapped
  // rows, its choices held as properties a snapshot doesn't keep) always matches the address.
  if (window.htmx) htmx.config.refreshOnHistoryMiss = true;

  // Progressive enhancement: a copy button for the share link (the field works without it).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) return;
    var field = document.querySelector(button.dataset.copy);
    field.select();
    (navigator.clipboard ? navigator.clipboard.writeText(field.value) : Promise.reject())
      .catch(function () { document.execCommand("copy"); });
    button.textContent = button.dataset.done || "✓";
  });
  document.querySelectorAll("button[data-copy]").forEach(function (b) { b.hidden = false; });

  // Next/previous difference and next unique section, by button or key (J, K, U).
  function jump(kind, step) {
    var rows = Array.prototype.slice.call(document.querySelectorAll(
      kind === "unique" ? "#rows tr.row.unique" : "#rows tr.row[data-differs]"));
    if (!rows.length) return;
    // Where a row jumped to lands: below the sticky headers, by its scroll-margin-top.
    var top = parseFloat(getComputedStyle(rows[0]).scrollMarginTop) || 0;
    var here = rows.filter(function (r) {
      var y = r.getBoundingClientRect().top;
      return step > 0 ? y > top + 2 : y < top - 2;
    });
    var target = step > 0 ? here[0] : here[here.length - 1];
    if (!target) return;
    target.setAttribute("tabindex", "-1");
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
    history.replaceState(history.state, "", "#" + target.id);
    lastY = window.scrollY;  // a jump is not the reader scrolling down: the bar stays
  }
  // The jump bar tucks away while the reader scrolls down and comes back on scrolling up; the
  // stylesheet moves it only on a phone, where it would cover the rows being read.
  var lastY = window.scrollY;
  window.addEventListener("scroll", function () {
    var y = window.scrollY;
    if (Math.abs(y - lastY) < 8) return;
    var bar = document.querySelector(".jumps");
    // At the very end it comes back: the page's bottom padding leaves it room there.
    var end = y + window.innerHeight >= document.documentElement.scrollHeight - 2;
    if (bar) bar.classList.toggle("tucked", y > lastY && !end);
    lastY = y;
  }, { passive: true });
  // On a phone, two plans side by side instead of every plan stacked.
  function showPair() {
    var pick = document.getElementById("pair");
    var table = document.querySelector(".compare-table");
    if (!pick || !table) return;
    var shown = pick.value ? pick.value.split(",") : null;
    table.toggleAttribute("data-pair", !!shown);
    table.querySelectorAll("tr.row").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        cell.classList.toggle("off", !!shown && !cell.classList.contains("row-tools") &&
          shown.indexOf(String(i + 1)) < 0);
      });
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.id === "pair") showPair();
  });
  // A curator's decision is said at the top of the screen (it stays in view while the rows
  // scroll under it); the reader puts it away.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-dismiss]");
    if (button) document.querySelector(button.dataset.dismiss).replaceChildren();
  });
  function showJumps() {
    document.querySelectorAll("button[data-copy], button[data-dismiss]").forEach(function (b) {
      b.hidden = false;
    });
    var bar = document.querySelector(".jumps");
    if (bar) bar.hidden = false;
    var pair = document.querySelector(".pair");
    if (pair) pair.hidden = false;
    showPair();
    var outline = document.querySelector("details.cmp-outline");
    if (outline && window.matchMedia("(max-width: 1099px)").matches) outline.open = false;
  }
  showJumps();
  document.body.addEventListener("htmx:load", showJumps);  // rows and the share tools swapped in
  // The topic box sits outside the swapped rows, where its error is said: after a swap, mark the
  // box invalid and point it at the message (or clear both), as the full page does.
  function markTopic() {
    var box = document.querySelector("form.filters input[name=q]");
    if (!box) return;
    var said = document.getElementById("q-error");
    var ids = (box.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
      return id && id !== "q-error";
    });
    if (said) ids.push("q-error");
    box.setAttribute("aria-describedby", ids.join(" "));
    if (said) box.setAttribute("aria-invalid", "true");
    else box.removeAttribute("aria-invalid");
  }
  document.addEventListener("htmx:afterSwap", markTopic);
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-jump]");
    if (button) jump(button.dataset.jump, Number(button.dataset.step));
  });
  // The row tools' links (focus, row mode) replace their row in place; the address follows.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("tr.row a[data-fetch]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || !window.htmx) return;
    event.preventDefault();
    htmx.ajax("GET", link.href, { target: link.closest("tr"), swap: "outerHTML" });
  });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, select, textarea, [contenteditable]")) return;
    var keys = { j: ["differ", 1], k: ["differ", -1], u: ["unique", 1] };
    var key = keys[event.key.toLowerCase()];
    if (key) { event.preventDefault(); jump(key[0], key[1]); }
  });
})();
