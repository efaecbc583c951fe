// The source reader: highlight the lines a fragment such as #L3 or #L3-L5 names, and bring
// the first into view. Runs on arrival and whenever the fragment changes. In a Markdown seed
// shown rendered, a line's anchor stands inside its block: the block's row is highlighted.
(function () {
  "use strict";
  var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  function highlight() {
    var old = document.querySelectorAll("li.target");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("target");
    var m = /^#L(\d+)(?:-L?(\d+))?$/.exec(location.hash);
    if (!m) return;
    var first = parseInt(m[1], 10), last = m[2] ? parseInt(m[2], 10) : first;
    if (last < first) { var t = first; first = last; last = t; }
    // A fragment is typed by anyone: bound the range by the lines there are (#L1-L999999999).
    last = Math.min(last, document.querySelectorAll("[id^='L']").length);
    var top = null;
    for (var n = first; n <= last; n++) {
      var li = document.getElementById("L" + n);
      if (!li) continue;
      li = li.closest("ol.lines > li") || li;
      li.classList.add("target");
      if (!top) top = li;
    }
    if (top) {
      top.setAttribute("tabindex", "-1");
      top.focus({ preventScroll: true });
      top.scrollIntoView({ block: "start", behavior: reduce ? "auto" : "smooth" });
    }
  }
  window.addEventListener("hashchange", highlight);
  highlight();
})();
