"""An organisation's own docgen project: a folder with sources/ and templates/ (build/ beside
them), kept where the organisation keeps its files (its own git repository, a shared drive),
not in docgen's repository.

`docgen new projekt <mapp>` creates one: an empty sources/, the starter kit in
templates/startpaket/ (the organisation may give it its own look: every document `docgen new`
makes starts from it), the JSON Schemas in docs/schema/ (VS Code's help in the source files), docgen's guides in docs/
(the starter kit's comments name them),
a short README and a .gitignore for build/. Every command run in such a folder, or in a folder
below it, uses that folder's sources/, templates/ and build/ (find_project), as mkdocs finds
its mkdocs.yml; docgen's repository is such a folder, so `make plan-2025` works as before.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from docgen.errors import DocgenError, Problem
from docgen.pipeline import Project
from docgen.shipped import GUIDES, shipped

STARTER = "startpaket"
SCHEMA = Path("docs") / "schema"
FOLDERS = ("sources", "templates")  # what makes a folder a docgen project


def find_project(start: Path) -> Project | None:
    """The project `start` lies in: the nearest folder, `start` or above it, that holds both
    sources/ and templates/; None outside any project."""
    for folder in (start, *start.parents):
        if _is_project(folder):
            return Project(folder / "sources", folder / "templates", folder / "build")
    return None


def here(sources: Path | None, templates: Path | None, build: Path | None) -> Project:
    """The folders a command uses: the ones given (--kallor, --mallar, --ut), the rest those of
    the project the current folder lies in. Outside any project, with none given, a command
    that needs a project says so (require_project)."""
    found = find_project(Path.cwd())
    if found is None and sources is None and templates is None and build is None:
        return _NoProject()
    base = found or Project()
    return Project(sources or base.sources, templates or base.templates, build or base.build)


class _NoProject(Project):
    """The folders of a command run outside any project (each a folder that does not exist)."""

    def __init__(self):
        super().__init__(*(Path.cwd() / name for name in ("sources", "templates", "build")))


def require_project(project: Project) -> None:
    """Outside any project, a command that needs one says so; when a folder right below is a
    project (`docgen new projekt` was just run here, without the `cd` it told), it names it."""
    if not isinstance(project, _NoProject):
        return
    below = sorted(p.name for p in Path.cwd().iterdir() if p.is_dir() and _is_project(p))
    below = [f'"{name}"' if " " in name else name for name in below]
    if len(below) == 1:
        hint = f"Gå först till projektet: cd {below[0]}"
    elif below:
        hint = f"Gå först till ett av projekten här ({', '.join(below)}) med cd."
    else:
        hint = (
            "Gå till projektets mapp med cd och kör kommandot där; eller skapa ett nytt projekt med "
            "'docgen new projekt <mapp> --organisation \"…\"' och gå in i det med cd."
        )
    raise DocgenError(
        Problem(
            None,
            None,
            f"mappen du står i ({Path.cwd()}) är inget docgen-projekt: här, och i mapparna ovanför, "
            "finns ingen mapp med både sources/ och templates/.",
            hint,
        )
    )


def require_given_folders(sources: Path | None, templates: Path | None) -> None:
    """A folder given with --kallor or --mallar that is not there is a mistake to name, not an
    empty project to build nothing from in silence."""
    missing = [(flag, folder) for flag, folder in (("--kallor", sources), ("--mallar", templates)) if folder]
    problems = [
        Problem(
            None,
            None,
            f"{folder} ({flag}) " + ("är ingen mapp." if folder.exists() else "finns inte."),
            f"Rätta sökvägen efter {flag}, eller utelämna {flag} för att använda projektets "
            f"{'sources/' if flag == '--kallor' else 'templates/'}.",
        )
        for flag, folder in missing
        if not folder.is_dir()
    ]
    if problems:
        raise DocgenError(problems)


def nothing_to_build(project: Project, what: str = "bygga") -> str:
    """What to say when a command for every document finds none: an empty sources/ (a project
    just made) or, when building, only source folders without a template."""
    found = "ingen källmapp med en mall (dokument: mall:)" if what == "bygga" else "ingen källmapp"
    return (
        f"inget att {what}: {project.sources} har {found}. "
        "Skapa ett dokument med t.ex. 'docgen new plan sources/<organisation>/<dokument> "
        '--organisation "…" --namnd "…" --ar 2026\''
        + ("; 'docgen list' visar källmapparna som finns." if what == "bygga" else ".")
    )


def _is_project(folder: Path) -> bool:
    return all((folder / name).is_dir() for name in FOLDERS)


def shown_from_here(path: Path) -> str:
    """A path outside the current folder but in its project as one types it from here
    ('../../build/…', from sources/<organisation>); any other path whole."""
    found = find_project(Path.cwd())
    if found is not None and path.is_absolute() and found.sources.parent in path.parents:
        return os.path.relpath(path)
    return str(path)


def starter_kit(project: Project) -> Path:
    """The starter kit `docgen new` copies: the project's own (templates/startpaket), else the
    one docgen ships (a project that removed its copy)."""
    own = project.templates / STARTER
    return own if own.is_dir() else shipped(f"templates/{STARTER}")


def schema_folder(project: Project) -> Path | None:
    """The project's JSON Schemas (docs/schema beside sources/), if it has them."""
    folder = project.sources.parent / SCHEMA
    return folder if folder.is_dir() else None


def slug(name: str) -> str:
    """'Sjöbo kommun' -> 'sjobo-kommun': a folder name as the guides write them."""
    plain = name.lower().translate(str.maketrans("åäöéü", "aaoeu"))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "organisation"


def new_project(folder: Path, organisation: str | None, *document_options) -> list[str]:
    """Create the project folder (see the module doc) and return what to tell the editor.
    Never overwrites: an existing folder is used only if it holds none of what is created.
    `document_options` (--namnd, --ar, --foljer-upp) belong to a document, not a project."""
    if any(option is not None for option in document_options):
        raise _refuse(
            "--namnd, --ar och --foljer-upp gäller ett dokument, inte ett projekt.",
            'Skapa projektet med bara --organisation, t.ex. docgen new projekt styrdokument --organisation "Sjöbo kommun";'
            " skapa sedan dokumenten i det med docgen new plan ….",
        )
    folder = folder.absolute()
    inside = find_project(folder.parent) if folder.parent.exists() else None
    if inside is not None and any(
        folder == f or f in folder.parents for f in (inside.sources, inside.templates, inside.build)
    ):
        raise _refuse(
            f"{folder} ligger i projektet {inside.sources.parent}; ett projekt skapas inte inuti ett annat.",
            "Välj en mapp utanför, t.ex. en ny mapp bredvid projektet.",
        )
    names = ("sources", "templates", "docs", "README.md", ".gitignore")
    if folder.exists():
        if not folder.is_dir():
            raise _refuse(f"{folder} är en fil, inte en mapp.", "Välj ett nytt mappnamn för projektet.")
        taken = [n for n in names if (folder / n).exists()]
        if taken:
            raise _refuse(
                f"{folder} finns redan och har {', '.join(taken)}; docgen new skriver aldrig över.",
                "Välj ett nytt mappnamn för projektet, eller en tom mapp.",
            )
    else:
        folder.parent.mkdir(parents=True, exist_ok=True)
    org = (organisation or "").strip() or None
    temporary = Path(tempfile.mkdtemp(prefix=".docgen-nytt-projekt-", dir=folder.parent))
    try:
        _fill(temporary, org)
        if folder.exists():
            for name in names:
                os.rename(temporary / name, folder / name)
            temporary.rmdir()
        else:
            os.rename(temporary, folder)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return _told(folder, org)


def _fill(root: Path, organisation: str | None) -> None:
    (root / "sources").mkdir()
    (root / "sources" / ".gitkeep").write_bytes(b"")  # git keeps no empty folder
    ignored = shutil.ignore_patterns(".*", "~$*", "__pycache__")
    shutil.copytree(shipped(f"templates/{STARTER}"), root / "templates" / STARTER, ignore=ignored)
    shutil.copytree(shipped(SCHEMA.as_posix()), root / SCHEMA, ignore=ignored)
    for guide in GUIDES:  # the guides the starter kit's comments name, as docs/…
        if shipped(guide).is_dir():
            shutil.copytree(shipped(guide), root / guide, ignore=ignored)
        else:
            shutil.copyfile(shipped(guide), root / guide)
    (root / "README.md").write_text(_readme(organisation), encoding="utf-8")
    (root / ".gitignore").write_text("# byggda dokument: görs om av docgen, sparas inte i git\nbuild/\n", "utf-8")


def assembly(organisation: str | None) -> str:
    """The example board in the commands a new project is told: a region's assembly is
    regionfullmäktige, a kommun's kommunfullmäktige (an example only; the editor names the board)."""
    return "Regionfullmäktige" if "region" in (organisation or "").lower() else "Kommunfullmäktige"


def _readme(organisation: str | None) -> str:
    org = organisation or "<organisation>"
    folder = slug(organisation) if organisation else "<organisation>"
    title = f"Styrdokument för {organisation}" if organisation else "Styrdokument"
    return f"""# {title}

Källorna och mallarna till våra styrdokument. Dokumenten byggs med docgen: källorna (YAML-filer)
fogas in i Word-mallarna och blir färdiga dokument (.docx och PDF).

| mapp | vad den innehåller |
|---|---|
| `sources/` | källorna: en mapp per organisation, i den en mapp per dokument |
| `templates/` | Word-mallarna; `templates/startpaket/` är det som `docgen new` utgår från |
| `build/` | de byggda dokumenten; skapas av docgen och görs om vid varje bygge, ändra inget här |
| `docs/` | docgens guider: `ny-organisation.md` steg för steg, `kallformat.md` varje fält i källorna |
| `docs/schema/` | hjälp för källfilerna i VS Code (skrivs av docgen, ändra inget här) |

## Så arbetar du

Öppna ett terminalfönster i den här mappen (i Windows: skriv `cmd` i Utforskarens adressfält
och tryck Enter; på Mac: högerklicka på mappen, Tjänster, Ny terminal vid mapp) och skriv:

    docgen new plan sources/{folder}/mal-och-budget-2026 --organisation "{org}" --namnd "{assembly(organisation)}" --ar 2026
    docgen build        bygger alla dokument till build/
    docgen pdf          bygger dem också som PDF (kräver LibreOffice)
    docgen check        kontrollerar källor och mallar utan att skriva något, och räknar
                        det som är kvar att fylla i (markerat ATT UPPDATERA)
    docgen serve        förhandsvisar i webbläsaren och bygger om när du sparar
    docgen publicera    bygger dokumenten som .docx, PDF och webbsida (.html) för er webbplats

Sorterna är `plan`, `verksamhetsplan`, `uppfoljning`, `tjansteskrivelse` och
`foredragningslista`. Allt som ska skrivas in står markerat `[[ATT UPPDATERA: …]]` i källorna
och gulmarkerat i dokumentet. Hur källorna skrivs står i guiderna i `docs/` (den docgen som
skapade projektets; efter en ny version av docgen gör `docgen förnya` dem till den nya
versionens, utan att röra `sources/` och `templates/`); `docgen --help` listar kommandona.
"""


def _told(folder: Path, organisation: str | None) -> list[str]:
    shown = _shown(folder)
    org = organisation or "Sjöbo kommun"
    return [
        f"skapade projektet {shown}/:",
        "  sources/               källorna (tom): här skapar docgen new era dokument",
        "  templates/startpaket/  startpaketets mallar och källor, som docgen new utgår från",
        "  docs/                  docgens guider (ny-organisation.md, kallformat.md) och hjälp för VS Code",
        "  README.md              hur ni arbetar i projektet",
        "  .gitignore             build/ (de byggda dokumenten) sparas inte i git",
        "Gå till projektet och skapa ert första dokument:",
        f"  cd {shown}",
        f'  docgen new plan sources/{slug(org)}/mal-och-budget-2026 --organisation "{org}" '
        f'--namnd "{assembly(organisation)}" --ar 2026',
    ]


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd())) or "."
    except ValueError:
        return str(path)


def _refuse(message: str, hint: str) -> DocgenError:
    return DocgenError(Problem(None, None, message, hint))
