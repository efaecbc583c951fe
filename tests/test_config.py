"""Project configuration: where it is read from, and mistakes reported at their line."""

from __future__ import annotations

from citequiz.check import check_project
from citequiz.load import load_project


def _findings(project_dir):
    project, findings = load_project(project_dir)
    return project, [str(f) for f in findings + check_project(project)]


def test_anki_table_mistakes_name_their_line(every_type):
    config = every_type / "citequiz.toml"
    config.write_text(config.read_text() + "\n[anki]\ntyped_answer = true\nsource_url = 3\n")
    _, found = _findings(every_type)
    assert found == [
        "citequiz.toml:4:1: error[config-anki]: unknown key `typed_answer` in [anki]; did you mean `typed_answers`?",
        "citequiz.toml:5:1: error[config-anki]: `source_url` in [anki] must be text (a URL)",
    ]


def test_lms_format_table_mistakes_name_their_line(every_type):
    config = every_type / "citequiz.toml"
    config.write_text(config.read_text() + "\n[moodle-xml]\nsource_ur = 'https://x'\nsource_url = 3\n"
                      "\n[qti21]\nsource_url = 'javascript:alert(1)'\n")
    _, found = _findings(every_type)
    assert found == [
        "citequiz.toml:4:1: error[config-format]: unknown key `source_ur` in [moodle-xml]; did you mean `source_url`?",
        "citequiz.toml:5:1: error[config-format]: `source_url` in [moodle-xml] must be text (a URL)",
        "citequiz.toml:8:1: error[config-format]: `source_url` in [qti21] must be an http:// or https:// URL, "
        "not 'javascript:alert(1)'; the address where the HTML build is published, e.g. https://example.org/quiz",
    ]


def test_pyproject_tool_table_is_read_when_there_is_no_citequiz_toml(every_type):
    (every_type / "citequiz.toml").unlink()
    (every_type / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.citequiz]\ntitle = "From pyproject"\n\n[tool.citequiz.anki]\ntyped_answers = "yes"\n')
    project, found = _findings(every_type)
    assert project.title == "From pyproject"
    assert found == ["pyproject.toml:8:1: error[config-anki]: `typed_answers` in [anki] must be true or false"]


def test_config_syntax_error_is_located(every_type):
    (every_type / "citequiz.toml").write_text('title = "unterminated\n')
    _, found = _findings(every_type)
    assert len(found) == 1 and found[0].startswith("citequiz.toml:1:") and "error[config-syntax]" in found[0]
