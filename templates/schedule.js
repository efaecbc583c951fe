// Spaced review: when each question is next due, scheduled by FSRS (the scheduler Anki uses
// since 23.10) from the vendored ts-fsrs (vendor/ts-fsrs.umd.js, global `FSRS`).
//
// Rating rules (docs/quiz.md, "Spaced review"): a question is rated once, on its first try in
// a round: right = Good, wrong or "Show answer" = Again. Its repeats later in the same round are
// for learning and are not rated again, and a question already rated today keeps that rating:
// FSRS models one recall a day (short-term steps are off, so every interval is whole days).
// No fuzz: the page has nothing stable to seed it with, and a learner's schedule stays
// reproducible. A question whose version (`v`, the hash of what it asks and answers) changed
// starts afresh as a new card.
(function () {
  "use strict";
  var CQ = window.CQ = window.CQ || {};
  var F = window.FSRS;
  var scheduler = F.fsrs(F.generatorParameters({ enable_short_term: false, enable_fuzz: false }));
  var RATING = { again: F.Rating.Again, hard: F.Rating.Hard, good: F.Rating.Good };

  function own(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
  function toCard(c) {
    return { due: new Date(c.due), stability: c.stability, difficulty: c.difficulty,
             elapsed_days: c.elapsed_days, scheduled_days: c.scheduled_days, learning_steps: c.learning_steps || 0,
             reps: c.reps, lapses: c.lapses, state: c.state,
             last_review: c.last_review == null ? undefined : new Date(c.last_review) };
  }
  function fromCard(card, v) {
    return { v: v, due: card.due.getTime(), stability: card.stability, difficulty: card.difficulty,
             elapsed_days: card.elapsed_days, scheduled_days: card.scheduled_days, learning_steps: card.learning_steps,
             reps: card.reps, lapses: card.lapses, state: card.state,
             last_review: card.last_review ? card.last_review.getTime() : null };
  }
  function sameDay(a, b) { return new Date(a).toDateString() === new Date(b).toDateString(); }

  // Rate question `id` (version `v`) in `cards` (the store's schedule, changed in place).
  // Returns true if the schedule changed.
  function rate(cards, id, v, rating, now) {
    var c = own(cards, id) ? cards[id] : null;
    if (c && c.v !== v) c = null; // the question changed: a new card
    if (c && c.last_review != null && sameDay(c.last_review, now)) return false; // once a day
    var next;
    try { next = scheduler.next(c ? toCard(c) : F.createEmptyCard(new Date(now)), new Date(now), rating); }
    catch (e) { next = scheduler.next(F.createEmptyCard(new Date(now)), new Date(now), rating); } // unreadable: afresh
    cards[id] = fromCard(next.card, v);
    return true;
  }

  CQ.schedule = { rate: rate, RATING: RATING };
})();
