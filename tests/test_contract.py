"""`docgen check`: the template and the sources agree, and every disagreement is listed."""

from __future__ import annotations

from docx import Document

from docgen.commands.check import check_all
from docgen.pipeline import document_folders

from .conftest import assert_only_unfinished
from .test_errors import DOC, edit, run_docgen, source


def template_path(workspace):
    return workspace.templates / "region-ostergotland" / "arsplan-och-budget.docx"


def replace_in_template(workspace, old: str, new: str) -> None:
    path = template_path(workspace)
    document = Document(str(path))
    paragraph = next(p for p in document.paragraphs if p.text == old)
    paragraph.runs[0].text = new
    for run in paragraph.runs[1:]:
        run.text = ""
    document.save(str(path))


def test_real_sources_and_templates_agree(workspace):
    """No error and no warning: what check reports of the real documents is only how far each
    is from final (one line counting its places still marked ATT UPPDATERA, then each)."""
    for folder in document_folders(workspace):
        assert_only_unfinished(check_all([folder], workspace))


def test_every_unknown_name_is_listed_with_its_tag(workspace):
    replace_in_template(workspace, "{{ mo.namn }}", "{{ mo.namnet }}")
    replace_in_template(workspace, "{{ b.namn }}", "{{ b.rubrik }} {{ okänd }}")
    messages = [str(p) for p in check_all([workspace.sources / DOC], workspace)]
    assert any("'namnet' på målområde" in m and "«{{ mo.namnet }}»" in m for m in messages), messages
    assert any("'rubrik' på beredning" in m and "«{{ b.rubrik }}»" in m for m in messages), messages
    assert any("'okänd'" in m for m in messages), messages


def test_source_field_never_shown_is_listed(workspace):
    replace_in_template(
        workspace, "{{ r.månad|månad }}{% if r.anmärkning %} ({{ r.anmärkning }}){% endif %}", "{{ r.månad|månad }}"
    )
    messages = [str(p) for p in check_all([workspace.sources / DOC], workspace)]
    assert any("fältet 'anmärkning' på rapportkalender finns i källorna men visas aldrig" in m for m in messages), (
        messages
    )


def test_text_block_never_used_is_listed(workspace):
    path = source(workspace, "planering.yaml")
    edit(path, "text:\n", "text:\n  oanvand: Ett block som ingen mall använder.\n")
    messages = [str(p) for p in check_all([workspace.sources / DOC], workspace)]
    assert any("textblocket 'text.oanvand'" in m for m in messages), messages


def test_table_never_placed_is_listed(workspace):
    path = source(workspace, "bilaga.yaml")
    edit(path, "      - tabell: balansrakning\n", "")
    messages = [str(p) for p in check_all([workspace.sources / DOC], workspace)]
    assert any("tabellen 'balansrakning' placeras aldrig" in m for m in messages), messages


def test_check_command_exit_status(workspace):
    assert run_docgen(workspace, "check").returncode == 0
    replace_in_template(workspace, "{{ mo.namn }}", "{{ mo.namnet }}")
    result = run_docgen(workspace, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "1 problem hittades" in result.stderr
