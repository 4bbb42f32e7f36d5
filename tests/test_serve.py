"""`docgen serve` without a browser: which documents a saved file rebuilds, and what a failed
rebuild leaves in build/. The live preview itself is tested in a browser (test_browser.py)."""

from __future__ import annotations

import re

from docgen.web.serve import Preview, Previews, preview_page


def test_a_change_rebuilds_the_documents_that_read_it_and_no_others(workspace):
    region = workspace.sources / "region-orebro-lan"
    plan, status = region / "hsn-vp-2026", region / "hsn-vp-2026-styrtalsstatus"
    other = workspace.sources / "region-ostergotland" / "hsn-arsplan-2025"
    previews = Previews(workspace, [Preview(plan), Preview(status), Preview(other)])
    for preview in previews.documents:
        previews.rebuild(preview)
        assert preview.problems is None and preview.page.startswith(b"<!DOCTYPE html>")
    shown = preview_page(0, previews.documents[0], many=True).decode()
    assert shown.index('<a class="hoppa"') < shown.index('id="docgen-forhandsvisning"'), "skip link first"

    def rebuilt(path):
        return [p.folder.name for p in previews.affected({path.resolve()})]

    assert rebuilt(plan / "budget.yaml") == ["hsn-vp-2026", "hsn-vp-2026-styrtalsstatus"]  # the status reads the plan
    assert rebuilt(status / "dokument.yaml") == ["hsn-vp-2026-styrtalsstatus"]
    assert rebuilt(workspace.templates / "region-ostergotland" / "arsplan-och-budget.docx") == ["hsn-arsplan-2025"]
    assert rebuilt(workspace.sources / "sydostra-sjukvardsregionen" / "svn-uppfoljning-2024" / "dokument.yaml") == []


def test_a_failed_rebuild_keeps_the_last_good_docx_and_says_where_the_mistake_is(workspace):
    folder = workspace.sources / "region-orebro-lan" / "hsn-vp-2026"
    previews = Previews(workspace, [Preview(folder)])
    preview = previews.documents[0]
    previews.rebuild(preview)
    good = preview.output.read_bytes()
    budget = folder / "budget.yaml"
    budget.write_text(
        budget.read_text(encoding="utf-8").replace("värden: [3.4, 5.4, 3.5]", "värden: [3.4, 5.4, 3.5"),
        encoding="utf-8",
    )
    previews.rebuild(preview)
    assert preview.output.read_bytes() == good and preview.version == 2
    assert len(preview.problems) == 1 and "budget.yaml, rad 1" in preview.problems[0]
    assert "YAML-fel" in preview.problems[0]
    page = preview_page(0, preview, many=False).decode()
    assert "Dokumentet kunde inte byggas" in page and "budget.yaml, rad 1" in page and "/dokument/0/ladda-ner" in page
    # the editor sees the broken line itself, numbered and marked, with its neighbours
    line = int(re.search(r"budget\.yaml, rad (\d+)", preview.problems[0]).group(1))
    assert f"<mark>{line}  " in page and "värden: [3.4, 5.4, 3.5</mark>" in page
    assert f"\n{line + 1}  " in page and 'name="viewport"' in page
    assert not [p for p in preview.output.parent.iterdir() if p.name.endswith(".tmp")]


def test_without_a_folder_the_preview_lists_every_document(workspace):
    from docgen.web.serve import index_page

    region = workspace.sources / "region-orebro-lan"
    previews = Previews(workspace, [Preview(region / "hsn-vp-2026"), Preview(region / "hsn-vp-2026-styrtalsstatus")])
    previews.rebuild(previews.documents[1])
    finished = index_page(previews).decode()
    assert '(styrtalsstatus-vp-2026.docx) <span class="kvar">– inget kvar att uppdatera</span>' in finished
    settings = region / "hsn-vp-2026-styrtalsstatus" / "uppfoljning.yaml"  # an editor's two unfinished places
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("  titel: Styrtal", '  titel: "Styrtal')
        .replace("mot årets målvärden\n", 'mot årets målvärden [[ATT UPPDATERA: rubrik]]"\n', 1)
        .replace("  period: senast kända värde", "  period: '[[ATT UPPDATERA: perioden]]'"),
        encoding="utf-8",
    )
    previews.rebuild(previews.documents[1])
    page = index_page(previews).decode()
    assert '<a href="/dokument/0/">hsn-vp-2026</a> (hsn-vp-2026)</li>' in page  # not built yet: named by its folder
    # under their organisation, which their titles do not repeat, with what is left to update
    title = (
        "Styrtal i verksamhetsplan med budget 2026 – senast kända utfall mot årets målvärden [ATT UPPDATERA: rubrik]"
    )
    assert "<h2>Region Örebro län</h2>" in page and page.count("Region Örebro län") == 1
    from docgen.commands.check import Unfinished, check_all

    counted = [p for p in check_all([region / "hsn-vp-2026-styrtalsstatus"], workspace) if isinstance(p, Unfinished)]
    left = sum(p.count for p in counted)  # as docgen check counts them
    assert left >= 2  # the title on the page and the period, wherever the template shows them
    assert (
        f'<a href="/dokument/1/">{title}</a> (styrtalsstatus-vp-2026.docx) <span class="kvar">– {left} stycken att uppdatera'
        in page
    )
    assert 'lang="sv"' in page


def test_an_outcome_file_kept_outside_the_sources_is_watched_and_rebuilds_its_report(workspace):
    from docgen.web.serve import _watched

    folder = workspace.sources / "region-orebro-lan" / "hsn-vp-2026-styrtalsstatus"
    exports = workspace.sources.parent / "exporter"
    exports.mkdir()
    (exports / "utfall.csv").write_text(
        "styrtal;period;värde;föregående\nms1/3 a;senast kända värde;66;56\n", encoding="utf-8"
    )
    settings = folder / "uppfoljning.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("  utfall_ur_planen: true\n", "  utfall_fil: ../../../exporter/utfall.csv\n"), encoding="utf-8"
    )
    previews = Previews(workspace, [Preview(folder)])
    previews.rebuild(previews.documents[0])
    assert previews.documents[0].problems is None
    assert exports.resolve() in _watched(workspace, previews)
    assert previews.affected({(exports / "utfall.csv").resolve()}) == previews.documents
    assert previews.affected({(exports / "annat.csv").resolve()}) == []


def test_a_preview_build_is_recorded_so_the_next_build_skips_it(workspace):
    from docgen.pipeline import build_batch

    folder = workspace.sources / "region-orebro-lan" / "hsn-vp-2026"
    previews = Previews(workspace, [Preview(folder)])
    preview = previews.documents[0]
    previews.rebuild(preview)
    made = preview.output.read_bytes()
    batch = build_batch([folder], workspace)  # what make runs: no HTML edition asked for
    assert batch.written == [] and batch.unchanged == [preview.output.resolve()]
    assert preview.output.read_bytes() == made
    with_html = build_batch([folder], workspace, html=True)  # docgen html: the preview made that too
    assert with_html.written == [] and sorted(p.suffix for p in with_html.unchanged) == [".docx", ".html"]
    budget = folder / "budget.yaml"
    budget.write_text(budget.read_text(encoding="utf-8") + "\n# ändrad\n", encoding="utf-8")
    assert build_batch([folder], workspace).written == [preview.output]  # a changed source still rebuilds
    preview.output.with_suffix(".html").unlink()
    assert build_batch([folder], workspace, html=True).written == [preview.output]  # recorded without HTML now


def test_a_busy_port_is_said_in_swedish_with_a_free_one_and_nothing_is_built(workspace, capsys):
    import socket

    from docgen.cli import main

    folder = workspace.sources / "region-orebro-lan" / "hsn-vp-2026"
    with socket.socket() as taken:  # another preview already listening
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status = main(
            ["--kallor", str(workspace.sources), "--mallar", str(workspace.templates), "--ut", str(workspace.build)]
            + ["serve", str(folder), "--port", str(port)]
        )
    err = capsys.readouterr().err
    assert status == 2
    assert f"port {port} används redan" in err and "Avsluta den med Ctrl-C" in err
    suggested = int(re.search(r"--port (\d+)", err).group(1))
    assert suggested != port and "Address already in use" not in err and "Traceback" not in err
    assert "Inget dokument skrevs." in err and not list(workspace.build.rglob("*.*"))


def test_a_project_without_documents_is_told_how_to_make_one_not_served_an_empty_page(tmp_path, capsys):
    from docgen.cli import main

    for name in ("sources", "templates", "build"):
        (tmp_path / name).mkdir()
    args = [
        "--kallor",
        str(tmp_path / "sources"),
        "--mallar",
        str(tmp_path / "templates"),
        "--ut",
        str(tmp_path / "build"),
    ]
    assert main([*args, "serve", "--port", "0"]) == 0
    err = capsys.readouterr().err
    assert "inget att förhandsvisa" in err and "docgen new plan sources/" in err
    assert not list((tmp_path / "build").iterdir())


def test_a_document_made_while_the_preview_runs_joins_the_list(workspace, capsys):
    from docgen.cli import main

    from docgen.pipeline import buildable, document_folders

    region = workspace.sources / "region-orebro-lan"
    previews = Previews(workspace, [Preview(f) for f in document_folders(workspace) if buildable(f)])
    new = workspace.sources / "hoors-kommun" / "budget-2027"
    args = ["--kallor", str(workspace.sources), "--mallar", str(workspace.templates), "--ut", str(workspace.build)]
    assert (
        main([*args, "new", "plan", str(new), "--organisation", "Höörs kommun", "--namnd", "KF", "--ar", "2027"]) == 0
    )
    saved = {p.resolve() for p in new.rglob("*.yaml")}
    assert previews.added({(region / "hsn-vp-2026" / "budget.yaml").resolve()}) == []  # a known document's file
    (added,) = previews.added(saved)
    assert added.folder == new and previews.documents[-1] is added
    previews.rebuild(added)
    assert added.problems is None and b"<title>" in added.page
    assert previews.added(saved) == []  # listed once


def test_a_preview_without_a_table_of_contents_skips_its_bar(workspace):
    """The published tjänsteskrivelse has no table of contents and so no skip link; its preview
    has the bar above the document, which the keyboard skips by a link of its own."""
    decision = workspace.sources / "region-ostergotland" / "beslut-arsplan-2025"
    previews = Previews(workspace, [Preview(decision)])
    previews.rebuild(previews.documents[0])
    assert b'class="hoppa"' not in previews.documents[0].page
    shown = preview_page(0, previews.documents[0], many=False).decode()
    skip = shown.index('<a class="hoppa" href="#innehall">Hoppa till dokumentet</a>')
    assert skip < shown.index('id="docgen-forhandsvisning"') < shown.index('<main id="innehall">')
