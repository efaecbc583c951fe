// The quiz's questions: one question at a time built, read, judged and explained. It reads the
// bank from the JSON element #quiz-data and builds every question with DOM methods and text nodes
// only (and the markup module's own `*_html` fields): no text from a bank is ever parsed as HTML.
// The page around the questions (the study view, the list view, the round, the schedule) is
// study.js; it calls in through `CQ.questions` and is called back through `CQ.page` (check,
// reveal, retry, enter, overrule).
(function () {
  "use strict";
  var CQ = window.CQ = window.CQ || {};

  var DATA = JSON.parse(document.getElementById("quiz-data").textContent);
  var QS = DATA.questions;
  var BY_ID = Object.create(null); // no prototype: #q-constructor names no question
  QS.forEach(function (q, i) { q.index = i; BY_ID[q.id] = q; });

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

  // ---- the order: choices (and match right-hand items) are always shuffled, so the key is not
  // where the author wrote it. Without ?seed= each learner gets an order drawn at the first visit
  // and kept with their progress (progress.js: `prefs.order`, one per learner and project, so a
  // question's choices stand where they were on its quiz page and on the review page alike);
  // ?seed= gives a class one shared order of questions and choices. Questions stay in the bank's
  // order without a seed (a bank is often a progression).
  var params = new URLSearchParams(location.search);
  var SEED = (params.get("seed") || "").trim().slice(0, 64);
  var CHOICE_SEED = SEED || "learner:" + CQ.store(DATA.project).learnerOrder();
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
      mark: function (q, r) { markChoices(q, q.correct.map(String), (r || []).map(String)); }
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

  function buildQuestion(q, position, total) {
    var legend = el("legend", null, [
      el("span", { className: "qnum", text: "Question " + (position + 1) + " of " + total })
    ]);
    var body = TYPES[q.type].build(q, legend);
    // No <form> per question: browsers' autofill rescans every form on the page whenever one is
    // added, which made building a large bank take seconds. Enter in a text field still checks.
    // The study view hides the buttons: its bar has Check, Show answer and Continue.
    var button = el("button", { type: "button", className: "check", text: "Check answer" });
    var reveal = el("button", { type: "button", className: "reveal secondary", text: "Show answer" });
    var again = el("button", { type: "button", className: "again secondary", text: "Try again" });
    var fieldset = el("fieldset", null, [legend, body]);
    var feedback = el("div", { className: "feedback", role: "status", tabindex: "-1", id: domId(q, "feedback") });
    var actions = el("div", { className: "actions" }, [button, " ", reveal]);
    var retry = el("div", { className: "retry" }, [again]);
    var section = el("section", { className: "q", id: domId(q) }, [fieldset, actions, feedback, retry]);
    button.addEventListener("click", function () { CQ.page.check(q); });
    reveal.addEventListener("click", function () { CQ.page.reveal(q); });
    again.addEventListener("click", function () { CQ.page.retry(q); });
    fieldset.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.target.type !== "text" || event.isComposing) return;
      event.preventDefault();
      event.stopPropagation();
      // Enter in a blank that is not the last one moves on to the next blank, not to checking.
      var blanks = inputs(q, "input[type=text]"), k = blanks.indexOf(event.target);
      if (k >= 0 && k < blanks.length - 1) blanks[k + 1].focus();
      else CQ.page.enter(q);
    });
    q.dom = { section: section, fieldset: fieldset, feedback: feedback, body: body, legend: legend };
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

  // The reader marks the question's quote in the cited lines and links back to it (?q=<id>).
  function citeLink(c, q) {
    var src = DATA.sources[c[0]], first = c[1], last = c[2];
    var anchor = first === last ? "L" + first : "L" + first + "-L" + last;
    var where = (c[3] ? c[3] + ", " : "") + (first === last ? "line " + first : "lines " + first + "–" + last);
    var href = src.href + (q ? "?q=" + encodeURIComponent(q.id) : "") + "#" + anchor;
    return el("a", { href: href, className: "cite" }, [src.title + ", " + where]);
  }

  // `r` is null when the learner asked for the answer ("Show answer") instead of giving one.
  function showFeedback(q, r, verdict) {
    var fb = q.dom.feedback, section = q.dom.section, shown = r === null;
    fb.textContent = "";
    section.classList.toggle("is-right", verdict.ok);
    section.classList.toggle("is-wrong", !verdict.ok);
    fb.appendChild(el("p", { className: "verdict " + (verdict.ok ? "ok" : "bad"), text: shown ? "Answer shown" : verdictWord(verdict) }));
    if (verdict.override) {
      fb.appendChild(el("p", { className: "override", text: "Counted as right: you said your answer was right (override recorded)." }));
    }
    var handler = TYPES[q.type], answer = handler.answer(q);
    if (answer !== null) {
      fb.appendChild(el("p", { className: "answer" }, [handler.answerLabel || "The right answer: ", el("strong", null, [answer])]));
      if (verdict.typed && !shown) fb.appendChild(typedFeedback(r, verdict.typed[0].form || answer, verdict.typed[0]));
    } else {
      var details = shown ? shownDetails(q, handler) : handler.details(q, r, verdict);
      var list = el("ul", { className: "answer" });
      details.items.forEach(function (it) { list.appendChild(el("li", null, [it[0], el("strong", null, [it[1]]), shown ? "" : it[2], shown ? null : it[3] || null])); });
      fb.appendChild(el("p", { text: details.heading }));
      fb.appendChild(list);
    }
    if (q.explanation) fb.appendChild(rich(q.explanation_html != null ? "div" : "p", { className: "explanation" },
      q.explanation_html, q.explanation));
    if (q.quote) fb.appendChild(el("blockquote", null, ["“" + q.quote + "”"]));
    var cites = el("p", { className: "source" }, [q.cite.length > 1 ? "Sources: " : "Source: "]);
    q.cite.forEach(function (c, k) { if (k) cites.appendChild(document.createTextNode("; ")); cites.appendChild(citeLink(c, q)); });
    fb.appendChild(cites);
    if (handler.typed && !shown && !verdict.judged && !verdict.override) {
      var mine = el("button", { type: "button", className: "secondary i-was-right", text: "I was right" });
      mine.addEventListener("click", function () { CQ.page.overrule(q); });
      fb.appendChild(el("p", { className: "overrule" }, [mine,
        el("span", { className: "muted", text: " Count this answer as right if it means the same as the answer." })]));
    }
    if (handler.mark) handler.mark(q, r);
    q.dom.fieldset.disabled = true;
  }

  // Show answer: the items with no verdict on a response there was none of (each type's
  // `details` reads the response; it is given a blank one and its notes are left out).
  function shownDetails(q, handler) {
    var blank = q.type === "cloze" ? blanks(q).map(function () { return ""; }) : [];
    var verdict = { parts: [], typed: blank.map(function () { return { ok: false, reasons: [], typos: [] }; }) };
    return handler.details(q, blank, verdict);
  }

  function resetQuestion(q) {
    if (!q.dom) return;
    q.dom.section.classList.remove("can-retry");
    q.dom.fieldset.disabled = false;
    q.dom.feedback.textContent = "";
    q.dom.section.classList.remove("is-right", "is-wrong");
    inputs(q, ".mark").forEach(function (m) { m.parentNode.removeChild(m); });
    inputs(q, "input[type=radio], input[type=checkbox]").forEach(function (i) { i.checked = false; });
    inputs(q, "input[type=text], select").forEach(function (i) { i.value = ""; });
    if (TYPES[q.type].reset) TYPES[q.type].reset(q);
  }

  CQ.questions = {
    DATA: DATA, QS: QS, BY_ID: BY_ID, SEED: SEED, order: order, types: Object.keys(TYPES),
    choiceOrder: function (q) { return q.choices ? choiceOrder(q, q.choices.length) : q.right ? rightOrder(q) : orderStart(q); },
    el: el, domId: domId, hash: hash, shuffled: shuffled,
    build: buildQuestion, read: readResponse, write: writeResponse, judge: judge,
    showFeedback: showFeedback, reset: resetQuestion, inputs: inputs, citeLink: citeLink,
    choiceInputs: function (q) { return inputs(q, "input[type=radio], input[type=checkbox]"); }
  };
})();
