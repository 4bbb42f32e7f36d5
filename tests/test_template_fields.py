"""A misspelt field in a template is named before the data comes: `docgen build` and `docgen
check` look each field the template names up in the sources' record kinds
(docgen.word.templatefields), so one inside a loop over something a document has none of this
year (Blekinge's plan has no styrtal) is named now, not the week the styrtal come in. Edited as
an editor edits in Word (the text typed into the paragraph, the file saved by Word), built and
checked through the command line, with build/, sources/ and templates/ as they were."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from docgen.commands.check import check_all
from docgen.pipeline import ROOT
from docgen.word.environment import RenderState, make_environment
from docgen.word.render import _own_lines, _Template

from .conftest import not_unfinished
from .test_hostile import Case, refused
from .wordsave import save_as_word

BLEKINGE = Path("region-blekinge") / "budget-och-verksamhetsplan-2018"
BLEKINGE_TEMPLATE = Path("region-blekinge") / "plan.docx"
# two documents of one template: the plan's own tjänsteskrivelse (its att-satser have no
# revideringar) and the unknown region's, whose att-sats revises the plan
SHARED = Path("gemensam") / "tjansteskrivelse.docx"
WITHOUT_REVISIONS = Path("region-ostergotland") / "beslut-arsplan-2025"
WITH_REVISIONS = Path("okand-region") / "uppfoljning-plan-2025"
UPPSALA = Path("uppsala-kommun") / "mhn-intern-kontrollplan-2016"
UPPSALA_TEMPLATE = Path("uppsala-kommun") / "verksamhetsplan.docx"


def typed_in_word(workspace, template: Path, old: str, new: str) -> Path:
    """The editor changes the first paragraph (body or table cell) reading `old` to `new` in
    Word and saves: Word keeps its own runs and marks (tests/wordsave.py)."""
    path = workspace.templates / template
    document = Document(str(path))
    cells = (c for t in document.tables for row in t.rows for c in row.cells)
    paragraphs = [*document.paragraphs, *(p for c in cells for p in c.paragraphs)]
    paragraph = next(p for p in paragraphs if p.text == old)
    paragraph.runs[0].text = new
    for run in paragraph.runs[1:]:
        run.text = ""
    document.save(str(path))
    save_as_word(path)
    return path


def checked(workspace, *folders: Path) -> Case:
    """`docgen check` through the command line; nothing anywhere may change."""
    case = Case(workspace, ["check", *(workspace.sources / f for f in folders)])
    assert "Traceback" not in case.err and "internt fel" not in case.err, case.err
    assert case.build_after == case.build_before and case.outside_after == case.outside_before
    return case


def sources_text(workspace, folder: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted((workspace.sources / folder).glob("*.yaml")))


def test_a_misspelt_field_in_a_loop_over_styrtal_a_plan_has_none_of_is_named_now(workspace):
    assert not re.search(r"^\s*(styrtal|målsättningar):", sources_text(workspace, BLEKINGE), re.M)  # no styrtal
    typed_in_word(workspace, BLEKINGE_TEMPLATE, "{{ s.utfall|värde }}", "{{ s.utfalx|värde }}")
    message = (
        "mallen använder 'utfalx' på styrtal, men källorna har inget sådant fält "
        r"\(i texten «{{ s\.utfalx\|värde }}»\)\. Menade du 'utfall'\? Rätta stavningen i mallen"
    )
    refused(workspace, ["build", workspace.sources / BLEKINGE], message, str(BLEKINGE_TEMPLATE))

    case = checked(workspace, BLEKINGE)
    assert case.status == 1, case.err
    assert len(re.findall(message, case.err)) == 1, case.err
    assert str(BLEKINGE_TEMPLATE) in case.err and "1 problem hittades" in case.err


def test_a_template_shared_by_two_documents_names_its_mistake_once(workspace):
    """The plan's tjänsteskrivelse has no revidering (the loop runs no time), the unknown
    region's has: found without data in one and while rendering the other, said once, alike."""
    assert "revideringar" not in sources_text(workspace, WITHOUT_REVISIONS)
    assert "revideringar" in sources_text(workspace, WITH_REVISIONS)
    typed_in_word(
        workspace,
        SHARED,
        "{{ 'abcdefghijklmnopqrstuvwxyz'[loop.index0] }}.\t{{ r.mening }}",
        "{{ 'abcdefghijklmnopqrstuvwxyz'[loop.index0] }}.\t{{ r.menig }}",
    )
    message = (
        "mallen använder 'menig' på revidering, men källorna har inget sådant fält "
        r"\(i texten «{{ r\.menig }}»\)\. Menade du 'mening'\?"
    )
    alone = checked(workspace, WITHOUT_REVISIONS)  # the document whose loop runs no time
    assert alone.status == 1 and len(re.findall(message, alone.err)) == 1, alone.err

    both = checked(workspace, WITHOUT_REVISIONS, WITH_REVISIONS)
    assert both.status == 1 and len(re.findall(message, both.err)) == 1, both.err

    build = Case(workspace, ["build", workspace.sources / WITHOUT_REVISIONS, workspace.sources / WITH_REVISIONS])
    assert build.status == 2 and len(re.findall(message, build.err)) == 1, build.err
    assert build.build_after == build.build_before and build.outside_after == build.outside_before


@pytest.mark.parametrize(
    "folder, template, old, new, message",
    [
        pytest.param(  # an id in the sources, the series it names in the template (Blekinge has no uppdrag)
            BLEKINGE,
            BLEKINGE_TEMPLATE,
            "{{ g.serie.prefix }} {{ u.nr }}.\t{{ u.text }}",
            "{{ g.serie.prefx }} {{ u.nr }}.\t{{ u.text }}",
            "mallen använder 'prefx' på uppdragsserie, men källorna har inget sådant fält "
            r"\(i texten «{{ g\.serie\.prefx }}»\)\. Menade du 'prefix'\?",
            id="field-of-a-referenced-item",
        ),
        pytest.param(  # the filter draws the plan's table from the sources, whatever it is given: it built
            UPPSALA,
            UPPSALA_TEMPLATE,
            "{{p internkontroll|internkontrolltabell }}",
            "{{p internkontrolx|internkontrolltabell }}",
            "mallen använder 'internkontrolx', men källorna har inget sådant fält "
            r"\(i texten «{{ internkontrolx\|internkontrolltabell }}»\)\. Menade du 'internkontroll'\?",
            id="name-given-to-a-filter-that-draws-from-the-sources",
        ),
    ],
)
def test_a_misspelt_name_is_named_by_build_and_check(workspace, folder, template, old, new, message):
    typed_in_word(workspace, template, old, new)
    refused(workspace, ["build", workspace.sources / folder], message, str(template))
    case = checked(workspace, folder)
    assert case.status == 1 and len(re.findall(message, case.err)) == 1, case.err


def test_what_a_template_may_do_with_a_field_it_is_unsure_of_stays_silent(workspace):
    """No false alarm where the kind is not known or the template asks: a `set` variable, a
    macro's argument, `loop`, a |default, `is defined`, a loop over pairs, a filter's result,
    a mapping's entries, a list the view fills with the items it names; in a loop that runs
    no time (Blekinge has no målsättningar) and in one that runs (its avsnitt)."""
    silent = (
        "{% macro rad(x) %}{{ x.vad_som_helst }}{% endmacro %}"
        "{% for ms in målsättningar %}{% set t = ms %}{{ t.finns_inte }}{{ loop.index }}"
        "{{ ms.finns_inte|default('') }}{% if ms.annat is defined %}{{ ms.annat }}{% endif %}"
        "{% for a, b in ms.styrtal|batch(2) %}{{ a.x }}{% endfor %}{{ (ms.styrtal|map(attribute='text')|list)[0] }}"
        "{{ ms.annat.x if ms.annat is defined }}{% if ms.annat is undefined %}{% else %}{{ ms.annat }}{% endif %}"
        "{% if gammalt_namn is defined %}{{ gammalt_namn }}{% endif %}"
        "{{ rad(ms) }}{% endfor %}"
        "{% for mo in målområden %}{% for u in mo.uppdrag %}{{ u.följs_av[0].benämning }}{% endfor %}{% endfor %}"
        "{% for kap in avsnitt %}{% set n = kap.rubrik %}{{ n.upper()[:0] }}{% endfor %}"
    )
    typed_in_word(workspace, BLEKINGE_TEMPLATE, "{{ dokument.titel }}", "{{ dokument.titel }}" + silent)
    case = Case(workspace, ["build", workspace.sources / BLEKINGE])
    assert case.status == 0, case.err
    assert not not_unfinished(check_all([workspace.sources / BLEKINGE], workspace))


def test_every_template_in_the_repository_is_silent():
    """Each part (body, headers, footers) of every template under templates/, the starter kit
    included, used by a document or not: no field its kind lacks, no name nothing defines."""
    from docgen.word.templatefields import unknown_fields

    environment = make_environment(RenderState(None))
    parts = 0
    for path in sorted((ROOT / "templates").rglob("*.docx")):
        template = _Template(str(path))
        template.render_init()
        sources = [template.get_xml()]
        for uri in (template.HEADER_URI, template.FOOTER_URI):
            sources += [template.get_part_xml(part) for _, part in template.get_headers_footers(uri)]
        for source in sources:
            found = unknown_fields(_own_lines(template.patch_xml(source)), environment)
            assert not found, (path, [(f.name, f.kind, f.line) for f in found])
            parts += 1
    assert parts > 100
