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


def test_an_unknown_key_in_sources_yaml_is_an_error_at_its_line(every_type):
    sources = every_type / "seeds" / "sources.yaml"
    sources.write_text(sources.read_text().replace("  publisher: unknown\n", "  publsher: unknown\n"))
    _, found = _findings(every_type)
    assert found == ["seeds/sources.yaml:4:3: error[unknown-key]: unknown key `publsher` for sample.txt; "
                     "did you mean `publisher`?"]


def test_an_unknown_top_level_config_key_is_an_error(every_type):
    (every_type / "citequiz.toml").write_text('title = "T"\ntitel = "x"\n\n[lms]\nx = 1\n')
    _, found = _findings(every_type)
    assert found == [
        "citequiz.toml:2:1: error[unknown-key]: unknown config key `titel`; did you mean `title`?",
        "citequiz.toml:4:1: error[unknown-key]: unknown config key `lms`; allowed: `title`, `description`, "
        "`anki`, `answers`, `content`, `coverage`, `csv`, `formats`, `gift`, `moodle-xml`, `print`, `qti`, `qti21`, `quiz`, `sources`",
    ]


def test_a_description_that_is_not_text_is_an_error_and_never_reaches_the_deck(every_type):
    (every_type / "citequiz.toml").write_text('title = "T"\ndescription = ["a"]\n')
    project, found = _findings(every_type)
    assert found == ["citequiz.toml:2:1: error[wrong-type]: config `description` must be text"]
    assert project.config.description is None
