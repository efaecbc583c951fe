// The quiz page around the questions (quiz.js builds and judges each one):
// - a round: the questions of this sitting, in order; a missed question comes back a few
//   questions later until it is answered right once; the score counts first tries;
// - two views of it: one question at a time (the default, with a bar that stays on screen:
//   Check, then Continue) or all questions on one page (remembered; also used for printing);
// - the end screen, the question map, keyboard shortcuts, and the spaced-review schedule
//   (schedule.js) with its due counts and "Review due questions" rounds.
// State is kept by progress.js in localStorage; every id from storage or the address bar is
// looked up with `own`, never as a plain property (#q-constructor names no question).
(function () {
  "use strict";
  var CQ = window.CQ, Q = CQ.questions, el = Q.el, DATA = Q.DATA, QS = Q.QS, BY_ID = Q.BY_ID;
  var store = CQ.store(DATA.project);
  var REVIEW_PAGE = !!DATA.review;
  var ROUND_KEY = REVIEW_PAGE ? "review" : "bank:" + DATA.bank;
  var REPEAT_GAP = 3; // a missed question comes back after this many others (or at the end)
  var THINK_CAP = 5 * 60000; // time taken counts at most this per answer: a break is not study time
  var FIRST_CHUNK = 30, BATCH = 25;
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var ORDER_IDS = Q.order.map(function (i) { return QS[i].id; });

  // The schedule, parsed once: with thousands of questions it is hundreds of kilobytes of JSON.
  // Another tab's change (a storage event) or an import drops the copy.
  var cards = null;
  function schedule() { if (!cards) cards = store.cards(); return cards; }
  window.addEventListener("storage", function () { cards = null; updateDue(); });

  function own(o, k) { return o != null && Object.prototype.hasOwnProperty.call(o, k); }
  function $(id) { return document.getElementById(id); }
  function now() { return Date.now(); }
  function plural(n, one, many) { return n + " " + (n === 1 ? one : (many || one + "s")); }
  function question(id) { return own(BY_ID, id) ? BY_ID[id] : null; }

  // ---- the round ------------------------------------------------------------------------------
  // { kind: "all" | "due" | "missed", seed, ids: [...], queue: [ids still to get right],
  //   current: id, phase: "answer" | "feedback" | "end", answers: {id: {r, ok, v}},
  //   first: {id: right on the first try?}, misses: {id: n}, flags: {id: true},
  //   started, finished, updated: ms }
  function newRound(kind, ids) {
    return { kind: kind, seed: Q.SEED, ids: ids.slice(), queue: ids.slice(), current: ids[0] || null,
             phase: ids.length ? "answer" : "end", answers: {}, first: {}, misses: {}, flags: {},
             started: null, finished: null, active: 0, updated: now() };
  }

  function dueIds() { return store.due(QS, now(), schedule()).ids; }

  function loadRound() {
    var r = store.read(ROUND_KEY);
    try {
      if (!r || !Array.isArray(r.ids) || !Array.isArray(r.queue)) return null;
      ["answers", "first", "misses", "flags"].forEach(function (k) {
        if (r[k] === null || typeof r[k] !== "object" || Array.isArray(r[k])) r[k] = {};
      });
      r.ids = r.ids.filter(question);
      r.queue = r.queue.filter(question);
      // Progress saved for an older version of a question (other choices, another answer) is
      // dropped rather than judged against it: the question starts afresh in the round.
      Object.keys(r.answers).forEach(function (id) {
        var q = question(id), a = r.answers[id];
        if (q && a && a.v === q.v) return;
        delete r.answers[id]; delete r.first[id]; delete r.misses[id];
        if (q && r.ids.indexOf(id) >= 0 && r.queue.indexOf(id) < 0) r.queue.push(id);
      });
      if (!question(r.current)) r.current = r.queue[0] || null;
      if (!r.current) r.phase = "end";
      if (r.phase !== "feedback" && r.phase !== "end") r.phase = "answer";
      if (r.phase === "feedback" && !own(r.answers, r.current)) r.phase = "answer";
      if (!r.ids.length) return null;
      return r;
    } catch (e) { return null; } // unreadable progress: a new round
  }

  function answeredAny(r) { return Object.keys(r.answers).length > 0; }

  function freshRound() {
    if (!REVIEW_PAGE) return newRound("all", ORDER_IDS);
    return newRound("due", dueIds());
  }

  var round = loadRound();
  // A new shared order (?seed=...) replaces a round nobody has answered in yet.
  if (round && !REVIEW_PAGE && round.seed !== Q.SEED && !answeredAny(round)) round = null;
  // The review page starts each day's review afresh once the last one is finished.
  if (round && REVIEW_PAGE && !round.queue.length) round = null;
  if (!round) round = freshRound();

  function save() { round.updated = now(); store.write(ROUND_KEY, round); }

  function tally() {
    var t = { total: round.ids.length, done: 0, firstRight: 0, repeated: 0, answered: 0, missed: [] };
    var left = Object.create(null);
    round.queue.forEach(function (id) { left[id] = true; });
    round.ids.forEach(function (id) {
      if (own(round.first, id)) {
        t.answered += 1;
        if (round.first[id]) t.firstRight += 1; else { t.repeated += 1; t.missed.push(id); }
      }
      if (!left[id]) t.done += 1;
    });
    return t;
  }

  // ---- the view --------------------------------------------------------------------------------
  var prefs = store.read("prefs") || {};
  var view = prefs.view === "list" ? "list" : "study";
  var main = $("questions"), rendered = 0;

  function position(id) { var k = round.ids.indexOf(id); return k < 0 ? ORDER_IDS.indexOf(id) : k; }
  function ensureBuilt(q) {
    if (!q.dom) { Q.build(q, position(q.id), round.ids.length); q.dom.fresh = true; }
    return q;
  }
  function number(q) {
    var k = round.ids.indexOf(q.id);
    var text = k < 0 ? "Question " + (ORDER_IDS.indexOf(q.id) + 1) + " of the bank (not in this round)"
                     : "Question " + (k + 1) + " of " + round.ids.length;
    if (own(round.misses, q.id) && round.queue.indexOf(q.id) >= 0) text += " · again: you missed it earlier";
    if (own(round.flags, q.id)) text += " · flagged";
    q.dom.legend.firstChild.textContent = text;
  }

  // Make a question's DOM match the round: its last response and feedback, or blank to answer.
  function sync(q) {
    ensureBuilt(q);
    number(q);
    var a = own(round.answers, q.id) ? round.answers[q.id] : null;
    var blank = !a || (view === "study" && round.current === q.id && round.phase === "answer");
    if (!q.dom.fresh) Q.reset(q); // a question just built is blank already
    q.dom.fresh = false;
    if (!blank) {
      try {
        if (a.r !== null) Q.write(q, a.r);
        Q.showFeedback(q, a.r, a.r === null ? { ok: false } : Q.judge(q, a.r, a.override));
      } catch (e) { delete round.answers[q.id]; Q.reset(q); } // unreadable progress
    }
    q.dom.section.classList.toggle("can-retry", !blank && !a.ok && round.queue.indexOf(q.id) >= 0);
    q.dom.section.classList.toggle("is-flagged", own(round.flags, q.id));
    q.dom.section.classList.toggle("is-current", view === "study" && round.current === q.id);
  }

  function renderListUpTo(to) {
    to = Math.min(to, round.ids.length);
    if (to <= rendered) return;
    var frag = document.createDocumentFragment();
    for (var k = rendered; k < to; k++) {
      var q = question(round.ids[k]);
      sync(q);
      frag.appendChild(q.dom.section);
    }
    main.appendChild(frag);
    rendered = to;
  }
  function ensureListed(id) { var k = round.ids.indexOf(id); if (k >= 0) renderListUpTo(k + 1); }

  var idle = window.requestIdleCallback
    ? function (fn) { window.requestIdleCallback(fn, { timeout: 50 }); }
    : function (fn) { setTimeout(fn, 0); };
  var stepping = false;
  function step(deadline) {
    stepping = false;
    if (view !== "list") return;
    do { renderListUpTo(rendered + BATCH); }
    while (rendered < round.ids.length && deadline && deadline.timeRemaining && deadline.timeRemaining() > 8);
    if (rendered < round.ids.length) { stepping = true; idle(step); } else complete();
  }
  function complete() {
    if (performance.mark) performance.mark("citequiz:all-questions");
    document.documentElement.setAttribute("data-complete", "true");
  }

  function showView() {
    document.body.classList.toggle("view-study", view === "study");
    document.body.classList.toggle("view-list", view === "list");
    $("view-toggle").textContent = view === "study" ? "All questions on one page" : "One question at a time";
    main.textContent = "";
    rendered = 0;
    // data-complete and the mark: every question of the list is built (the study view builds one).
    document.documentElement.removeAttribute("data-complete");
    if (view === "study") {
      showCurrent();
    } else {
      $("studybar").hidden = true;
      renderListUpTo(FIRST_CHUNK);
      if (rendered < round.ids.length) { if (!stepping) { stepping = true; idle(step); } } else complete();
    }
    updateProgress();
  }

  function setView(v) {
    view = v;
    prefs.view = v;
    store.write("prefs", prefs);
    showView();
  }

  function showCurrent() {
    var ended = round.phase === "end";
    $("studybar").hidden = ended || !round.ids.length;
    if (ended || !round.current) { showResults(true); return; }
    showResults(false);
    var q = question(round.current);
    sync(q);
    main.appendChild(q.dom.section);
    updateBar();
  }

  function updateBar() {
    var q = question(round.current), answering = round.phase === "answer";
    var primary = $("primary");
    primary.textContent = answering ? "Check" : round.queue.length ? "Continue" : "See results";
    $("reveal").disabled = !answering;
    var flagged = !!q && own(round.flags, q.id);
    $("flag").setAttribute("aria-pressed", flagged ? "true" : "false");
    $("flag").textContent = flagged ? "Flagged" : "Flag";
  }

  // ---- answering ---------------------------------------------------------------------------------
  var lastMark = now(); // when this page was opened or last answered
  function settle(q, r, ok) {
    var t = now();
    if (round.started == null) round.started = t;
    round.active = (typeof round.active === "number" ? round.active : 0) + Math.max(0, Math.min(t - lastMark, THINK_CAP));
    lastMark = t;
    if (!own(round.first, q.id)) {
      round.first[q.id] = ok;
      var all = schedule();
      if (CQ.schedule.rate(all, q.id, q.v, ok ? CQ.schedule.RATING.good : CQ.schedule.RATING.again, t)) {
        store.write("schedule", { cards: all });
      }
    }
    round.answers[q.id] = { r: r, ok: ok, v: q.v };
    if (!ok) round.misses[q.id] = (own(round.misses, q.id) ? round.misses[q.id] : 0) + 1;
    var k = round.queue.indexOf(q.id);
    if (k >= 0) round.queue.splice(k, 1);
    if (!ok && round.ids.indexOf(q.id) >= 0) round.queue.splice(Math.min(REPEAT_GAP, round.queue.length), 0, q.id);
    if (view === "study" && round.current === q.id) round.phase = "feedback";
    if (!round.queue.length && round.finished == null) round.finished = t;
    save();
  }

  function afterAnswer(q) {
    q.dom.section.classList.toggle("can-retry", !round.answers[q.id].ok && round.queue.indexOf(q.id) >= 0);
    number(q);
    if (view === "study") updateBar();
    updateProgress();
    q.dom.feedback.focus({ preventScroll: true });
    bringIntoView(q.dom.feedback);
    if (view === "list" && !round.queue.length) showResults(true);
  }

  function check(q) {
    if (view === "study" && (round.current !== q.id || round.phase !== "answer")) return;
    var r = Q.read(q);
    if (r === null) {
      q.dom.feedback.textContent = "";
      q.dom.feedback.appendChild(el("p", { text: "Answer the question first, then check it (or use Show answer)." }));
      bringIntoView(q.dom.feedback);
      return;
    }
    var verdict = Q.judge(q, r);
    settle(q, r, verdict.ok);
    Q.showFeedback(q, r, verdict);
    afterAnswer(q);
  }

  // "Show answer": the answer is revealed and the question counts as not known.
  function reveal(q) {
    if (view === "study" && (round.current !== q.id || round.phase !== "answer")) return;
    settle(q, null, false);
    Q.showFeedback(q, null, { ok: false });
    afterAnswer(q);
  }

  // "I was right" on a typed answer the matcher rejected: the answer counts as right, the
  // question leaves the round's queue, and if that was its first try it counts as right first
  // time. (Its spaced-review rating, Again, is kept: it was given when the answer was checked.)
  function overrule(q) {
    var a = own(round.answers, q.id) ? round.answers[q.id] : null;
    if (!a || a.r === null) return;
    a.override = true;
    a.ok = true;
    if (own(round.misses, q.id) && round.misses[q.id] === 1 && round.first[q.id] === false) {
      round.first[q.id] = true;
      delete round.misses[q.id];
    }
    var k = round.queue.indexOf(q.id);
    if (k >= 0) round.queue.splice(k, 1);
    if (!round.queue.length && round.finished == null) round.finished = now();
    save();
    Q.showFeedback(q, a.r, Q.judge(q, a.r, true));
    afterAnswer(q);
  }

  // List view: a missed question is tried again in place.
  function retry(q) {
    Q.reset(q);
    number(q);
    focusFirstControl(q);
  }

  function proceed() {
    if (!round.queue.length) {
      round.phase = "end";
      if (round.finished == null) round.finished = now();
      save();
      showCurrent();
      updateProgress();
      $("results-heading").focus();
      return;
    }
    round.current = round.queue[0];
    round.phase = "answer";
    save();
    main.textContent = "";
    showCurrent();
    updateProgress();
    focusFirstControl(question(round.current));
  }

  function primary() {
    var q = question(round.current);
    if (round.phase === "end" || !q) return;
    if (round.phase === "answer") check(q); else proceed();
  }

  function toggleFlag() {
    var q = question(round.current);
    if (!q) return;
    if (own(round.flags, q.id)) delete round.flags[q.id]; else round.flags[q.id] = true;
    save();
    number(q);  // not sync(): that would clear what the learner has picked so far
    q.dom.section.classList.toggle("is-flagged", own(round.flags, q.id));
    updateBar();
    updateMap();
  }

  function focusFirstControl(q) {
    if (!q || !q.dom) return;
    var target = q.dom.body.querySelector("input, select, button") || q.dom.feedback;
    target.focus({ preventScroll: true });
    var top = q.dom.section.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight * 0.5) q.dom.section.scrollIntoView({ block: "start", behavior: reduceMotion ? "auto" : "smooth" });
  }

  // Scroll just enough that `node` stands between the top of the window and the sticky bar.
  function bringIntoView(node) {
    var bar = $("studybar"), barTop = window.innerHeight;
    if (!bar.hidden) barTop = Math.min(barTop, bar.getBoundingClientRect().top);
    var rect = node.getBoundingClientRect(), margin = 8, delta = 0;
    if (rect.bottom > barTop - margin) delta = Math.min(rect.bottom - barTop + margin, rect.top - margin);
    else if (rect.top < margin) delta = rect.top - margin;
    if (delta) window.scrollBy({ top: delta, behavior: reduceMotion ? "auto" : "smooth" });
  }

  function goTo(id) {
    var q = question(id);
    if (!q) return false;
    if (view === "list") {
      ensureListed(id);
      if (!q.dom || !q.dom.section.isConnected) { sync(q); }
      showResults(!round.queue.length);
      q.dom.section.scrollIntoView({ block: "start" });
      return true;
    }
    round.current = id;
    round.phase = round.queue.indexOf(id) < 0 && own(round.answers, id) ? "feedback" : "answer";
    save();
    main.textContent = "";
    $("studybar").hidden = false;
    showResults(false);
    sync(q);
    main.appendChild(q.dom.section);
    updateBar();
    updateProgress();
    return true;
  }

  // ---- progress, map, due counts ------------------------------------------------------------------
  function updateProgress() {
    var t = tally();
    var bar = $("progressbar");
    bar.setAttribute("aria-valuemax", String(t.total));
    bar.setAttribute("aria-valuenow", String(t.done));
    bar.setAttribute("aria-valuetext", t.done + " of " + t.total + " done");
    bar.firstElementChild.style.width = (t.total ? 100 * t.done / t.total : 0) + "%";
    $("progress-text").textContent = t.done + " of " + t.total + " done";
    var toRepeat = round.queue.filter(function (id) { return own(round.first, id); }).length;
    $("score").textContent = t.answered
      ? t.firstRight + " right on the first try" + (toRepeat ? " · " + toRepeat + " to repeat" : "") : "";
    $("qmap-count").textContent = t.total + "";
    updateMap();
    updateDue();
    if (view === "list") showResults(!round.queue.length);
  }

  function mapState(id) {
    if (!own(round.first, id)) return "not answered";
    if (round.queue.indexOf(id) >= 0) return "wrong, to repeat";
    return round.first[id] ? "right" : "right after a repeat";
  }
  function updateMap() {
    var list = $("qmap-list");
    if (!$("qmap").open) { list.textContent = ""; return; }
    list.textContent = "";
    var frag = document.createDocumentFragment();
    round.ids.forEach(function (id, k) {
      var s = mapState(id), flagged = own(round.flags, id);
      var b = el("button", { type: "button", className: "qmap-item " + s.replace(/[^a-z]+/g, "-") + (flagged ? " flagged" : ""),
        "aria-label": "Question " + (k + 1) + ": " + s + (flagged ? ", flagged" : ""), "data-id": id, text: String(k + 1) });
      if (view === "study" && round.current === id && round.phase !== "end") b.setAttribute("aria-current", "step");
      frag.appendChild(el("li", null, [b]));
    });
    list.appendChild(frag);
  }

  function updateDue() {
    var d = store.due(QS, now(), schedule());
    var button = $("review-due");
    button.hidden = d.count === 0 || REVIEW_PAGE;
    button.textContent = "Review due questions (" + d.count + ")";
    var note = d.count ? plural(d.count, "question") + " due for review today"
      : d.next ? "Nothing due for review today; next review " + new Date(d.next).toLocaleDateString() + "."
      : "";
    if (REVIEW_PAGE && round.kind === "due") note = d.count ? plural(d.count, "question") + " due today in all quizzes" : note;
    $("due-note").textContent = note;
  }

  // ---- the end screen ------------------------------------------------------------------------------
  function duration(ms) {
    var s = Math.max(0, Math.round(ms / 1000)), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    if (h) return h + " h " + m + " min";
    if (m) return m + " min " + (s % 60) + " s";
    return s + " s";
  }

  function breakdown(title, keyOf) {
    var groups = {}, names = [];
    round.ids.forEach(function (id) {
      var keys = keyOf(question(id));
      keys.forEach(function (key) {
        if (!own(groups, key)) { groups[key] = { n: 0, right: 0 }; names.push(key); }
        groups[key].n += 1;
        if (own(round.first, id) && round.first[id]) groups[key].right += 1;
      });
    });
    if (names.length < 2 && title !== "Type") return null;
    var body = el("tbody");
    names.forEach(function (name) {
      var g = groups[name];
      body.appendChild(el("tr", null, [el("th", { scope: "row", text: name }),
        el("td", { className: "num", text: g.right + " of " + g.n }),
        el("td", { className: "num", text: Math.round(100 * g.right / g.n) + "%" })]));
    });
    return el("table", { className: "breakdown" }, [
      el("caption", { text: "By " + title.toLowerCase() }),
      el("thead", null, [el("tr", null, [el("th", { scope: "col", text: title }),
        el("th", { scope: "col", className: "num", text: "Right first time" }), el("th", { scope: "col", className: "num", text: "Share" })])]),
      body]);
  }

  var TYPE_NAMES = { mcq: "Multiple choice", multi: "Several answers", tf: "True or false", short: "Short answer",
                     cloze: "Fill in the blanks", match: "Matching" };
  function promptText(q) {
    if (q.type !== "cloze") return q.prompt;
    return q.parts.map(function (p) { return typeof p === "string" ? p : "____"; }).join("");
  }

  function showResults(on) {
    var box = $("results");
    box.hidden = !on && view === "study";
    var t = tally(), end = $("end");
    end.textContent = "";
    var finished = !round.queue.length;
    if (!finished) {
      $("final").textContent = "";
      end.appendChild(el("p", { className: "muted", text: t.done + " of " + t.total + " done; the results appear when every question has been answered right once." }));
      return;
    }
    if (!t.total) {
      $("final").textContent = REVIEW_PAGE ? "Nothing is due for review today." : "This round has no questions.";
      return;
    }
    $("final").textContent = "Score on first tries: " + t.firstRight + " of " + t.total +
      " (" + Math.round(100 * t.firstRight / t.total) + "%)" +
      (t.repeated ? ". " + plural(t.repeated, "question") + " needed a repeat." : ". Every answer right the first time!");
    if (typeof round.active === "number") {
      end.appendChild(el("p", { text: "Time taken: " + duration(round.active) + " (at most 5 minutes counted per answer)." }));
    }
    if (t.missed.length) {
      end.appendChild(el("h3", { text: "Missed on the first try" }));
      var list = el("ol", { className: "missed" });
      t.missed.forEach(function (id) {
        var q = question(id), cites = el("span", { className: "muted" }, [" — "]);
        q.cite.forEach(function (c, k) { if (k) cites.appendChild(document.createTextNode("; ")); cites.appendChild(Q.citeLink(c, q)); });
        list.appendChild(el("li", null, [el("a", { href: "#" + Q.domId(q), className: "missed-link", text: promptText(q) }), cites]));
      });
      end.appendChild(list);
    }
    var flagged = round.ids.filter(function (id) { return own(round.flags, id); });
    if (flagged.length) {
      end.appendChild(el("h3", { text: "Flagged" }));
      var fl = el("ul");
      flagged.forEach(function (id) { fl.appendChild(el("li", null, [el("a", { href: "#" + Q.domId(question(id)), text: promptText(question(id)) })])); });
      end.appendChild(fl);
    }
    var tables = el("div", { className: "breakdowns" });
    [breakdown("Type", function (q) { return [TYPE_NAMES[q.type] || q.type]; }),
     breakdown("Tag", function (q) { return q.tags && q.tags.length ? q.tags : ["(no tag)"]; }),
     breakdown("Source", function (q) {
       var seen = [];
       q.cite.forEach(function (c) { var s = DATA.sources[c[0]].title; if (seen.indexOf(s) < 0) seen.push(s); });
       return seen;
     })].forEach(function (table) { if (table) tables.appendChild(table); });
    end.appendChild(tables);
    var again = $("review-missed");
    again.hidden = !t.missed.length;
    again.textContent = "Review missed (" + t.missed.length + ")";
  }

  // ---- dialogs -----------------------------------------------------------------------------------
  var onConfirm = null;
  function confirmThen(text, yes, action) {
    $("confirm-text").textContent = text;
    $("confirm-yes").textContent = yes;
    onConfirm = action;
    $("confirm").showModal();
  }
  $("confirm-yes").addEventListener("click", function () { var f = onConfirm; onConfirm = null; $("confirm").close(); if (f) f(); });
  $("confirm-no").addEventListener("click", function () { onConfirm = null; $("confirm").close(); });
  $("shortcuts-close").addEventListener("click", function () { $("shortcuts").close(); });
  $("keys").addEventListener("click", function () { $("shortcuts").showModal(); });
  $("keys-settings").addEventListener("click", function () { $("shortcuts").showModal(); });

  function startRound(kind, ids, message) {
    var had = rendered; // the list view puts back at once what it showed (no idle-time rebuild)
    QS.forEach(function (q) { if (q.dom) Q.reset(q); });
    round = newRound(kind, ids);
    save();
    showView();
    if (view === "list") {
      renderListUpTo(had);
      if (rendered >= round.ids.length) complete();
    }
    $("toolbar-status").textContent = message;
    if (view === "study" && round.current) focusFirstControl(question(round.current));
    else if (round.ids.length) focusFirstControl(question(round.ids[0]));
  }
  function inProgress() { return answeredAny(round) && round.queue.length > 0; }

  function startOver() {
    var kind = REVIEW_PAGE ? "due" : "all";
    confirmThen("Start over? Every answer in this round is cleared (your review schedule is kept).", "Start over",
      function () { startRound(kind, REVIEW_PAGE ? dueIds() : ORDER_IDS, "Started over: every answer cleared."); });
  }
  function reviewDue() {
    var ids = dueIds();
    var go = function () { startRound("due", ids, "Reviewing " + plural(ids.length, "due question") + "."); };
    if (inProgress()) confirmThen("Review the " + plural(ids.length, "due question") + " now? The answers in this round are set aside.", "Review due questions", go);
    else go();
  }
  function reviewMissed() {
    var ids = tally().missed;
    startRound("missed", ids, "Reviewing " + plural(ids.length, "missed question") + ".");
  }

  // ---- keyboard shortcuts (study view) --------------------------------------------------------------
  function pick(n) {
    var q = question(round.current);
    if (!q || round.phase !== "answer") return;
    var boxes = Q.choiceInputs(q), box = boxes[n - 1];
    if (!box) return;
    box.checked = box.type === "checkbox" ? !box.checked : true;
    box.focus({ preventScroll: true });
  }
  document.addEventListener("keydown", function (event) {
    if (view !== "study" || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (document.querySelector("dialog[open]")) return;
    var t = event.target, tag = t && t.tagName;
    var typing = tag === "TEXTAREA" || (tag === "INPUT" && !/^(radio|checkbox|button|submit)$/.test(t.type)) || (t && t.isContentEditable);
    if (t && t.closest && (t.closest(".settings") || t.closest("#qmap"))) return; // the page's own controls
    if (event.key === "Enter") {
      if (typing || tag === "BUTTON" || tag === "A" || tag === "SUMMARY") return;
      if (round.phase === "end") return;
      event.preventDefault();
      primary();
      return;
    }
    if (typing || tag === "SELECT") return;
    if (/^[1-9]$/.test(event.key)) { event.preventDefault(); pick(parseInt(event.key, 10)); }
    else if (event.key === "f" || event.key === "F") { event.preventDefault(); toggleFlag(); }
    else if (event.key === "?") { event.preventDefault(); $("shortcuts").showModal(); }
  });

  // ---- wiring ---------------------------------------------------------------------------------------
  CQ.page = {
    check: check, reveal: reveal, retry: retry, overrule: overrule,
    enter: function (q) { if (view === "study") primary(); else check(q); }
  };
  $("primary").addEventListener("click", primary);
  $("reveal").addEventListener("click", function () { var q = question(round.current); if (q) reveal(q); });
  $("flag").addEventListener("click", toggleFlag);
  $("view-toggle").addEventListener("click", function () { setView(view === "study" ? "list" : "study"); });
  $("start-over").addEventListener("click", startOver);
  $("start-over-end").addEventListener("click", startOver);
  $("review-due").addEventListener("click", reviewDue);
  $("review-missed").addEventListener("click", reviewMissed);
  $("qmap").addEventListener("toggle", updateMap);
  $("qmap-list").addEventListener("click", function (event) {
    var b = event.target.closest("button[data-id]");
    if (b && goTo(b.getAttribute("data-id"))) focusFirstControl(question(b.getAttribute("data-id")));
  });
  CQ.wireTransfer(store, $("export"), $("import"), $("transfer-status"), function () {
    cards = null;
    var r = loadRound();
    if (r) round = r;
    showView();
  });

  if ($("seed")) {
    $("seed").value = Q.SEED;
    $("order-note").textContent = Q.SEED
      ? "Shuffled with seed “" + Q.SEED + "”. Share this page's address (it ends in ?seed=" + encodeURIComponent(Q.SEED) + ") and everyone sees the same order."
      : "Questions in the bank's order, choices in an order drawn for you. Give a seed to shuffle questions and choices the same way for everyone who uses it.";
    $("random-order").addEventListener("click", function () {
      location.search = "?seed=" + Math.floor(Math.random() * 1e9).toString(36);
    });
  }

  function showTarget() {
    var m = /^#q-([a-z0-9-]+)$/.exec(location.hash);
    if (m && goTo(m[1])) {
      var q = question(m[1]);
      if (view === "study") focusFirstControl(q);
    }
  }

  // Printing shows every question: the list view, for the time of the print.
  var printedFrom = null;
  window.addEventListener("beforeprint", function () {
    if (view === "study") { printedFrom = "study"; view = "list"; showView(); renderListUpTo(round.ids.length); }
    else renderListUpTo(round.ids.length);
  });
  window.addEventListener("afterprint", function () { if (printedFrom) { view = printedFrom; printedFrom = null; showView(); } });

  showView();
  showTarget();
  window.addEventListener("hashchange", showTarget);
  if (performance.mark) performance.mark("citequiz:first-question");
  document.documentElement.setAttribute("data-ready", "true");

  window.citequiz = {
    types: Q.types,
    rendered: function () { return view === "list" ? rendered : 1; },
    order: function () { return ORDER_IDS.slice(); },
    choiceOrder: function (id) { var q = question(id); return q ? Q.choiceOrder(q) : null; },
    round: function () { return JSON.parse(JSON.stringify(round)); },
    view: function () { return view; }
  };
})();
