// Progress kept in this browser, shared by the quiz pages, the review page and the index. Every
// entry is keyed "citequiz:<project>:<name>", so two projects served from one host (or opened
// from one disk: Chromium gives every file:// page the same storage) never mix:
//   bank:<bank>   the current round in that bank's quiz (answers, what is left, flags, times)
//   review        the current round on the combined review page
//   schedule      the spaced-review schedule of every question ({cards: {<id>: card}}, see schedule.js)
//   prefs         the learner's choices (the quiz view)
// Export writes all of them to one JSON file; import merges such a file in (see `merge`).
(function () {
  "use strict";
  var CQ = window.CQ = window.CQ || {};
  var FORMAT = "citequiz-progress";
  var DAY = 86400000;

  function own(o, k) { return o != null && Object.prototype.hasOwnProperty.call(o, k); }
  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  // The start of the next local day: a question is due today if its review falls before it.
  function tomorrow(now) {
    var d = new Date(now);
    d.setHours(24, 0, 0, 0);
    return d.getTime();
  }

  function store(project) {
    var prefix = "citequiz:" + project + ":";
    var memory = Object.create(null); // where storage is refused (private mode): the visit only
    function read(name) {
      var text;
      try { text = localStorage.getItem(prefix + name); } catch (e) { text = own(memory, name) ? memory[name] : null; }
      if (text == null) return null;
      try { var value = JSON.parse(text); return isObject(value) ? value : null; } catch (e) { return null; }
    }
    function write(name, value) {
      var text = JSON.stringify(value);
      try { localStorage.setItem(prefix + name, text); } catch (e) { memory[name] = text; }
    }
    function remove(name) {
      try { localStorage.removeItem(prefix + name); } catch (e) { delete memory[name]; }
    }
    function names() {
      var out = [];
      try {
        for (var i = 0; i < localStorage.length; i++) {
          var key = localStorage.key(i);
          if (key && key.indexOf(prefix) === 0) out.push(key.slice(prefix.length));
        }
      } catch (e) { out = Object.keys(memory); }
      return out.sort();
    }
    // The learner's own order of choices (quiz.js): drawn once, kept with their progress.
    function learnerOrder() {
      var prefs = read("prefs") || {};
      if (typeof prefs.order !== "string" || !prefs.order) {
        prefs.order = Math.floor(Math.random() * 4294967296).toString(36) + Math.floor(Math.random() * 4294967296).toString(36);
        write("prefs", prefs);
      }
      return prefs.order;
    }
    function cards() {
      var s = read("schedule");
      return s && isObject(s.cards) ? s.cards : {};
    }

    // Due today: questions whose schedule (for this version of the question) falls before
    // tomorrow. `questions` is a list of {id, v}. New questions are counted apart, as in Anki.
    // `known` is the schedule if the caller holds it already.
    function due(questions, now, known) {
      var all = known || cards(), limit = tomorrow(now), ids = [], fresh = 0, next = null;
      questions.forEach(function (q) {
        var c = own(all, q.id) ? all[q.id] : null;
        if (!c || c.v !== q.v || typeof c.due !== "number") { fresh += 1; return; }
        if (c.due < limit) ids.push(q.id);
        else if (next === null || c.due < next) next = c.due;
      });
      return { ids: ids, count: ids.length, fresh: fresh, next: next };
    }

    function exportAll(now) {
      var entries = {};
      names().forEach(function (name) { var v = read(name); if (v) entries[name] = v; });
      return { format: FORMAT, version: 1, project: project, exported: new Date(now).toISOString(), entries: entries };
    }

    // Import merges, so that bringing a file from another device never throws away what this
    // device knows: per question the schedule reviewed last wins; per round the one changed last.
    function importAll(data) {
      if (!isObject(data) || data.format !== FORMAT || !isObject(data.entries)) {
        throw new Error("This file is not a citequiz progress file.");
      }
      if (data.project !== project) {
        throw new Error("This file holds progress for the project “" + data.project + "”, not for this one (“" + project + "”).");
      }
      var counts = { questions: 0, rounds: 0 };
      Object.keys(data.entries).forEach(function (name) {
        var incoming = data.entries[name];
        if (!isObject(incoming)) return;
        if (name === "schedule") {
          if (!isObject(incoming.cards)) return;
          var mine = cards(), changed = false;
          Object.keys(incoming.cards).forEach(function (id) {
            var theirs = incoming.cards[id];
            if (!isObject(theirs) || typeof theirs.due !== "number") return;
            var ours = own(mine, id) ? mine[id] : null;
            if (!ours || (theirs.last_review || 0) > (ours.last_review || 0)) { mine[id] = theirs; counts.questions += 1; changed = true; }
          });
          if (changed) write("schedule", { cards: mine });
        } else if (name === "review" || name.indexOf("bank:") === 0) {
          var local = read(name);
          if (!local || (incoming.updated || 0) > (local.updated || 0)) { write(name, incoming); counts.rounds += 1; }
        } else if (name === "prefs" && !read(name)) {
          write(name, incoming);
        }
      });
      return counts;
    }

    return { read: read, write: write, remove: remove, names: names, cards: cards, due: due, learnerOrder: learnerOrder,
             exportAll: exportAll, importAll: importAll, project: project };
  }

  // Export and import buttons: `exportButton` downloads the file, `importInput` (a file input)
  // reads one and reports in `status` (a role="status" element).
  function wireTransfer(st, exportButton, importInput, status, after) {
    exportButton.addEventListener("click", function () {
      var data = st.exportAll(Date.now());
      var blob = new Blob([JSON.stringify(data, null, 1) + "\n"], { type: "application/json" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = "citequiz-progress-" + st.project + "-" + data.exported.slice(0, 10) + ".json";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
      status.textContent = "Progress exported to " + a.download + ".";
    });
    importInput.addEventListener("change", function () {
      var file = importInput.files && importInput.files[0];
      if (!file) return;
      file.text().then(function (text) {
        var counts;
        try { counts = st.importAll(JSON.parse(text)); }
        catch (e) { status.textContent = "Nothing imported from " + file.name + ": " + (e instanceof SyntaxError ? "it is not JSON." : e.message); return; }
        status.textContent = "Imported from " + file.name + ": the schedule of " + counts.questions +
          (counts.questions === 1 ? " question" : " questions") + " and " + counts.rounds + (counts.rounds === 1 ? " round" : " rounds") +
          " (where this device's were older).";
        importInput.value = "";
        if (after) after(counts);
      });
    });
  }

  CQ.store = store;
  CQ.tomorrow = tomorrow;
  CQ.DAY = DAY;
  CQ.wireTransfer = wireTransfer;
})();
