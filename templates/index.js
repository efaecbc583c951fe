// The index: how many questions of each quiz are due for review today (from the schedule the
// quiz pages keep in this browser, see progress.js), and export/import of that progress.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("index-data").textContent);
  var store = window.CQ.store(DATA.project);
  function show() {
    var now = Date.now(), total = 0;
    DATA.banks.forEach(function (bank) {
      var d = store.due(bank.questions, now), cell = document.querySelector("[data-due-bank='" + bank.name + "']");
      total += d.count;
      if (!cell) return;
      cell.textContent = d.count + " due today";
      cell.setAttribute("data-ready", "true");
    });
    var link = document.getElementById("review-all");
    if (link) {
      link.textContent = "Review due questions (" + total + ")";
      document.getElementById("review-note").textContent = total
        ? "One round of the questions due today from every quiz."
        : "Nothing is due today. Questions you answer in a quiz come back here on the day they are due.";
    }
  }
  window.CQ.wireTransfer(store, document.getElementById("export"), document.getElementById("import"),
                         document.getElementById("transfer-status"), show);
  show();
  document.documentElement.setAttribute("data-ready", "true");
  window.addEventListener("pageshow", show);
  window.addEventListener("storage", show);
})();
