"""The citequiz benchmark: one command, prints tables (not a timed test).

    make bench                                   # sizes 1k, 10k, 100k; peers at 1k and 10k
    .venv/bin/python bench/run.py --sizes 1000,10000 --peers 1000

For each size it generates a grounded synthetic project (bench/generate.py, cached in
bench/out/), then runs each measured command in its own process and reads that process's wall
time, CPU time and peak RSS (os.wait4). Side by side, in the same run, it measures the
baselines of bench/bare.py (bare YAML parsing; the bare libraries writing the same kinds of
output) and the peers text2qti and ankdown, installed from PyPI into bench/.venv. Wall times
are the best of --repeat runs. Figures are printed and saved to bench/out/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
PEER_VENV = HERE / ".venv"
PY = sys.executable
CITEQUIZ = [PY, "-m", "citequiz"]
# Output folder in build/ -> the kind of bare baseline in bare.py
KINDS = {"quiz": "quiz", "sources": "sources", "anki": "anki", "print": "print"}
TARGETS = {  # (size, what): limit
    (10_000, "check"): 2.0,
    (10_000, "build"): 10.0,
    (100_000, "check"): 20.0,
}
RSS_TARGET_MB = 1024


def measure(cmd: list[str], *, repeat: int = 1, cwd: Path | None = None, before=None) -> dict:
    """Run cmd `repeat` times in a fresh process; the best wall time, its CPU time and the peak RSS."""
    best = None
    for _ in range(repeat):
        if before:
            before()
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            result = {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
                      "rc": proc.returncode, "stdout": out.read().decode(errors="replace")[-2000:],
                      "stderr": err.read().decode(errors="replace")[-2000:]}
        if result["rc"] != 0:
            raise SystemExit(f"benchmark command failed ({result['rc']}): {' '.join(map(str, cmd))}\n"
                             f"{result['stdout']}{result['stderr']}")
        if best is None or result["wall"] < best["wall"]:
            best = result
    return best


def project(size: int, seed: int) -> Path:
    path = OUT / f"p{size}"
    stamp = path / ".generated.json"
    want = {"questions": size, "seed": seed, "generator": (HERE / "generate.py").stat().st_mtime_ns}
    if stamp.is_file() and json.loads(stamp.read_text()) == want:
        return path
    subprocess.run([PY, str(HERE / "generate.py"), str(path), "--questions", str(size), "--seed", str(seed)],
                   check=True, stdout=subprocess.DEVNULL)
    stamp.write_text(json.dumps(want))
    return path


def bench_size(size: int, *, seed: int, repeat: int) -> dict:
    proj = project(size, seed)
    out = OUT / f"build-{size}"
    bare_out = OUT / f"bare-{size}"
    r = {"size": size}
    r["check"] = measure(CITEQUIZ + ["check", str(proj)], repeat=repeat)
    r["yaml"] = measure([PY, str(HERE / "bare.py"), "yaml", str(proj)], repeat=repeat)
    r["build"] = measure(CITEQUIZ + ["build", str(proj), "-o", str(out)], repeat=repeat,
                         before=lambda: shutil.rmtree(out, ignore_errors=True))
    r["rebuild"] = measure(CITEQUIZ + ["build", str(proj), "-o", str(out)], repeat=repeat)
    if "rendering skipped" not in r["rebuild"]["stdout"]:
        print(f"note: the no-change rebuild at {size:,} did not skip rendering:\n{r['rebuild']['stdout']}")
    outputs = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and not p.name.startswith("."))
    kinds = ["index"] + sorted({KINDS[o.split("/")[0]] for o in outputs if o.split("/")[0] in KINDS})
    if any(o.endswith(".gift.txt") for o in outputs):
        kinds.append("gift")
    if any(o.endswith(".qti.zip") for o in outputs):
        kinds.append("qti")
    if any(o.endswith(".csv") for o in outputs):
        kinds.append("csv")
    r["outputs"] = len(outputs)
    r["kinds"] = kinds
    r["bare_build"] = measure([PY, str(HERE / "bare.py"), "build", str(proj), str(bare_out), *kinds], repeat=repeat,
                              before=lambda: shutil.rmtree(bare_out, ignore_errors=True))
    return r


# -- peers --------------------------------------------------------------------------------------


def peer_venv() -> tuple[bool, str]:
    """Create bench/.venv and install the peers from PyPI; (ok, why not)."""
    bin_ = PEER_VENV / "bin"
    if not (bin_ / "text2qti").exists() or not (bin_ / "ankdown").exists():
        try:
            if not (bin_ / "python").exists():
                subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
            subprocess.run([str(bin_ / "python"), "-m", "pip", "install", "--quiet", "text2qti", "ankdown"],
                           check=True, capture_output=True, text=True)
        except subprocess.CalledProcessError as exc:
            return False, (exc.stderr or str(exc)).strip().splitlines()[-1]
    return True, ""


def _questions(proj: Path, limit: int) -> list[dict]:
    qs: list[dict] = []
    for path in sorted((proj / "questions").glob("*.yaml")):
        qs += yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["questions"]
        if len(qs) >= limit:
            break
    return qs[:limit]


def text2qti_input(qs: list[dict]) -> str:
    """The same questions in text2qti's plain-text format: mcq, tf (as two choices), multi
    (multiple answers), short and cloze (short answer); match has no text2qti form and becomes a
    short-answer question on its first pair."""
    parts = ["Quiz title: citequiz benchmark\nQuiz description: synthetic questions\n"]
    for n, q in enumerate(qs, 1):
        prompt = (q.get("prompt") or q.get("text", "")).replace("{{", "[").replace("}}", "]")
        lines = [f"{n}.  {prompt}"]
        if q["type"] in ("mcq", "tf"):
            choices = q["choices"] if q["type"] == "mcq" else ["True", "False"]
            right = q["answer"] if q["type"] == "mcq" else ("True" if q["answer"] else "False")
            lines += [f"{'*' if c == right else ''}{chr(97 + i)})  {c}" for i, c in enumerate(choices)]
        elif q["type"] == "multi":
            lines += [f"[{'*' if c in q['answers'] else ' '}] {c}" for c in q["choices"]]
        else:
            answer = (q.get("answer") if q["type"] == "short" else
                      q["text"].split("::")[1].split("}}")[0] if q["type"] == "cloze" else q["pairs"][0]["right"])
            lines.append(f"*   {answer}")
        if q.get("explanation"):
            lines.insert(1, f"... {q['explanation']}")
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def ankdown_input(qs: list[dict]) -> str:
    """The same questions as ankdown cards: front (prompt and choices), back (answer and
    explanation), tags."""
    cards = []
    for q in qs:
        front = q.get("prompt") or q["text"]
        if q.get("choices"):
            front += "\n\n" + "\n".join(f"- {c}" for c in q["choices"])
        back = q.get("answer") if q["type"] != "multi" else ", ".join(q["answers"])
        if q["type"] == "match":
            back = "\n".join(f"- {p['left']}: {p['right']}" for p in q["pairs"])
        cards.append(f"{front}\n\n%\n\n{back}\n\n{q.get('explanation', '')}\n\n%\n\n{q['type']}\n")
    return "\n---\n\n".join(cards)


def bench_peers(size: int, *, seed: int, repeat: int) -> dict:
    proj = project(size, seed)
    qs = _questions(proj, size)
    work = OUT / f"peers-{size}"
    shutil.rmtree(work, ignore_errors=True)
    (work / "cards").mkdir(parents=True)
    (work / "quiz.txt").write_text(text2qti_input(qs), encoding="utf-8")
    (work / "cards" / "cards.md").write_text(ankdown_input(qs), encoding="utf-8")
    r: dict = {"size": size}
    for name, cmd in (("text2qti", [str(PEER_VENV / "bin" / "text2qti"), "quiz.txt"]),
                      ("ankdown", [str(PEER_VENV / "bin" / "ankdown"), "-r", "cards", "-p", "cards.apkg"])):
        try:
            r[name] = measure(cmd, repeat=repeat, cwd=work)
        except SystemExit as exc:
            r[name] = {"error": str(exc).splitlines()[-1][:200]}
    return r


# -- report -------------------------------------------------------------------------------------


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def report(results: list[dict], peers: list[dict], peer_problem: str) -> str:
    out = []
    rows, prev = [], None
    for r in results:
        c, y = r["check"], r["yaml"]
        growth = f"{c['wall'] / prev['check']['wall']:.1f}x" if prev else "-"
        rows.append([f"{r['size']:,}", f"{c['wall']:.2f} s", f"{c['cpu']:.2f} s", f"{c['rss_mb']:.0f} MB",
                     f"{r['size'] / c['wall']:,.0f}", growth, f"{y['wall']:.2f} s", f"{c['wall'] / y['wall']:.2f}x"])
        prev = r
    out.append("citequiz check (whole process: start-up, load, check)")
    out.append(table(["questions", "wall", "cpu", "peak RSS", "q/s", "growth", "bare YAML", "ratio"], rows))
    rows, prev = [], None
    for r in results:
        b, bb, rb = r["build"], r["bare_build"], r["rebuild"]
        growth = f"{b['wall'] / prev['build']['wall']:.1f}x" if prev else "-"
        rows.append([f"{r['size']:,}", f"{b['wall']:.2f} s", f"{b['cpu']:.2f} s", f"{b['rss_mb']:.0f} MB",
                     f"{r['size'] / b['wall']:,.0f}", growth, f"{rb['wall']:.2f} s", f"{bb['wall']:.2f} s",
                     f"{b['wall'] / bb['wall']:.2f}x", str(r["outputs"])])
        prev = r
    out.append("")
    out.append("citequiz build (cold: empty output folder; rebuild: nothing changed)")
    out.append(table(["questions", "wall", "cpu", "peak RSS", "q/s", "growth", "rebuild", "bare libs", "ratio",
                      "files"], rows))
    out.append("bare libs = bench/bare.py build with kinds: " + ", ".join(results[-1]["kinds"]) if results else "")
    if peers or peer_problem:
        out.append("")
        out.append("peers (same questions; citequiz = cold `citequiz build` of the whole project at that size)")
        if peer_problem:
            out.append(f"peers not run: {peer_problem}")
        rows = []
        ours = {r["size"]: r["build"]["wall"] for r in results}
        for p in peers:
            for name in ("text2qti", "ankdown"):
                m = p[name]
                if "error" in m:
                    rows.append([f"{p['size']:,}", name, "failed: " + m["error"], "", "", ""])
                    continue
                mine = ours.get(p["size"])
                rows.append([f"{p['size']:,}", name, f"{m['wall']:.2f} s", f"{m['rss_mb']:.0f} MB",
                             f"{mine:.2f} s" if mine else "-", f"{mine / m['wall']:.2f}x" if mine else "-"])
        if rows:
            out.append(table(["items", "peer", "peer wall", "peer RSS", "citequiz", "ours/peer"], rows))
    out.append("")
    out.append("targets")
    rows = []
    by_size = {r["size"]: r for r in results}
    for (size, what), limit in TARGETS.items():
        if size in by_size:
            got = by_size[size][what]["wall"]
            rows.append([f"{what} {size:,} < {limit:g} s", f"{got:.2f} s", "met" if got < limit else f"MISSED by {got - limit:.2f} s"])
    if 100_000 in by_size:
        rss = by_size[100_000]["check"]["rss_mb"]
        rows.append([f"check 100,000 RSS < {RSS_TARGET_MB} MB", f"{rss:.0f} MB", "met" if rss < RSS_TARGET_MB else "MISSED"])
    for r in results:
        for what, base in (("check", "yaml"), ("build", "bare_build")):
            ratio = r[what]["wall"] / r[base]["wall"]
            rows.append([f"{what}/{'bare YAML' if base == 'yaml' else 'bare libs'} at {r['size']:,} <= 2x",
                         f"{ratio:.2f}x", "met" if ratio <= 2 else "MISSED"])
    if rows:
        out.append(table(["target", "measured", ""], rows))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark citequiz check and build; prints tables.")
    parser.add_argument("--sizes", default="1000,10000,100000", help="question counts (default: %(default)s)")
    parser.add_argument("--peers", default="1000,10000", help="item counts for text2qti/ankdown ('' to skip)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure below 100k questions; best wall kept")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cpus, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.2f}", flush=True)
    results = []
    for size in sizes:
        print(f"measuring {size:,} questions ...", flush=True)
        results.append(bench_size(size, seed=args.seed, repeat=args.repeat if size < 100_000 else 1))
    peers, problem = [], ""
    peer_sizes = [int(s) for s in args.peers.split(",") if s]
    if peer_sizes:
        ok, problem = peer_venv()
        if ok:
            for size in peer_sizes:
                print(f"measuring peers at {size:,} items ...", flush=True)
                peers.append(bench_peers(size, seed=args.seed, repeat=args.repeat if size < 100_000 else 1))
    text = report(results, peers, problem)
    print()
    print(text)
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    (OUT / "results.json").write_text(json.dumps({"results": results, "peers": peers, "peer_problem": problem},
                                                 indent=1, default=str))
    (OUT / "report.txt").write_text(text + "\n")


if __name__ == "__main__":
    main()
