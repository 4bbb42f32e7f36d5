"""`docgen new <kind> <källmapp>`: a new document for any organisation, from the starter kit.

The starter kit is data, not code: templates/startpaket/<kind>.docx (a template an editor
could have made) and templates/startpaket/<kind>/ (the sources, with short Swedish comments
and every placeholder marked ATT UPPDATERA). The command copies both, fills in the
organisation, the board and the year, and never overwrites anything: the sources folder
must not exist, and an organisation's template that already exists is used as it is.
A new kind of document is a new pair in the starter kit, never Python.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from docgen.commands.project import schema_folder, starter_kit
from docgen.errors import DocgenError, Problem
from docgen.pipeline import Project, buildable, load_validated
from docgen.sources.jsonschema import HEADER, header_kind, schema_header
from docgen.sources.vocabulary import FILE_NAME

STARTER = "startpaket"
KINDS = {
    "plan": "plan, årsplan eller mål och budget med mål, indikatorer, uppdrag och budgettabeller",
    "verksamhetsplan": "verksamhetsplan med mål, indikatorer, uppdrag, budget och internkontroll",
    "uppfoljning": "uppföljning av en plan (kräver --foljer-upp sources/…/planens-mapp)",
    "tjansteskrivelse": "tjänsteskrivelse: ett ärende med förslag till beslut",
    "foredragningslista": "föredragningslista för ett sammanträde",
}


@dataclass
class Created:
    folder: Path
    template: Path
    template_existed: bool
    files: list[Path] = field(default_factory=list)
    terms: Path | None = None  # the new organisation's benämningar.yaml

    def text(self, shown) -> str:
        count = "en källfil" if len(self.files) == 1 else f"{len(self.files)} källfiler"
        lines = [f"skapade {shown(self.folder)}/ med {count}:"]
        lines += [f"  {f.name}" for f in self.files]
        if self.terms is not None:
            lines.append(
                f"skapade {shown(self.terms)}: orden docgen skriver i organisationens alla dokument "
                "(mål, indikator); ändra dem där."
            )
        if self.template_existed:
            lines.append(f"mallen {shown(self.template)} fanns redan och används som den är.")
        else:
            lines.append(
                f"skapade mallen {shown(self.template)} (en kopia av startpaketets; "
                "ge den ert utseende i Word eller LibreOffice)."
            )
        lines.append(f"Bygg dokumentet: docgen build {shown(self.folder)}")
        lines.append(
            "Ersätt sedan allt som är markerat ATT UPPDATERA (gulmarkerat i dokumentet); se docs/ny-organisation.md."
        )
        return "\n".join(lines)


def _refuse(message: str, hint: str = "", file=None) -> DocgenError:
    return DocgenError(Problem(file, None, message, hint))


def _inside(path: Path, root: Path) -> Path | None:
    """`path` relative to `root`, or None when it lies outside it."""
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return None


def _text_value(name: str, value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise _refuse(f"{name} är tomt.", f'Ange {name}, t.ex. {name} "Sjöbo kommun".')
    if any(c in value for c in "\n\r\t«»"):
        raise _refuse(f"{name} får inte innehålla radbrytningar, tabbar eller «».", "Skriv namnet på en rad.")
    return value


def _quoted(value: str) -> str:
    """A value for a double-quoted YAML string."""
    return value.replace("\\", "\\\\").replace('"', '\\"')


PLAN_NOUNS = frozenset(
    "verksamhetsplan årsplan mål budget plan internbudget detaljbudget nämndplan verksamhetsplanering "
    "handlingsplan flerårsplan treårsplan treårsbudget strategisk planeringsåret styrkort".split()
)


def _mid_sentence(title: str) -> str:
    """A plan's title as it stands after "Uppföljning av": "Mål och budget 2026" becomes
    "mål och budget 2026" (a common noun loses its capital mid-sentence), but a title starting
    with a name ("Falu kommuns mål", "Region Gävleborgs plan") keeps it: only the plan nouns
    above are lowered, since a name cannot be told from its capital alone."""
    first, _, rest = title.partition(" ")
    if first.lower() in PLAN_NOUNS and first[:1].isupper() and first[1:].islower():
        return first.lower() + (" " + rest if rest else "")
    return title


def new_document(
    kind: str, folder: Path, organisation: str, board: str, year: int, follows: Path | None, project: Project
) -> Created:
    """Create the sources folder and (if missing) the organisation's template; see the module doc."""
    if kind not in KINDS:
        listed = "\n".join(f"  {k}: {v}" for k, v in KINDS.items())
        raise _refuse(f"okänd dokumentsort '{kind}'.", f"Välj en av:\n{listed}")
    missing = [f for f, v in (("--organisation", organisation), ("--namnd", board), ("--ar", year)) if v is None]
    if missing:
        raise _refuse(
            f"följande argument saknas: {', '.join(missing)}.",
            f'T.ex. docgen new {kind} {folder} --organisation "Sjöbo kommun" --namnd "Kommunfullmäktige" --ar 2026',
        )
    organisation = _text_value("--organisation", organisation)
    board = _text_value("--namnd", board)
    if not 1900 <= year <= 2200:
        raise _refuse(f"--ar ska vara ett årtal, inte {year}.", "Ange året dokumentet gäller, t.ex. --ar 2026.")
    relative = _inside(folder, project.sources)
    if relative is None:
        raise _refuse(
            f"{folder} ligger utanför {project.sources}; docgen new skriver bara under sources/ och templates/.",
            "Ange en mapp som sources/<organisation>/<dokument>, t.ex. sources/sjobo-kommun/budget-2026.",
        )
    if len(relative.parts) != 2:
        raise _refuse(
            f"{folder} ska vara en mapp på formen sources/<organisation>/<dokument>.",
            "T.ex. sources/sjobo-kommun/budget-2026: organisationens mapp, sedan dokumentets.",
        )
    org_slug, name = relative.parts
    for part in relative.parts:
        if part.startswith(".") or not part.replace("-", "").replace("_", "").isalnum():
            raise _refuse(
                f"mappnamnet '{part}' ska bestå av bokstäver, siffror och bindestreck.",
                "T.ex. sjobo-kommun eller budget-2026.",
            )
    if folder.exists():
        raise _refuse(
            f"{folder} finns redan; docgen new skriver aldrig över.",
            "Välj ett nytt mappnamn, eller ta bort mappen själv om den ska göras om.",
        )
    kit = starter_kit(project)
    starter = kit / kind
    starter_template = kit / f"{kind}.docx"
    if not starter.is_dir() or not starter_template.is_file():
        raise _refuse(
            f"startpaketet för '{kind}' saknas ({starter}/ och {starter_template}).",
            "Hämta templates/startpaket/ från docgen igen.",
        )
    values = {
        "organisation": _quoted(organisation),
        "nämnd": _quoted(board),
        "år": str(year),
        "föregående_år": str(year - 1),
        "fil": name,
        "mall": f"{org_slug}/{kind}.docx",
    }
    if kind == "uppfoljning":
        plan, title, keys, assignments, words = _followed_plan(follows, project)
        listed = "\n".join(f'  #   - styrtal: "{_quoted(key)}"' for key in keys)
        values.update(
            {
                "följer_upp": plan,
                "plan_titel": _quoted(_mid_sentence(title)),
                "planens_indikatorer": listed,
                "planens_uppdrag": _assignment_lines(assignments),
                **_assignment_status_words(words),
            }
        )
    elif follows is not None:
        raise _refuse("--foljer-upp gäller bara uppfoljning.", "Ta bort --foljer-upp, eller skapa en uppfoljning.")
    template = project.templates / org_slug / f"{kind}.docx"
    if _inside(template, project.templates) is None:
        raise _refuse(f"mallen {template} skulle hamna utanför {project.templates}.", "")
    created = Created(folder, template, template.exists())
    terms = kit / FILE_NAME
    schemas = schema_folder(project)
    organisation_folder = folder.parent
    new_organisation = not organisation_folder.exists() and terms.is_file()
    texts = {}
    for source in sorted(starter.glob("*.yaml")):
        text = _filled(source.read_text(encoding="utf-8"), values)
        texts[source.name] = _with_header(text, folder / source.name, schemas)
    if not created.template_existed:
        _copy_atomically(starter_template, template)
    if new_organisation:  # the starter's words for the whole organisation; never for one that has documents
        created.terms = organisation_folder / FILE_NAME
        organisation_folder.mkdir(parents=True)
        text = _with_header(terms.read_text(encoding="utf-8"), created.terms, schemas)
        (organisation_folder / f".{FILE_NAME}.tmp").write_text(text, encoding="utf-8")
        os.rename(organisation_folder / f".{FILE_NAME}.tmp", created.terms)
    _write_folder(folder, texts)
    created.files = [folder / n for n in sorted(texts)]
    return created


_COMMENTED = re.compile(r"^(.*?\S)( {2,})(# .*)$")  # a value, then its comment in a column


def _filled(text: str, values: dict[str, str]) -> str:
    """The starter file with the «placeholders» filled in; a comment after a filled value keeps
    its column (the editor's first file read like 'mall: "sjobo-kommun/plan.docx"          # …',
    the comments pushed out of line by the values), or stands two spaces after a longer value."""

    def fill(part: str) -> str:
        for key, value in values.items():
            part = part.replace(f"«{key}»", value)
        return part

    lines = []
    for line in text.split("\n"):
        found = _COMMENTED.match(line) if "«" in line else None
        if found is None:
            lines.append(fill(line))
            continue
        code, column = fill(found.group(1)), len(found.group(1)) + len(found.group(2))
        lines.append(f"{code.ljust(column - 2)}  {fill(found.group(3))}")
    return "\n".join(lines)


def _with_header(text: str, target: Path, schemas: Path | None) -> str:
    """The starter file's text with its schema header pointing at its kind's JSON Schema from
    where the new file lies (the kit's header names the kind; a file without one stays so)."""
    kind = header_kind(text)
    if kind is None:
        return text
    body = text.split("\n", 1)[1] if text.startswith(HEADER) else text
    return schema_header(target, kind, schemas) + body


def _assignment_status_words(words: dict[str, str]) -> dict[str, str]:
    """What the commented bedömning says a status is: grön, gul eller röd, or the organisation's
    own words for an uppdrag's status (benämningar: uppdragsstatus), the first as the example."""
    if not words:
        return {"uppdragsstatus_ord": "grön, gul eller röd", "exempelstatus": "grön"}
    names = list(words)
    listed = ", ".join(names[:-1]) + f" eller {names[-1]}" if len(names) > 1 else names[0]
    return {
        "uppdragsstatus_ord": f"{listed} (benämningar: uppdragsstatus)",
        "exempelstatus": f'"{_quoted(names[0])}"',
    }


def _followed_plan(follows: Path | None, project: Project) -> tuple[str, str, list[str], dict[str, str], dict]:
    """The plan folder an uppföljning follows, as written in its sources, the plan's title,
    its indicators as an utfall names them (målsättningens id/nummer, or id/text), its
    uppdrag as a bedömning names them (id, or serie/nr) with their texts, and the
    organisation's own words for an uppdrag's status (benämningar: uppdragsstatus), if any."""
    if follows is None:
        raise _refuse(
            "en uppföljning måste ange vilken plan den följer upp.",
            "Lägg till --foljer-upp sources/<organisation>/<planens mapp>.",
        )
    candidates = [follows, project.sources / follows]
    found = next((c for c in candidates if c.is_dir() and _inside(c, project.sources) is not None), None)
    if found is None:
        raise _refuse(
            f"planen {follows} finns inte under {project.sources}.",
            "Ange planens källmapp, t.ex. --foljer-upp sources/sjobo-kommun/budget-2026.",
        )
    if not buildable(found):
        raise _refuse(f"{follows} är ingen plan som byggs (dess dokument har ingen mall).", "Ange planens källmapp.")
    _raw, sources = load_validated(found, project)
    if not sources.objectives:
        raise _refuse(
            f"{follows} har inga målsättningar att följa upp.",
            "Ange en plan eller verksamhetsplan med målsättningar och indikatorer (styrtal).",
        )
    from docgen.view.followup import indicators, plan_assignments

    keys = [key for key, *_ in indicators(sources)]
    words = sources.document.terms.assignment_statuses
    return _inside(found, project.sources).as_posix(), sources.document.title, keys, plan_assignments(sources), words


def _assignment_lines(assignments: dict[str, str]) -> str:
    """The plan's uppdrag as commented bedömningar, one per uppdrag with its text shortened:
    an uppdrag the follow-up does not assess is not shown in it, so the editor sees them all."""
    if not assignments:
        return "  # (planen har inga uppdrag)"
    lines = []
    for key, text in assignments.items():
        words = " ".join(text.split())
        short = words if len(words) <= 60 else words[:59].rstrip() + "…"
        lines.append(f'  #   - uppdrag: "{_quoted(key)}"   # {short}')
    return "\n".join(lines)


def _copy_atomically(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        shutil.copyfile(source, temporary)
        os.link(temporary, target)  # fails if the target appeared meanwhile: never overwrite
    finally:
        Path(temporary).unlink(missing_ok=True)


def _write_folder(folder: Path, texts: dict[str, str]) -> None:
    """Write the folder complete beside its place, then rename it into place."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for name, text in texts.items():
            (temporary / name).write_text(text, encoding="utf-8")
        os.rename(temporary, folder)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
