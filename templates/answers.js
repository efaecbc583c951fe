// The answer matcher, as the quiz page runs it: a port, line by line, of citequiz.answers.fold
// (canon: text -> key at four levels) and citequiz.answers.judge (a typed answer against one
// slot compiled at build time). The word lists are not repeated here: the page carries
// citequiz.answers.tables as JSON (#answer-rules). tests/answer_vectors.json holds both ports
// to the same results (pytest for Python, headless Chromium for this file).
(function () {
  "use strict";

  function makeMatcher(R) {
    var LEVELS = ["form", "name", "number", "spelling"];
    var CASE = { "\u00df": "ss", "\u03c2": "\u03c3" };
    var THOUSANDS = /^\d{1,3}(,\d{3})+(\.\d+)?$/;
    var DOT_THOUSANDS = /^\d{1,3}(\.\d{3}){2,}$/;
    var LETTER = /[\p{L}\p{M}]/u, MN = /\p{Mn}/gu;

    function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }
    function isLetter(ch) { return LETTER.test(ch); }
    function isDigit(ch) { return ch >= "0" && ch <= "9"; }
    function allDigits(t) { return t != null && /^[0-9]+$/.test(t); }
    function isWord(t) { return !!t && Array.from(t).every(isLetter); }
    function isNumber(t) { return !!t && isDigit(t[0]); }
    function len(t) { return Array.from(t).length; }

    function chars(text, diacritics) {
      text = String(text).normalize("NFKC").toLowerCase();
      text = Array.from(text).map(function (c) { return has(CASE, c) ? CASE[c] : c; }).join("");
      if (diacritics) {
        text = text.normalize("NFD").replace(MN, "").normalize("NFC");
        text = Array.from(text).map(function (c) { return has(R.letters, c) ? R.letters[c] : c; }).join("");
      }
      text = Array.from(text).filter(function (c) { return R.apostrophes.indexOf(c) < 0; }).join("");
      return text.split("&").join(" and ");
    }

    function number(text) {
      var dot = text.indexOf("."), whole = dot < 0 ? text : text.slice(0, dot), frac = dot < 0 ? "" : text.slice(dot + 1);
      whole = whole.replace(/^0+/, "") || "0";
      frac = frac.replace(/0+$/, "");
      return whole + (frac ? "." + frac : "");
    }
    function scale(text, exponent) {
      var dot = text.indexOf("."), whole = dot < 0 ? text : text.slice(0, dot), frac = dot < 0 ? "" : text.slice(dot + 1);
      frac += "0".repeat(exponent);
      return number(whole + frac.slice(0, exponent) + "." + frac.slice(exponent));
    }
    function numeralTokens(text) {
      if (THOUSANDS.test(text)) return [number(text.split(",").join(""))];
      if (DOT_THOUSANDS.test(text)) return [number(text.split(".").join(""))];
      var out = [];
      text.split(",").forEach(function (part, k) {
        if (k) out.push(",");
        var pieces = (part.split(".").length - 1) > 1 ? part.split(".") : [part];
        pieces.forEach(function (p) { out.push(number(p)); });
      });
      return out;
    }

    function tokens(text) {
      var cs = Array.from(text), out = [], i = 0, n = cs.length, j;
      while (i < n) {
        var c = cs[i];
        if (isDigit(c)) {
          j = i + 1;
          while (j < n && (isDigit(cs[j]) || ((cs[j] === "." || cs[j] === ",") && j + 1 < n && isDigit(cs[j + 1])))) j++;
          Array.prototype.push.apply(out, numeralTokens(cs.slice(i, j).join("")));
          i = j;
        } else if (isLetter(c)) {
          j = i + 1;
          while (j < n && isLetter(cs[j])) j++;
          out.push(cs.slice(i, j).join(""));
          i = j;
        } else {
          if (R.symbols.indexOf(c) >= 0) out.push(c);
          else if (c === "," || c === ";") out.push(",");
          i++;
        }
      }
      return out;
    }

    function at(toks, i, form) {
      if (i + form.length > toks.length) return false;
      for (var k = 0; k < form.length; k++) if (toks[i + k] !== form[k]) return false;
      return true;
    }
    // (form, marker) pairs by first token, longest first (a stable sort, as Python's).
    function byFirst(pairs) {
      var index = {};
      pairs.map(function (p, k) { return [p, k]; })
        .sort(function (a, b) { return (b[0][0].length - a[0][0].length) || (a[1] - b[1]); })
        .forEach(function (pk) { var p = pk[0]; (index[p[0][0]] = index[p[0][0]] || []).push(p); });
      return index;
    }
    function forms(list, marker) { return list.map(function (f) { return [f, marker]; }); }
    function get(index, t) { return has(index, t) ? index[t] : []; }
    var US = byFirst(forms(R.us, "us")), PERCENT = byFirst(forms(R.percent, "%"));
    var BEFORE = [], AFTER = [], QUAL = [];
    Object.keys(R.currencies).forEach(function (m) {
      BEFORE = BEFORE.concat(forms(R.currencies[m][0], m));
      AFTER = AFTER.concat(forms(R.currencies[m][1], m));
    });
    Object.keys(R.qualifiers).forEach(function (m) { QUAL = QUAL.concat(forms(R.qualifiers[m], m)); });
    BEFORE = byFirst(BEFORE); AFTER = byFirst(AFTER); QUAL = byFirst(QUAL);

    function us(toks) {
      var out = [], i = 0;
      outer: while (i < toks.length) {
        var cands = get(US, toks[i]);
        for (var k = 0; k < cands.length; k++) {
          if (at(toks, i, cands[k][0])) { out.push("us"); i += cands[k][0].length; continue outer; }
        }
        out.push(toks[i]); i++;
      }
      return out;
    }

    function isNumWord(t) { return has(R.units, t) || has(R.teens, t) || has(R.tens, t); }
    function numberWords(toks, i) {
      var total = 0, current = 0, last = null, top = 99, j = i;
      while (j < toks.length) {
        var t = toks[j];
        if (has(R.units, t) && [null, "ten", "hundred", "mag"].indexOf(last) >= 0) { current += R.units[t]; last = "unit"; }
        else if (has(R.teens, t) && [null, "hundred", "mag"].indexOf(last) >= 0) { current += R.teens[t]; last = "teen"; }
        else if (has(R.tens, t) && [null, "hundred", "mag"].indexOf(last) >= 0) { current += R.tens[t]; last = "ten"; }
        else if (t === "hundred" && ["unit", "teen", "ten"].indexOf(last) >= 0 && current < 100) { current *= 100; last = "hundred"; }
        else if (has(R.magnitudes, t) && t !== "hundred" && ["unit", "teen", "ten", "hundred"].indexOf(last) >= 0 &&
                 R.magnitudes[t] < top) {
          total += current * Math.pow(10, R.magnitudes[t]);
          current = 0; top = R.magnitudes[t]; last = "mag";
        } else if (t === "and" && (last === "hundred" || last === "mag") && j + 1 < toks.length && isNumWord(toks[j + 1])) {
          // "one hundred and seventy"
        } else break;
        j++;
      }
      return [total + current, j];
    }

    function numbers(toks) {
      var out = [], i = 0;
      while (i < toks.length) {
        var t = toks[i];
        if (isNumber(t)) {
          i++;
          if (i < toks.length && has(R.magnitudes, toks[i])) { t = scale(t, R.magnitudes[toks[i]]); i++; }
          out.push(t);
        } else if (isNumWord(t)) {
          var r = numberWords(toks, i);
          out.push(String(r[0])); i = r[1];
        } else { out.push(t); i++; }
      }
      return out;
    }

    function ordinals(toks) {
      return toks.filter(function (t, k) { return !(R.ordinals.indexOf(t) >= 0 && k && allDigits(toks[k - 1])); });
    }

    function percent(toks) {
      var out = [], i = 0;
      while (i < toks.length) {
        out.push(toks[i]); i++;
        if (isNumber(out[out.length - 1]) && i < toks.length) {
          var cands = get(PERCENT, toks[i]);
          for (var k = 0; k < cands.length; k++) {
            if (at(toks, i, cands[k][0])) { out.push("%"); i += cands[k][0].length; break; }
          }
        }
      }
      return out;
    }

    function currency(toks) {
      var out = [], i = 0, k, cands;
      while (i < toks.length) {
        var marker = null;
        cands = get(BEFORE, toks[i]);
        for (k = 0; k < cands.length; k++) {
          var f = cands[k][0];
          if (at(toks, i, f) && i + f.length < toks.length && isNumber(toks[i + f.length])) { marker = cands[k][1]; i += f.length; break; }
        }
        out.push(toks[i]); i++;
        if (isNumber(out[out.length - 1]) && i < toks.length) {
          cands = get(AFTER, toks[i]);
          for (k = 0; k < cands.length; k++) {
            if (at(toks, i, cands[k][0])) {
              if (marker && marker !== cands[k][1]) out.push(marker);
              marker = cands[k][1]; i += cands[k][0].length; break;
            }
          }
        }
        if (marker) out.push(marker);
      }
      return out;
    }

    function qualifiers(toks) {
      var out = [], i = 0;
      outer: while (i < toks.length) {
        var cands = get(QUAL, toks[i]);
        for (var k = 0; k < cands.length; k++) {
          var f = cands[k][0];
          if (at(toks, i, f) && i + f.length < toks.length && isNumber(toks[i + f.length])) {
            out.push(cands[k][1]); i += f.length; continue outer;
          }
        }
        out.push(toks[i]); i++;
      }
      return out;
    }

    function day(t) {
      if (allDigits(t) && t.length <= 2 && parseInt(t, 10) >= 1 && parseInt(t, 10) <= 31) return parseInt(t, 10);
      return null;
    }
    function year(t) {
      if (allDigits(t) && t.length === 4 && parseInt(t, 10) >= 1000 && parseInt(t, 10) <= 2999) return parseInt(t, 10);
      return null;
    }
    function month(t) { return t != null && has(R.months, t) ? R.months[t] : null; }
    function pad(n) { return (n < 10 ? "0" : "") + n; }

    function dates(toks) {
      function g(k) { return k < toks.length ? toks[k] : null; }
      function yearAfter(k) {
        if (year(g(k))) return [year(g(k)), k + 1];
        if (g(k) === "," && year(g(k + 1))) return [year(g(k + 1)), k + 2];
        return [null, k];
      }
      var out = [], i = 0;
      while (i < toks.length) {
        var m = month(toks[i]), d = null, j = i, y;
        if (m && day(g(i + 1))) { d = day(g(i + 1)); j = i + 2; }
        else if (day(toks[i]) && month(g(i + 1))) { m = month(toks[i + 1]); d = day(toks[i]); j = i + 2; }
        else if (day(toks[i]) && g(i + 1) === "of" && month(g(i + 2))) { m = month(toks[i + 2]); d = day(toks[i]); j = i + 3; }
        if (m && d) {
          y = yearAfter(j);
          out.push(y[0] ? "@" + y[0] + "-" + pad(m) + "-" + pad(d) : "@" + pad(m) + "-" + pad(d));
          i = y[1];
          continue;
        }
        if (m) {
          y = yearAfter(i + 1);
          if (y[0]) { out.push("@" + y[0] + "-" + pad(m)); i = y[1]; continue; }
        }
        out.push(toks[i]); i++;
      }
      return out;
    }

    function spelling(word) {
      if (!isWord(word)) return word;
      if (has(R.spelling, word)) return R.spelling[word];
      if (len(word) >= R.minEnding) {
        for (var k = 0; k < R.endings.length; k++) {
          var b = R.endings[k][0];
          if (word.length >= b.length && word.slice(word.length - b.length) === b) {
            return word.slice(0, word.length - b.length) + R.endings[k][1];
          }
        }
      }
      return word;
    }

    function items(toks, level) {
      var out = [[]];
      toks.forEach(function (t) { if (t === "," || t === "and") out.push([]); else out[out.length - 1].push(t); });
      var result = [];
      out.forEach(function (item) {
        if (item.length > 1 && R.articles.indexOf(item[0]) >= 0 && R.symbols.indexOf(item[1]) < 0) item = item.slice(1);
        if (level >= 3 && item.length === 2 && R.prepositions.indexOf(item[0]) >= 0 &&
            (item[1].charAt(0) === "@" || year(item[1]))) item = item.slice(1);
        if (item.length) result.push(item);
      });
      return result;
    }

    function canon(text, level, diacritics) {
      if (level == null) level = 4;
      var toks = tokens(chars(String(text), diacritics !== false));
      if (level >= 2) toks = us(toks);
      if (level >= 3) toks = qualifiers(dates(currency(percent(ordinals(numbers(toks))))));
      if (level >= 4) toks = toks.map(spelling);
      return items(toks, level).map(function (item) { return item.join(" "); }).join("|");
    }
    function keys(text, diacritics) {
      return LEVELS.map(function (_, k) { return canon(text, k + 1, diacritics); });
    }
    function compactItem(toks) {
      var out = "";
      toks.forEach(function (t, k) {
        if (k && !(isWord(t) && isWord(toks[k - 1]))) out += " ";
        out += t;
      });
      return out;
    }
    function split(key) { return key ? key.split("|").map(function (item) { return item.split(" "); }) : []; }
    function compact(key) { return split(key).map(compactItem).join("|"); }

    // ---- judge (citequiz.answers.judge) ------------------------------------------------------
    function distance(a, b) {
      a = Array.from(a); b = Array.from(b);
      var prev2 = [], prev = [], i, j;
      for (j = 0; j <= b.length; j++) prev.push(j);
      for (i = 1; i <= a.length; i++) {
        var row = [i];
        for (j = 1; j <= b.length; j++) {
          var cost = a[i - 1] === b[j - 1] ? 0 : 1;
          row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], prev2[j - 2] + 1);
        }
        prev2 = prev; prev = row;
      }
      return prev[b.length];
    }
    function budget(word) { var n = len(word); return n >= R.typoTwo ? 2 : n >= R.typoOne ? 1 : 0; }
    function plural(a, b) {
      return Math.min(len(a), len(b)) >= 3 && (a === b + "s" || a === b + "es" || b === a + "s" || b === a + "es");
    }
    function typo(typed, right, protect, near) {
      if (!(isWord(typed) && isWord(right)) || protect.indexOf(right) >= 0) return false;
      if (plural(typed, right)) return true;
      return near.indexOf(typed) < 0 && Array.from(typed)[0] === Array.from(right)[0] && distance(typed, right) <= budget(right);
    }
    function isQual(x) { return x.charAt(0) === "~"; }
    function notQual(x) { return !isQual(x); }
    function sameList(a, b) { return a.length === b.length && a.every(function (x, k) { return x === b[k]; }); }

    function item(t, a, form, near) {
      if (compactItem(t) === compactItem(a)) return { reasons: [], typos: [] };
      var reasons = [], tq = t.filter(isQual), aq = a.filter(isQual);
      if (!sameList(tq, aq)) {
        if (tq.length && aq.length) return null;
        reasons.push("qualifier");
      }
      t = t.filter(notQual); a = a.filter(notQual);
      if (compactItem(t) === compactItem(a)) return { reasons: reasons, typos: [] };
      var protect = form.protect, typos = [], k;
      if (t.length === a.length) {
        for (k = 0; k < t.length; k++) {
          if (t[k] === a[k]) continue;
          if (!typo(t[k], a[k], protect, near)) return null;
          typos.push([t[k], a[k]]);
        }
      } else if (t.concat(a).every(isWord) && !a.some(function (y) { return protect.indexOf(y) >= 0; })) {
        if (!typo(t.join(""), a.join(""), [], near)) return null;
        typos.push([t.join(" "), a.join(" ")]);
      } else return null;
      return { reasons: reasons.concat(["spelling"]), typos: typos };
    }

    function relaxed(typed, accepted, form, near) {
      if (typed.length !== accepted.length || !typed.length) return null;
      var found = typed.map(function (t, k) { return item(t, accepted[k], form, near); }), order = [];
      if (found.some(function (f) { return f === null; })) {
        var used = [];
        found = [];
        for (var i = 0; i < accepted.length; i++) {
          var hit = null;
          for (var k = 0; k < typed.length; k++) {
            if (used.indexOf(k) >= 0) continue;
            var m = item(typed[k], accepted[i], form, near);
            if (m !== null) { used.push(k); hit = m; break; }
          }
          if (hit === null) return null;
          found.push(hit);
        }
        order = ["order"];
      }
      var reasons = [], typos = [];
      found.forEach(function (f) {
        f.reasons.forEach(function (r) { if (reasons.indexOf(r) < 0) reasons.push(r); });
        typos = typos.concat(f.typos);
      });
      return { reasons: order.concat(reasons), typos: typos };
    }

    function levelReason(level, key) {
      var name = LEVELS[level];
      if (name === "number" && key.indexOf("@") >= 0) return "date";
      return name === "spelling" ? "spelling-variant" : name;
    }
    function via(form, reasons) {
      var v = form.via;
      return (v && reasons.indexOf(v) < 0 ? [v] : []).concat(reasons);
    }
    function verdict(ok, form, reasons, typos, rejected) {
      return { ok: ok, reasons: reasons || [], form: form ? form.text : null, typos: typos || [], rejected: !!rejected };
    }

    function judge(typed, slot, diacritics) {
      typed = String(typed);
      if (!typed.trim()) return verdict(false);
      var mine = keys(typed, diacritics !== false), final = compact(mine[mine.length - 1]), k, level;
      if (!final) return verdict(false);
      for (k = 0; k < slot.reject.length; k++) if (compact(slot.reject[k]) === final) return verdict(false, null, [], [], true);
      var fs = slot.forms;
      for (k = 0; k < fs.length; k++) if (typed.trim() === fs[k].text.trim()) return verdict(true, fs[k], via(fs[k], []));
      for (level = 0; level < LEVELS.length; level++) {
        for (k = 0; k < fs.length; k++) {
          if (compact(mine[level]) === compact(fs[k].keys[level])) {
            return verdict(true, fs[k], via(fs[k], [levelReason(level, fs[k].keys[level])]));
          }
        }
      }
      var typedItems = split(mine[mine.length - 1]);
      for (k = 0; k < fs.length; k++) {
        var m = relaxed(typedItems, split(fs[k].keys[fs[k].keys.length - 1]), fs[k], slot.near);
        if (m !== null) return verdict(true, fs[k], via(fs[k], m.reasons), m.typos);
      }
      return verdict(false);
    }

    return { canon: canon, keys: keys, compact: compact, judge: judge, distance: distance, reasons: R.reasons };
  }

  var rules = document.getElementById("answer-rules");
  window.citequizAnswers = rules ? makeMatcher(JSON.parse(rules.textContent)) : null;
  window.citequizMakeMatcher = makeMatcher;
})();
