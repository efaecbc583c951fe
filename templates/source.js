// The source reader: highlight the lines a fragment such as #L3 or #L3-L5 names, and bring
// the first into view. Runs on arrival and whenever the fragment changes. In a Markdown seed
// shown rendered, a line's anchor stands inside its block: the block's row is highlighted.
// Arriving from a question's feedback (?q=<id>), mark that question's quote inside the cited
// lines with <mark> (plain-text lines) and show a link back to the question. Text is only ever
// split and wrapped, never parsed as HTML.
(function () {
  "use strict";
  var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var DATA = JSON.parse(document.getElementById("source-data").textContent);
  var LIMIT = DATA.lines;
  function highlight() {
    var old = document.querySelectorAll("li.target");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("target");
    var m = /^#L(\d+)(?:-L?(\d+))?$/.exec(location.hash);
    if (!m) return;
    var first = parseInt(m[1], 10), last = m[2] ? parseInt(m[2], 10) : first;
    if (last < first) { var t = first; first = last; last = t; }
    // A fragment is typed by anyone: bound the range by the lines there are (#L1-L999999999).
    first = Math.max(first, 1);
    last = Math.min(last, LIMIT); // the seed's line count, wherever its anchors stand
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

  // The quote as a pattern that tolerates what the checker's normalisation ignores: case, runs
  // of spaces, curly or straight quotes, the kind of dash.
  var CLASSES = { "'": "['\u2018\u2019\u201a\u201b\u2032]", '"': "[\"\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]", "-": "[-\u2010-\u2015\u2212]" };
  function pattern(quote) {
    var out = "";
    String(quote).normalize("NFKC").trim().replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
      .replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"').replace(/[\u2010-\u2015\u2212]/g, "-")
      .split(/\s+/).forEach(function (word, k) {
        if (k) out += "\\s+";
        for (var i = 0; i < word.length; i++) {
          var c = word[i];
          out += Object.prototype.hasOwnProperty.call(CLASSES, c) ? CLASSES[c] : c.replace(/[.*+?^${}()|[\]\\\/]/g, "\\$&");
        }
      });
    return new RegExp(out, "i");
  }
  function markQuote(q) {
    if (!q.quote) return false;
    var re = pattern(q.quote), marked = false;
    q.lines.forEach(function (range) {
      for (var n = range[0]; n <= Math.min(range[1], LIMIT) && !marked; n++) {
        var li = document.getElementById("L" + n), span = li && li.querySelector(".text");
        var node = span && span.firstChild;
        if (!node || node.nodeType !== 3) continue;
        var m = re.exec(node.data);
        if (!m) continue;
        var rest = node.splitText(m.index);
        rest.splitText(m[0].length);
        var mark = document.createElement("mark");
        span.replaceChild(mark, rest);
        mark.appendChild(rest);
        marked = true;
      }
    });
    return marked;
  }

  var id = new URLSearchParams(location.search).get("q");
  var q = id && Object.prototype.hasOwnProperty.call(DATA.questions, id) ? DATA.questions[id] : null;
  if (q) {
    markQuote(q);
    var link = document.getElementById("back-link");
    link.href = q.href;
    link.textContent = "Back to question " + q.n + " (" + q.bank + ")";
    document.getElementById("back").hidden = false;
  }
  window.addEventListener("hashchange", highlight);
  highlight();
})();
