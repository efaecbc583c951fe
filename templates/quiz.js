// The interactive quiz. It reads the bank from the JSON element #quiz-data and builds every
// question with DOM methods and text nodes only: no text from a bank is ever parsed as HTML.
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("quiz-data").textContent);
  var QS = DATA.questions;
  var BY_ID = Object.create(null); // no prototype: #q-constructor names no question
  QS.forEach(function (q, i) { q.index = i; BY_ID[q.id] = q; });
  var STORE_KEY = "citequiz:" + DATA.project + ":" + DATA.bank;
  var FIRST_CHUNK = 30, BATCH = 25;
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  // ---- typed answers: the answer matcher (answers.js), fed the slots compiled at build time -----
  var MATCHER = window.citequizAnswers, FOLD_DIACRITICS = DATA.foldDiacritics !== false;
  function judgeTyped(slot, typed) { return MATCHER.judge(typed || "", slot, FOLD_DIACRITICS); }
  function reasonText(v) {
    var words = v.reasons.map(function (r) { return MATCHER.reasons[r] || r; });
    var text = "accepted: " + words.join(", ");
    if (v.typos.length) {
      text += " (the spelling is " + v.typos.map(function (t) { return "“" + t[1] + "”"; }).join(", ") + ")";
    }
    return text;
  }

  // ---- seeded shuffles, so that ?seed=... gives a whole class the same order ---------------
  function hash(str) { // FNV-1a, 32 bit
    var h = 0x811c9dc5;
    for (var i = 0; i < str.length; i++) { h ^= str.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }
  function rng(str) { // mulberry32
    var a = hash(str);
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  function shuffled(items, key) {
    var out = items.slice(), rand = rng(key);
    for (var i = out.length - 1; i > 0; i--) {
      var j = Math.floor(rand() * (i + 1)), t = out[i]; out[i] = out[j]; out[j] = t;
    }
    return out;
  }
  function range(n) { var r = []; for (var i = 0; i < n; i++) r.push(i); return r; }

  // ---- progress in localStorage ---------------------------------------------------------
  var state = { answers: {} };
  try {
    var saved = JSON.parse(localStorage.getItem(STORE_KEY) || "null");
    if (saved && saved.answers && typeof saved.answers === "object") state = saved;
  } catch (e) { /* no storage (private mode, some file:// setups): progress lasts the visit */ }
  function save() {
    try { localStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* see above */ }
  }

  // ---- the order: choices (and match right-hand items) are always shuffled, so the key is not
  // where the author wrote it. Without ?seed= each learner gets an order drawn at the first visit
  // and kept with their progress; ?seed= gives a class one shared order of questions and choices.
  // Questions stay in the bank's order without a seed (a bank is often a progression).
  var params = new URLSearchParams(location.search);
  var SEED = (params.get("seed") || "").trim().slice(0, 64);
  if (typeof state.order !== "string" || !state.order) {
    state.order = Math.floor(Math.random() * 4294967296).toString(36) + Math.floor(Math.random() * 4294967296).toString(36);
    save();
  }
  var CHOICE_SEED = SEED || "learner:" + state.order;
  var order = SEED ? shuffled(range(QS.length), SEED) : range(QS.length);
  function choiceOrder(q, n) { return q.shuffle === false ? range(n) : shuffled(range(n), CHOICE_SEED + "/" + q.id); }
  function rightOrder(q) { // never aligned with the left-hand items
    var n = q.right.length, out = shuffled(range(n), CHOICE_SEED + "/match/" + q.id);
    if (n > 1 && out.every(function (v, i) { return v === i; })) out.push(out.shift());
    return out;
  }

  // ---- DOM helpers ------------------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) {
      if (c != null) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  // A field with markup has a `*_html` twin (`prompt_html`, `choices_html`, ...) written by
  // citequiz's Markdown renderer, which escapes every text from the bank and writes only its own
  // elements (no raw HTML, no script, no event handler; see docs/content.md). Only those go in as
  // HTML; every other text is a text node.
  function rich(tag, attrs, html, text) {
    var node = el(tag, attrs);
    if (html != null) node.innerHTML = html; else node.textContent = text;
    return node;
  }
  function richText(html, text) { return html != null ? rich("span", null, html) : text; }
  function nth(list, i) { return list ? list[i] : null; }
  function $(id) { return document.getElementById(id); }
  function domId(q, suffix) { return "q-" + q.id + (suffix ? "-" + suffix : ""); }

  // ---- building one question ----------------------------------------------------------------
  function choiceList(q, type, labels, values, htmls) {
    var box = el("div", { className: "choices" });
    labels.forEach(function (label, k) {
      var id = domId(q, "c" + values[k]);
      box.appendChild(el("div", { className: "choice" }, [
        el("input", { type: type, name: domId(q), id: id, value: String(values[k]) }),
        rich("label", { "for": id }, nth(htmls, k), label)
      ]));
    });
    return box;
  }

  // ---- one handler per question type ------------------------------------------------------
  // build(q, legend): the answer controls (the legend already holds the question number);
  // read(q): the response, or null if none; write(q, r): restore a saved response;
  // judge(q, r): { ok, parts }; answer(q): the right answer as text, or null when `details`
  // lists it item by item; details(q, r, verdict): { heading, items: [[label, right, note]] };
  // mark(q, r): optional, marks beside the controls. render/quiz.py has the matching table.
  function prompt(legend, q, kind) {
    legend.appendChild(rich("span", { className: "prompt" }, q.prompt_html, q.prompt));
    if (kind) legend.appendChild(el("span", { className: "qnum", text: kind }));
  }
  function checked(q) { return inputs(q, "input:checked"); }
  function textValues(q, selector) {
    var values = inputs(q, selector).map(function (i) { return i.value; });
    return values.some(function (v) { return v.trim() !== ""; }) ? values : null;
  }
  function setValues(q, selector, r) {
    inputs(q, selector).forEach(function (i, k) { i.value = r[k] == null ? "" : r[k]; });
  }
  function setChecked(q, want) { inputs(q, "input").forEach(function (i) { i.checked = want.indexOf(i.value) >= 0; }); }
  // Beside each choice, say in words (not only colour) which was right and which was picked.
  function markChoices(q, right, picked) {
    inputs(q, "input").forEach(function (input) {
      var label = input.nextSibling, mark = null;
      if (right.indexOf(input.value) >= 0) mark = el("span", { className: "mark ok", text: "✓ right answer" });
      else if (picked.indexOf(input.value) >= 0) mark = el("span", { className: "mark bad", text: "✗ your choice" });
      if (mark) label.appendChild(mark);
    });
  }
  function choices(q, perm, type) {
    return choiceList(q, type, perm.map(function (i) { return q.choices[i]; }), perm,
      q.choices_html && perm.map(function (i) { return q.choices_html[i]; }));
  }
  function rightChoices(q) {
    if (!q.choices_html) return q.correct.map(function (i) { return q.choices[i]; }).join("; ");
    return rich("span", null, q.correct.map(function (i) { return q.choices_html[i]; }).join("; "));
  }
  function blanks(q) { return q.parts.filter(function (p) { return typeof p !== "string"; }); }

  var TYPES = {
    mcq: {
      build: function (q, legend) {
        var perm = choiceOrder(q, q.choices.length);
        prompt(legend, q);
        return choices(q, perm, "radio");
      },
      read: function (q) { var p = checked(q)[0]; return p ? parseInt(p.value, 10) : null; },
      write: function (q, r) { setChecked(q, [String(r)]); },
      judge: function (q, r) { return { ok: q.correct.indexOf(r) >= 0 }; },
      answer: rightChoices,
      mark: function (q, r) { markChoices(q, q.correct.map(String), [String(r)]); }
    },
    multi: {
      build: function (q, legend) {
        var perm = choiceOrder(q, q.choices.length);
        prompt(legend, q, "Select all that apply.");
        return choices(q, perm, "checkbox");
      },
      read: function (q) {
        var ticked = checked(q).map(function (i) { return parseInt(i.value, 10); });
        return ticked.length ? ticked.sort(function (a, b) { return a - b; }) : null;
      },
      write: function (q, r) { setChecked(q, r.map(String)); },
      judge: function (q, r) { // partial credit: the right ticks, less the wrong ones
        var hits = r.filter(function (c) { return q.correct.indexOf(c) >= 0; }).length, extra = r.length - hits;
        return { ok: hits === q.correct.length && extra === 0, total: q.correct.length, right: Math.max(0, hits - extra) };
      },
      answer: rightChoices,
      answerLabel: "The right answers: ",
      mark: function (q, r) { markChoices(q, q.correct.map(String), r.map(String)); }
    },
    tf: {
      build: function (q, legend) {
        prompt(legend, q, "True or false?");
        return choiceList(q, "radio", ["True", "False"], ["true", "false"]);
      },
      read: function (q) { var p = checked(q)[0]; return p ? p.value === "true" : null; },
      write: function (q, r) { setChecked(q, [String(r)]); },
      judge: function (q, r) { return { ok: r === q.correct }; },
      answer: function (q) { return q.correct ? "True" : "False"; },
      mark: function (q, r) { markChoices(q, [String(q.correct)], [String(r)]); }
    },
    short: {
      build: function (q, legend) {
        prompt(legend, q);
        return el("div", { className: "short" }, [
          el("label", { "for": domId(q, "in"), text: "Your answer" }),
          el("input", { type: "text", id: domId(q, "in"), autocomplete: "off", spellcheck: "false" })
        ]);
      },
      read: function (q) { var v = inputs(q, "input")[0].value; return v.trim() ? v : null; },
      write: function (q, r) { inputs(q, "input")[0].value = r; },
      judge: function (q, r) { var t = judgeTyped(q.slot, r); return { ok: t.ok, typed: [t] }; },
      answer: function (q) { return q.answer; },
      typed: true
    },
    cloze: {
      build: function (q, legend) {
        legend.appendChild(el("span", { className: "prompt", text: "Fill in the blanks." }));
        var body = el(q.html != null ? "div" : "p", { className: "cloze" }), blank = 0;
        if (q.html != null) { // rendered Markdown: an input goes where each .cq-blank stands
          body.innerHTML = q.html;
          var hints = blanks(q);
          Array.prototype.forEach.call(body.querySelectorAll(".cq-blank"), function (slot) {
            var part = hints[blank] || {};
            blank += 1;
            slot.replaceWith(el("input", { type: "text", id: domId(q, "b" + blank),
              "aria-label": "Blank " + blank + (part.hint ? " (hint: " + part.hint + ")" : ""),
              placeholder: part.hint || "", autocomplete: "off", spellcheck: "false", "data-blank": String(blank - 1) }));
          });
          return body;
        }
        q.parts.forEach(function (part) {
          if (typeof part === "string") { body.appendChild(document.createTextNode(part)); return; }
          blank += 1;
          var label = "Blank " + blank + (part.hint ? " (hint: " + part.hint + ")" : "");
          body.appendChild(el("input", { type: "text", id: domId(q, "b" + blank), "aria-label": label,
            placeholder: part.hint || "", autocomplete: "off", spellcheck: "false", "data-blank": String(blank - 1) }));
        });
        return body;
      },
      read: function (q) { return textValues(q, "input"); },
      write: function (q, r) { setValues(q, "input", r); },
      judge: function (q, r) {
        var typed = blanks(q).map(function (b, k) { return judgeTyped(b.slot, r[k]); });
        var parts = typed.map(function (t) { return t.ok; });
        return { ok: parts.every(Boolean), parts: parts, typed: typed };
      },
      answer: function () { return null; },
      details: function (q, r, verdict) {
        return { heading: "The blanks:", items: blanks(q).map(function (b, k) {
          var t = verdict.typed[k];
          return ["Blank " + (k + 1) + ": ", richText(nth(q.answers_html, k), b.answer), t.ok ? " (yours is right)" : " (yours: " + (r[k] || "blank") + ")",
            typedFeedback(r[k] || "", t.form || b.answer, t)];
        }) };
      },
      typed: true
    },
    match: {
      build: function (q, legend) {
        prompt(legend, q);
        var rights = rightOrder(q), body = el("div", { className: "pairs" });
        q.left.forEach(function (left, i) {
          var sel = el("select", { id: domId(q, "m" + i) }, [el("option", { value: "", text: "Choose…" })]);
          rights.forEach(function (r) { sel.appendChild(el("option", { value: String(r), text: q.right[r] })); });
          body.appendChild(el("div", { className: "pair" }, [rich("label", { "for": sel.id }, nth(q.left_html, i), left), sel]));
        });
        return body;
      },
      read: function (q) { return textValues(q, "select"); },
      write: function (q, r) { setValues(q, "select", r); },
      judge: function (q, r) {
        var parts = q.left.map(function (_, i) { return r[i] === String(i); });
        return { ok: parts.every(Boolean), parts: parts };
      },
      answer: function () { return null; },
      details: function (q, r, verdict) {
        return { heading: "The pairs:", items: q.left.map(function (left, i) {
          return [el("span", null, [richText(nth(q.left_html, i), left), " → "]), richText(nth(q.right_html, i), q.right[i]), verdict.parts[i] ? " (yours is right)" : " (yours: " + (r[i] === "" ? "none" : q.right[parseInt(r[i], 10)]) + ")"];
        }) };
      }
    },
    order: {
      // A list the learner reorders with each item's Move up / Move down buttons (keyboard and
      // pointer), or by dragging an item; every move is announced in the question's live region.
      build: function (q, legend) {
        prompt(legend, q, "Put these in order, first at the top: move an item with its buttons or drag it.");
        var list = el("ol", { className: "order", id: domId(q, "order") });
        orderStart(q).forEach(function (i) { list.appendChild(orderItem(q, i)); });
        dragToReorder(q, list);
        return el("div", { className: "order-box" }, [list,
          el("p", { className: "visually-hidden", id: domId(q, "moved"), "aria-live": "polite" })]);
      },
      read: function (q) { return orderNow(q); },
      write: function (q, r) { orderSet(q, r); },
      judge: function (q, r) {
        var parts = q.items.map(function (_, k) { return r[k] === k; });
        return { ok: parts.every(Boolean), parts: parts };
      },
      answer: function () { return null; },
      details: function (q, r, verdict) {
        return { heading: "The order:", items: q.items.map(function (item, k) {
          return [(k + 1) + ". ", item, verdict.parts[k] ? " (yours is right)" : " (yours: " + q.items[r[k]] + ")"];
        }) };
      },
      reset: function (q) { orderSet(q, orderStart(q)); }
    }
  };

  // ---- the order type's list -------------------------------------------------------------
  function orderStart(q) { // the bank's shuffle, or with ?seed= the class's own; never the right order
    if (!SEED) return q.start.slice();
    var out = shuffled(range(q.items.length), SEED + "/order/" + q.id);
    if (out.every(function (v, i) { return v === i; })) out.push(out.shift());
    return out;
  }
  function orderItems(q) { return inputs(q, "li.order-item"); }
  function orderNow(q) { return orderItems(q).map(function (li) { return parseInt(li.getAttribute("data-item"), 10); }); }
  function orderSet(q, r) {
    var list = q.dom.body.querySelector("ol.order"), byItem = {}; // q.dom may not be in the page yet
    orderItems(q).forEach(function (li) { byItem[li.getAttribute("data-item")] = li; });
    r.forEach(function (i) { if (byItem[i]) list.appendChild(byItem[i]); });
  }
  function announce(q, li) {
    var items = orderItems(q), at = items.indexOf(li);
    q.dom.body.querySelector("[aria-live]").textContent = "“" + q.items[parseInt(li.getAttribute("data-item"), 10)] + "” is now " +
      (at + 1) + " of " + items.length + (at === 0 ? ", first." : at === items.length - 1 ? ", last." : ".");
  }
  function orderItem(q, i) {
    var text = q.items[i];
    var up = el("button", { type: "button", className: "move secondary", "aria-label": "Move up: " + text, text: "↑" });
    var down = el("button", { type: "button", className: "move secondary", "aria-label": "Move down: " + text, text: "↓" });
    var li = el("li", { className: "order-item", "data-item": String(i) }, [
      el("span", { className: "order-text", text: text }), el("span", { className: "order-moves" }, [up, down])]);
    function move(step, button) {
      var list = li.parentNode, target = step < 0 ? li.previousElementSibling : li.nextElementSibling;
      if (target) list.insertBefore(li, step < 0 ? target : target.nextElementSibling);
      button.focus(); // moving the item took the focus with it: give it back to the same button
      announce(q, li);
    }
    up.addEventListener("click", function () { move(-1, up); });
    down.addEventListener("click", function () { move(1, down); });
    return li;
  }
  function dragToReorder(q, list) {
    var dragged = null;
    list.addEventListener("pointerdown", function (event) {
      var li = event.target.closest("li.order-item");
      if (!li || event.target.closest("button") || q.dom.fieldset.disabled || event.button !== 0) return;
      dragged = li;
      li.classList.add("dragging");
      list.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    list.addEventListener("pointermove", function (event) {
      if (!dragged) return;
      var over = orderItems(q).filter(function (li) {
        var box = li.getBoundingClientRect();
        return li !== dragged && event.clientY >= box.top && event.clientY <= box.bottom;
      })[0];
      if (!over) return;
      var box = over.getBoundingClientRect();
      list.insertBefore(dragged, event.clientY < box.top + box.height / 2 ? over : over.nextElementSibling);
    });
    function drop() {
      if (!dragged) return;
      dragged.classList.remove("dragging");
      announce(q, dragged);
      dragged = null;
    }
    list.addEventListener("pointerup", drop);
    list.addEventListener("pointercancel", drop);
  }

  function buildQuestion(q, position) {
    var legend = el("legend", null, [
      el("span", { className: "qnum", text: "Question " + (position + 1) + " of " + QS.length })
    ]);
    var body = TYPES[q.type].build(q, legend);
    // No <form> per question: browsers' autofill rescans every form on the page whenever one is
    // added, which made building a large bank take seconds. Enter in a text field still checks.
    var button = el("button", { type: "button", className: "check", text: "Check answer" });
    var fieldset = el("fieldset", null, [legend, body, el("div", { className: "actions" }, [button])]);
    var feedback = el("div", { className: "feedback", role: "status", tabindex: "-1", id: domId(q, "feedback") });
    var section = el("section", { className: "q", id: domId(q) }, [fieldset, feedback]);
    button.addEventListener("click", function () { check(q); });
    fieldset.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target.type === "text") { event.preventDefault(); check(q); }
    });
    q.dom = { section: section, fieldset: fieldset, feedback: feedback, body: body };
    return section;
  }

  // ---- reading, judging and restoring responses ----------------------------------------------
  function inputs(q, selector) { return Array.prototype.slice.call(q.dom.body.querySelectorAll(selector)); }

  function readResponse(q) { return TYPES[q.type].read(q); }
  function writeResponse(q, r) { TYPES[q.type].write(q, r); }
  // { ok, right, total, parts (per blank / pair / item), typed (the matcher's verdicts) }: `right`
  // of `total` earns partial credit (multi, match, multi-blank cloze). An override ("I was
  // right") makes it all right; `judged` keeps what the matcher said.
  function judge(q, r, override) {
    var v = TYPES[q.type].judge(q, r);
    if (v.total == null) v.total = v.parts ? v.parts.length : 1;
    if (v.right == null) v.right = v.parts ? v.parts.filter(Boolean).length : (v.ok ? v.total : 0);
    v.judged = v.ok;
    if (override && !v.ok) { v.ok = true; v.right = v.total; v.override = true; }
    return v;
  }
  function verdictWord(v) {
    if (v.ok) return "Correct";
    if (v.right > 0) return "Partly correct (" + v.right + " of " + v.total + ")";
    return "Incorrect";
  }

  // What was typed beside the answer, letter by letter (as Anki's type-in cards show it): the
  // letters both share are plain, typed letters the answer lacks are struck out (<del>), and
  // letters of the answer that were not typed are marked (<ins>). Case and width are ignored.
  function diffParts(typed, right) {
    var a = Array.from(typed), b = Array.from(right), n = a.length, m = b.length, i, j;
    if (n * m > 40000) return null;
    function fold(c) { return c.normalize("NFKC").toLowerCase(); }
    var la = a.map(fold), lb = b.map(fold), L = [];
    for (i = 0; i <= n; i++) L.push(new Array(m + 1).fill(0));
    for (i = n - 1; i >= 0; i--) for (j = m - 1; j >= 0; j--) {
      L[i][j] = la[i] === lb[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
    }
    var mine = [], theirs = [];
    function push(list, text, same) {
      var last = list[list.length - 1];
      if (last && last.same === same) last.text += text; else list.push({ text: text, same: same });
    }
    i = 0; j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && la[i] === lb[j]) { push(mine, a[i], true); push(theirs, b[j], true); i++; j++; }
      else if (j >= m || (i < n && L[i + 1][j] >= L[i][j + 1])) { push(mine, a[i], false); i++; }
      else { push(theirs, b[j], false); j++; }
    }
    return { mine: mine, theirs: theirs };
  }
  function diffLine(label, parts, tag) {
    return el("span", { className: "diff-line" }, [label].concat(parts.map(function (p) {
      return p.same ? document.createTextNode(p.text) : el(tag, { text: p.text });
    })));
  }
  function typedFeedback(typed, right, v) {
    var box = el("div", { className: "typed" });
    if (typed.trim() && typed.trim() !== right.trim()) {
      var d = diffParts(typed.trim(), right);
      box.appendChild(d ? el("p", { className: "diff" }, [diffLine("You typed: ", d.mine, "del"), el("br"),
        diffLine("The answer: ", d.theirs, "ins")]) : el("p", { className: "diff", text: "You typed: " + typed.trim() }));
    }
    if (v.ok && v.reasons.length) box.appendChild(el("p", { className: "reason", text: reasonText(v) }));
    if (v.rejected) box.appendChild(el("p", { className: "reason", text: "This form is one the author marked as wrong." }));
    return box;
  }

  function citeLink(c) {
    var src = DATA.sources[c[0]], first = c[1], last = c[2];
    var anchor = first === last ? "L" + first : "L" + first + "-L" + last;
    var where = (c[3] ? c[3] + ", " : "") + (first === last ? "line " + first : "lines " + first + "–" + last);
    return el("a", { href: src.href + "#" + anchor, className: "cite" }, [src.title + ", " + where]);
  }

  function showFeedback(q, r, verdict) {
    var fb = q.dom.feedback, section = q.dom.section;
    fb.textContent = "";
    section.classList.toggle("is-right", verdict.ok);
    section.classList.toggle("is-wrong", !verdict.ok);
    fb.appendChild(el("p", { className: "verdict " + (verdict.ok ? "ok" : "bad"), text: verdictWord(verdict) }));
    if (verdict.override) {
      fb.appendChild(el("p", { className: "override", text: "Counted as right: you said your answer was right (override recorded)." }));
    }
    var handler = TYPES[q.type], answer = handler.answer(q);
    if (answer !== null) {
      fb.appendChild(el("p", { className: "answer" }, [handler.answerLabel || "The right answer: ", el("strong", null, [answer])]));
      if (verdict.typed) fb.appendChild(typedFeedback(r, verdict.typed[0].form || answer, verdict.typed[0]));
    } else {
      var details = handler.details(q, r, verdict), list = el("ul", { className: "answer" });
      details.items.forEach(function (it) { list.appendChild(el("li", null, [it[0], el("strong", null, [it[1]]), it[2], it[3] || null])); });
      fb.appendChild(el("p", { text: details.heading }));
      fb.appendChild(list);
    }
    if (q.explanation) fb.appendChild(rich(q.explanation_html != null ? "div" : "p", { className: "explanation" },
      q.explanation_html, q.explanation));
    if (q.quote) fb.appendChild(el("blockquote", null, ["“" + q.quote + "”"]));
    var cites = el("p", { className: "source" }, [q.cite.length > 1 ? "Sources: " : "Source: "]);
    q.cite.forEach(function (c, k) { if (k) cites.appendChild(document.createTextNode("; ")); cites.appendChild(citeLink(c)); });
    fb.appendChild(cites);
    if (handler.typed && !verdict.judged && !verdict.override) {
      var mine = el("button", { type: "button", className: "secondary i-was-right", text: "I was right" });
      mine.addEventListener("click", function () { overrule(q); });
      fb.appendChild(el("p", { className: "overrule" }, [mine,
        el("span", { className: "muted", text: " Count this answer as right if it means the same as the answer." })]));
    }
    if (handler.mark) handler.mark(q, r);
    q.dom.fieldset.disabled = true;
  }

  // "I was right": the learner overrules an Incorrect on a typed answer. The saved answer keeps
  // what was typed and records the override, shown as such.
  function overrule(q) {
    var a = state.answers[q.id];
    if (!a) return;
    a.override = true;
    a.ok = true;
    a.score = 1;
    save();
    showFeedback(q, a.r, judge(q, a.r, true));
    q.dom.feedback.focus({ preventScroll: true });
    updateScore();
  }

  function resetQuestion(q) {
    if (!q.dom) return;
    q.dom.fieldset.disabled = false;
    q.dom.feedback.textContent = "";
    q.dom.section.classList.remove("is-right", "is-wrong");
    inputs(q, ".mark").forEach(function (m) { m.parentNode.removeChild(m); });
    inputs(q, "input[type=radio], input[type=checkbox]").forEach(function (i) { i.checked = false; });
    inputs(q, "input[type=text], select").forEach(function (i) { i.value = ""; });
    if (TYPES[q.type].reset) TYPES[q.type].reset(q);
  }

  function check(q) {
    var r = readResponse(q);
    if (r === null) {
      q.dom.feedback.textContent = "";
      q.dom.feedback.appendChild(el("p", { text: "Answer the question first, then check it." }));
      return;
    }
    var verdict = judge(q, r);
    state.answers[q.id] = { r: r, ok: verdict.ok, score: verdict.right / verdict.total, v: q.v };
    save();
    showFeedback(q, r, verdict);
    q.dom.feedback.focus({ preventScroll: true });
    updateScore();
  }

  // ---- score, retry, start over -------------------------------------------------------------
  function tally() {
    var answered = 0, right = 0, missed = [];
    QS.forEach(function (q) {
      var a = state.answers[q.id];
      if (!a || a.v !== q.v) return;
      answered += 1;
      right += a.ok ? 1 : (typeof a.score === "number" && a.score > 0 && a.score < 1 ? a.score : 0);
      if (!a.ok) missed.push(q);
    });
    return { answered: answered, right: Math.round(right * 100) / 100, missed: missed };
  }

  function updateScore() {
    var t = tally(), n = QS.length;
    $("score").textContent = "Score: " + t.right + " correct of " + t.answered + " answered · " + n + " questions";
    // Only the final score is announced (the live region stays quiet until then): each answer's
    // own feedback has already been announced.
    $("progress").textContent = t.answered === n ? "" :
      "Answered " + t.answered + " of " + n + "; the final score appears when every question is answered.";
    $("final").textContent = t.answered !== n ? "" :
      "Final score: " + t.right + " of " + n + " (" + Math.round(100 * t.right / n) + "%)" +
      (t.missed.length ? ". You missed " + t.missed.length + "." : ". Every answer right!");
    var retry = $("retry");
    retry.hidden = t.missed.length === 0;
    retry.textContent = "Retry the " + (t.missed.length === 1 ? "question" : t.missed.length + " questions") + " I missed";
  }

  function focusFirstControl(q) {
    var target = q && q.dom && q.dom.body.querySelector("input, select, button");
    if (target) {
      target.focus({ preventScroll: true });
      q.dom.section.scrollIntoView({ block: "start", behavior: reduceMotion ? "auto" : "smooth" });
    }
  }

  function retryMissed() {
    var missed = tally().missed.sort(function (a, b) { return order.indexOf(a.index) - order.indexOf(b.index); });
    ensureRendered(missed[0]);
    missed.forEach(function (q) { delete state.answers[q.id]; resetQuestion(q); });
    save();
    updateScore();
    $("toolbar-status").textContent = "Cleared " + missed.length + " missed " + (missed.length === 1 ? "question" : "questions") + " to try again.";
    focusFirstControl(missed[0]);
  }

  function startOver() {
    state = { answers: {}, order: state.order }; // the choices stay where the learner saw them
    save();
    QS.forEach(resetQuestion);
    updateScore();
    $("toolbar-status").textContent = "Started over: every answer cleared.";
    focusFirstControl(QS[order[0]]);
  }

  // ---- the toolbar ------------------------------------------------------------------------
  $("seed").value = SEED;
  $("order-note").textContent = SEED
    ? "Shuffled with seed “" + SEED + "”. Share this page's address (it ends in ?seed=" + encodeURIComponent(SEED) + ") and everyone sees the same order."
    : "Questions in the bank's order, choices in an order drawn for you. Give a seed to shuffle questions and choices the same way for everyone who uses it.";
  $("random-order").addEventListener("click", function () {
    location.search = "?seed=" + Math.floor(Math.random() * 1e9).toString(36);
  });
  $("start-over").addEventListener("click", startOver);
  $("start-over-end").addEventListener("click", startOver);
  $("retry").addEventListener("click", retryMissed);

  // ---- rendering: the first questions at once, so the page answers the learner at once even for
  // thousands of questions; the rest in small batches while the browser is idle. A link to a later
  // question (#q-...), "retry" and printing build what they need first.
  var main = $("questions"), rendered = 0;
  function renderUpTo(to) {
    to = Math.min(to, QS.length);
    if (to <= rendered) return;
    var frag = document.createDocumentFragment();
    for (var k = rendered; k < to; k++) {
      var q = QS[order[k]];
      frag.appendChild(buildQuestion(q, k));
      var saved = state.answers[q.id];
      if (saved && saved.v !== q.v) { delete state.answers[q.id]; saved = null; } // the question changed
      if (saved) {
        try { writeResponse(q, saved.r); showFeedback(q, saved.r, judge(q, saved.r, saved.override)); }
        catch (e) { delete state.answers[q.id]; resetQuestion(q); } // unreadable progress
      }
    }
    main.appendChild(frag);
    rendered = to;
  }
  function ensureRendered(q) { if (q && !q.dom) renderUpTo(order.indexOf(q.index) + 1); }
  function showTarget() {
    var m = /^#q-([a-z0-9-]+)$/.exec(location.hash), q = m && BY_ID[m[1]];
    if (!q) return;
    ensureRendered(q);
    q.dom.section.scrollIntoView({ block: "start" });
  }
  var idle = window.requestIdleCallback
    ? function (fn) { window.requestIdleCallback(fn, { timeout: 50 }); }
    : function (fn) { setTimeout(fn, 0); };
  function step(deadline) {
    do { renderUpTo(rendered + BATCH); }
    while (rendered < QS.length && deadline && deadline.timeRemaining && deadline.timeRemaining() > 8);
    if (rendered < QS.length) idle(step); else complete();
  }
  function complete() {
    if (performance.mark) performance.mark("citequiz:all-questions");
    document.documentElement.setAttribute("data-complete", "true");
  }
  renderUpTo(FIRST_CHUNK);
  showTarget();
  updateScore();
  window.addEventListener("hashchange", showTarget);
  window.addEventListener("beforeprint", function () { renderUpTo(QS.length); });
  if (performance.mark) performance.mark("citequiz:first-question");
  document.documentElement.setAttribute("data-ready", "true");
  if (rendered < QS.length) idle(step); else complete();

  window.citequiz = { types: Object.keys(TYPES), rendered: function () { return rendered; }, order: function () { return order.map(function (i) { return QS[i].id; }); },
    choiceOrder: function (id) { var q = BY_ID[id]; return q.choices ? choiceOrder(q, q.choices.length) : rightOrder(q); } };
})();
