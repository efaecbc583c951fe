"""The command line: parse arguments, call the library, print. Thin by design.

Every user mistake arrives here as a `CitequizError` and leaves as a message and an exit code
(0 clean, 1 content errors, 2 usage errors); a traceback means a bug in citequiz.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__
from .check import check_project
from .cite import cite
from .controls import visible, visible_json, visible_lines
from .errors import quoted, CheckFailed, CitequizError, Finding, UsageError
from .load import load_project


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own usage errors exit 2 as well
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _project_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("project", nargs="?", default=".", type=Path, metavar="PROJECT_DIR",
                   help="the quiz project (default: the current directory)")


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="citequiz", description="Source-grounded quizzes and flashcards.")
    parser.add_argument("--version", action="version", version=f"citequiz {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("check", help="check every bank against its seeds; report all problems",
                       description="Check every bank: format, ids, choices, and that every answer "
                       "and quote occurs at the cited lines of its seed.")
    _project_arg(p)
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("cite", help="find where a quote occurs in the seeds, ready to paste as `source:`",
                       description="Print every seed file:line where QUOTE occurs (after normalisation).")
    p.add_argument("quote", metavar="QUOTE")
    _project_arg(p)
    p.set_defaults(func=cmd_cite)

    p = sub.add_parser("build", help="check, then write every output into build/",
                       description="Check the project and, if it has no errors, write every output.")
    _project_arg(p)
    p.add_argument("-o", "--out", type=Path, default=None, metavar="OUT",
                   help="output folder (default: PROJECT_DIR/build)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("fix", help="re-anchor citations whose text moved after a seed was edited",
                       description="Rewrite each `source:` whose text now stands at other lines of the same "
                       "seed (check's citation-moved), changing nothing else in the file.")
    _project_arg(p)
    p.add_argument("--dry-run", action="store_true", help="print a unified diff only; write nothing")
    p.set_defaults(func=cmd_fix)

    p = sub.add_parser("coverage", help="show which source lines the questions cite, and which none does",
                       description="Per seed: the substantive paragraphs, how many questions cite each, the "
                       "percentage covered and the uncovered ones with their first words.")
    _project_arg(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser("import", help="convert a PDF, web page, Word file or EPUB into a text seed",
                       description="Convert FILE (a PDF's text layer, an HTML page's main text, a DOCX or an "
                       "EPUB) into seeds/<name>.txt with one paragraph per line, and record where it came from "
                       "in seeds/sources.yaml. Never overwrites a seed without --force; re-importing a changed "
                       "original names the cited lines it changes. Needs the extra citequiz[import].")
    p.add_argument("file", type=Path, metavar="FILE", help="the document to import")
    _project_arg(p)
    p.add_argument("--name", metavar="SEED", default=None,
                   help="the seed's name inside seeds/ (default: FILE's name with .txt)")
    p.add_argument("--force", action="store_true", help="replace an existing seed")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("audit", help="how a learner who ignores the content would score, beside chance",
                       description="Per bank and per printed paper, as each output shows them: the expected "
                       "score of always picking the first, the last or the longest option, the option sharing "
                       "most words with the prompt, always \"true\", and the answer found in another question, "
                       "each beside chance. Exit 1 when a strategy beats chance by more than the margin.")
    _project_arg(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.add_argument("--margin", type=float, default=10.0, metavar="N",
                   help="percentage points a strategy may beat chance by (default 10)")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("schema", help="print the JSON Schema of the bank format (for editors)",
                       description="Print the JSON Schema of a bank file, generated from the format's own "
                       "table; point the YAML language server at it for completion and inline errors.")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("init", help="start a new quiz project with a sample seed and bank",
                       description="Create DIR with a sample seed, a sample bank using every question type, "
                       "citequiz.toml, the bank schema and a README. Never overwrites a file.")
    p.add_argument("dir", type=Path, metavar="DIR", help="the new project's folder (created if missing)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("serve", help="build, preview on 127.0.0.1, rebuild and reload on every save",
                       description="Build the project, serve the output on 127.0.0.1, watch questions/, "
                       "seeds/ and templates/, rebuild on change and reload the open page. Errors show in "
                       "the page and here; Ctrl-C stops.")
    _project_arg(p)
    p.add_argument("--port", type=int, default=8000, metavar="N", help="port on 127.0.0.1 (default 8000; 0 picks a free one)")
    p.add_argument("-o", "--out", type=Path, default=None, metavar="OUT",
                   help="output folder (default: PROJECT_DIR/build)")
    p.set_defaults(func=cmd_serve)
    return parser


def say(line: str, file=None) -> None:
    """Print one line of output: control characters from a bank, a seed or a file name are shown
    as `\\x1b`, `\\r`, `\\n`, so they can neither drive the terminal nor split or rewrite the line."""
    print(visible(line), file=file or sys.stdout)


def _shown(project: Path, finding: Finding) -> Finding:
    """The finding with its file as reached from where the user stands (PROJECT_DIR/file), so
    editors and grep can jump to it."""
    shown = os.path.normpath(project / finding.pos.file)
    if shown == finding.pos.file:
        return finding
    pos = type(finding.pos)(shown, finding.pos.line, finding.pos.column)
    return Finding(pos, finding.severity, finding.rule, finding.message, finding.hint)


def _counts(findings: list[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def _print_findings(project_dir: Path, findings: list[Finding]) -> None:
    for f in sorted(findings):
        say(str(_shown(project_dir, f)))


def cmd_check(args) -> int:
    project, findings = load_project(args.project)
    findings += check_project(project)
    if args.strict:
        findings = [f.strict() for f in findings]
    n_q = len(project.questions())
    summary = (f"checked {len(project.banks)} bank{'s' * (len(project.banks) != 1)}, "
               f"{n_q} question{'s' * (n_q != 1)} against {len(project.seeds)} "
               f"seed{'s' * (len(project.seeds) != 1)}: {_counts(findings)}")
    if args.format == "json":
        print(visible_json(json.dumps([_shown(args.project, f).as_json() for f in sorted(findings)], indent=2)))
        say(summary, file=sys.stderr)
    else:
        _print_findings(args.project, findings)
        say(summary)
    return 1 if any(f.severity == "error" for f in findings) else 0


def cmd_cite(args) -> int:
    hits, near = cite(args.project, args.quote)
    for hit in hits:
        say(f"{visible(hit.label)}\t{visible(hit.context)}")
    if hits:
        return 0
    say(f"citequiz: {quoted(args.quote)} occurs in no seed", file=sys.stderr)
    if near:
        say(f"closest: {near.label} ({near.ratio:.0%} similar): {near.context}", file=sys.stderr)
    return 1


def cmd_build(args) -> int:
    from .build import build  # the renderers and their libraries: imported only to build

    out = args.out if args.out is not None else args.project / "build"
    try:
        project, findings, report = build(args.project, out, strict=args.strict)
    except CheckFailed as exc:
        _print_findings(args.project, exc.findings)
        raise
    _print_findings(args.project, findings)
    n_b, n_q = len(project.banks), len(project.questions())
    say(f"built {n_b} bank{'s' * (n_b != 1)}, {n_q} question{'s' * (n_q != 1)} into {out}: "
        f"{report.summary()}")
    return 0


def cmd_fix(args) -> int:
    from .fix import plan_fix, write_fix

    plan = plan_fix(args.project)
    where = lambda pos: _shown(args.project, Finding(pos, "", "", "")).pos  # noqa: E731
    if args.dry_run:
        sys.stdout.write(visible_lines(plan.diff()))
    else:
        for e in plan.edits:
            note = f" ({e.note})" if e.note else ""
            say(f"{where(e.pos)}: `{e.question}`: source {e.old} -> {e.new}{note}")
        for s in plan.shifts:
            say(f"{where(s.pos)}: boilerplate line of {s.seed}: {s.old} -> {s.new}")
        write_fix(args.project, plan)
    for u in plan.unfixed:
        say(f"{where(u.pos)}: `{u.question}`: {u.message}", file=sys.stderr)
    for u in plan.notes:
        say(f"{where(u.pos)}: {u.message}", file=sys.stderr)
    n, files = len(plan.edits) + len(plan.shifts), len(plan.changed_files)
    verb = "would fix" if args.dry_run else "fixed"
    summary = (f"{verb} {n} citation{'s' * (n != 1)} in {files} file{'s' * (files != 1)}" if n
               else "no citation to fix")
    if plan.unfixed:
        summary += f"; {len(plan.unfixed)} text{'s' * (len(plan.unfixed) != 1)} could not be placed"
    say(summary, file=sys.stderr if args.dry_run else sys.stdout)
    return 1 if plan.unfixed else 0


def cmd_coverage(args) -> int:
    from .coverage import coverage, format_text

    project, _ = load_project(args.project)
    report = coverage(project)
    if args.format == "json":
        print(visible_json(json.dumps([sc.as_json() for sc in report], indent=2, ensure_ascii=False)))
    else:
        sys.stdout.write(visible_lines(format_text(report)))
    return 0


def cmd_import(args) -> int:
    from .importing import ImportFailed, plan_import, write_import

    try:
        plan = plan_import(args.file, args.project, name=args.name, force=args.force)
    except ImportFailed as exc:
        for f in exc.findings:
            print(f if f.pos.file == str(args.file) else _shown(args.project, f))
        raise
    for f in plan.changed:
        print(_shown(args.project, f))
    if plan.unchanged:
        print(f"{os.path.normpath(args.project / 'seeds' / plan.seed)} is up to date with {args.file}; nothing written")
        return 0
    written = write_import(args.project, plan)
    n = sum(1 for line in plan.seed_text.splitlines() if line)
    verb = "replaced" if plan.replaces else "wrote"
    print(f"{verb} {', '.join(os.path.normpath(args.project / w) for w in written)}: {n} paragraph"
          f"{'s' * (n != 1)} from {args.file}" + (f"; {len(plan.changed)} cited passage"
          f"{'s' * (len(plan.changed) != 1)} changed: run `citequiz check`" if plan.changed else ""))
    return 0


def cmd_audit(args) -> int:
    from .audit import as_json, audit, format_text

    if not 0 <= args.margin <= 100:
        raise UsageError(f"--margin {args.margin:g} is not a number of points from 0 to 100")
    project, findings = load_project(args.project)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        _print_findings(args.project, errors)
        raise CitequizError(f"cannot audit: {len(errors)} error{'s' * (len(errors) != 1)} "
                            "(run `citequiz check`)")
    reports = audit(project)
    if args.format == "json":
        print(json.dumps(as_json(reports, args.margin), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(format_text(reports, args.margin))
    return 1 if any(r.beaten(args.margin) for r in reports) else 0


def cmd_schema(args) -> int:
    from .schema import schema_json

    sys.stdout.write(schema_json())
    return 0


def cmd_init(args) -> int:
    from .init import init_project

    for rel in init_project(args.dir):
        say(f"created {os.path.normpath(args.dir / rel)}")
    say(f"next: citequiz check {args.dir} && citequiz serve {args.dir}")
    return 0


def cmd_serve(args) -> int:
    from .serve import serve

    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port} is not a port number")
    serve(args.project, port=args.port, out=args.out, say=lambda line: print(visible(line), flush=True))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
        return args.func(args)
    except CitequizError as exc:
        say(f"citequiz: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("citequiz: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
