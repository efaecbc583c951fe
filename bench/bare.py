"""The baselines the benchmark compares citequiz with: the bare libraries, doing only the work
that produces the same files, with no checking, no locations and no escaping beyond what the
library does by itself.

    python bench/bare.py yaml PROJECT            # yaml.load (CSafeLoader) of every bank + sources.yaml
    python bench/bare.py build PROJECT OUT KIND... # the same load, then each KIND of output:

    index   build/index.html          Jinja2: one template listing the banks
    quiz    build/quiz/<bank>.html    Jinja2: one template per bank, the bank's questions as JSON
    sources build/sources/<seed>.html Jinja2: one template per seed, a <p id=Ln> per line
    anki    build/anki/<project>.apkg genanki: one note per question (cloze: a cloze note)
    print   build/print/<bank>.html   Jinja2: one template per bank, two forms in order
    gift    build/lms/<bank>.gift.txt str.format per question
    qti     build/lms/<bank>.qti.zip  xml.etree + zipfile: one item per question, a manifest
    csv     build/lms/<bank>.csv/.tsv csv module, one row per question

`run.py` passes the KINDs whose folders the real build produced, so the ratio compares like
with like whatever renderers exist.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(project: Path) -> tuple[dict, dict[str, list[str]]]:
    banks = {p.stem: yaml.load(p.read_text(encoding="utf-8"), Loader=LOADER)
             for p in sorted((project / "questions").glob("*.yaml"))}
    sources = project / "seeds" / "sources.yaml"
    if sources.is_file():
        yaml.load(sources.read_text(encoding="utf-8"), Loader=LOADER)
    return banks, {}


def seeds(project: Path) -> dict[str, list[str]]:
    return {p.name: p.read_text(encoding="utf-8").splitlines()
            for p in sorted((project / "seeds").iterdir()) if p.suffix == ".txt"}


def _answer(q: dict) -> str:
    if q["type"] == "multi":
        return "; ".join(q["answers"])
    if q["type"] == "match":
        return "; ".join(f"{p['left']} = {p['right']}" for p in q["pairs"])
    if q["type"] == "cloze":
        return q["text"]
    return str(q.get("answer"))


def build(project: Path, out: Path, kinds: list[str]) -> None:
    import jinja2

    banks, _ = load(project)
    env = jinja2.Environment(autoescape=True)
    files: dict[str, bytes] = {}
    if "index" in kinds:
        t = env.from_string("<ul>{% for name, b in banks %}<li>{{ b.title }}: {{ b.questions|length }}</li>{% endfor %}</ul>")
        files["index.html"] = t.render(banks=banks.items()).encode()
    if "quiz" in kinds:
        t = env.from_string("<html><h1>{{ title }}</h1><script type=application/json>{{ data }}</script></html>")
        for name, b in banks.items():
            files[f"quiz/{name}.html"] = t.render(title=b["title"], data=json.dumps(b["questions"])).encode()
    if "sources" in kinds:
        t = env.from_string("<html>{% for line in lines %}<p id=L{{ loop.index }}>{{ line }}</p>{% endfor %}</html>")
        for name, lines in seeds(project).items():
            files[f"sources/{Path(name).stem}.html"] = t.render(lines=lines).encode()
    if "print" in kinds:
        t = env.from_string("{% for form in 'AB' %}<section>{% for q in qs %}<div>{{ q.prompt or q.text }}"
                            "{% for c in q.choices or [] %}<li>{{ c }}</li>{% endfor %}</div>{% endfor %}</section>{% endfor %}")
        for name, b in banks.items():
            files[f"print/{name}.html"] = t.render(qs=b["questions"]).encode()
    if "gift" in kinds:
        for name, b in banks.items():
            files[f"lms/{name}.gift.txt"] = "\n\n".join(
                f"::{q['id']}::{q.get('prompt') or q.get('text')} {{={_answer(q)}}}" for q in b["questions"]).encode()
    if "qti" in kinds:
        for name, b in banks.items():
            root = ET.Element("questestinterop")
            section = ET.SubElement(ET.SubElement(root, "assessment", ident=name), "section", ident="root")
            for q in b["questions"]:
                item = ET.SubElement(section, "item", ident=q["id"])
                ET.SubElement(ET.SubElement(item, "presentation"), "mattext").text = q.get("prompt") or q.get("text")
                ET.SubElement(item, "resprocessing").text = _answer(q)
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("imsmanifest.xml", f"<manifest><resource href='{name}.xml'/></manifest>")
                z.writestr(f"{name}.xml", ET.tostring(root))
            files[f"lms/{name}.qti.zip"] = buf.getvalue()
    if "csv" in kinds:
        for name, b in banks.items():
            for ext, dialect in (("csv", "excel"), ("tsv", "excel-tab")):
                buf = io.StringIO()
                w = csv.writer(buf, dialect=dialect)
                for q in b["questions"]:
                    w.writerow([q["id"], q["type"], q.get("prompt") or q.get("text"), _answer(q), q.get("explanation")])
                files[f"lms/{name}.{ext}"] = buf.getvalue().encode("utf-8-sig")
    for rel, data in files.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if "anki" in kinds:
        import genanki

        model = genanki.Model(1607392319, "Bench", fields=[{"name": "Front"}, {"name": "Back"}],
                              templates=[{"name": "Card", "qfmt": "{{Front}}", "afmt": "{{Back}}"}])
        cloze = genanki.Model(1607392320, "Bench cloze", fields=[{"name": "Text"}, {"name": "Extra"}],
                              templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}"}],
                              model_type=genanki.Model.CLOZE)
        deck = genanki.Deck(2059400110, "Bench")
        for b in banks.values():
            for q in b["questions"]:
                if q["type"] == "cloze":
                    deck.add_note(genanki.Note(model=cloze, fields=[q["text"], q.get("explanation") or ""], guid=q["id"]))
                else:
                    deck.add_note(genanki.Note(model=model, fields=[q.get("prompt") or "", _answer(q)], guid=q["id"]))
        (out / "anki").mkdir(parents=True, exist_ok=True)
        genanki.Package(deck).write_to_file(str(out / "anki" / "bench.apkg"))


def main(argv: list[str]) -> None:
    if argv[0] == "yaml":
        load(Path(argv[1]))
    elif argv[0] == "build":
        build(Path(argv[1]), Path(argv[2]), argv[3:])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
