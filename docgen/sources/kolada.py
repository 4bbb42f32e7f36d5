"""Outcomes from Kolada, the national database of municipal and regional key figures (RKA).

A styrtal names its Kolada KPI (`kolada: N00945`, optionally `kolada_kön: K` or `M`; the
total, "T", otherwise) and the plan's `dokument` names the organisation's Kolada id
(`kolada_id: "0018"`). A follow-up reads the outcomes from a Kolada API v3 response saved in
its sources (`utfall_fil: kolada-2025.json`); the build never goes online. `docgen kolada
hämta <mapp>` fetches that response when a network is there.

The format is Kolada API v3's data response, as documented by RKA (https://www.kolada.se/om-oss/api/,
released 2025-04-04; reference at https://api.kolada.se/v3/docs): GET
https://api.kolada.se/v3/data/kpi/{kpi,…}/municipality/{id,…}/year/{year,…} returns

    {"count": 2,
     "values": [{"kpi": "N00945", "municipality": "0018", "period": 2025,
                 "values": [{"gender": "T", "count": 1, "status": "", "value": 82.5},
                            {"gender": "K", "count": 1, "status": "", "value": 84.1}, …]}, …],
     "next_url": "https://api.kolada.se/v3/data/…?page=2" (only when there is another page)}

Values are per KPI, municipality (or region) and period (year), and per gender: "T" total,
"K" women, "M" men (a KPI not divided by gender has only "T"); a value may be null.
The value for the follow-up's year is the outcome; the year before is the comparison value.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from docgen.errors import DocgenError, Problem

API = "https://api.kolada.se/v3"
TIMEOUT = 20  # seconds per request
GENDERS = {"T": "totalt", "K": "kvinnor", "M": "män"}
MAX_PAGES = 50


def kolada_indicators(entries) -> dict[str, list[tuple[str, str]]]:
    """KPI id -> [(styrtal key, gender)] for every styrtal of a plan that names a Kolada KPI."""
    found: dict[str, list[tuple[str, str]]] = {}
    for key, _objective, item, _parent in entries:
        if getattr(item, "kolada", None):
            found.setdefault(item.kolada, []).append((key, item.kolada_gender or "T"))
    return found


def _lines(path: Path, text: str):
    """The same data loaded with the line of every entry (the YAML loader reads JSON too)."""
    from docgen.sources.load import _Loader, _YamlProblem, yaml

    loader = _Loader(text)
    loader.source_file = str(path)
    try:
        return loader.get_single_data()
    except (yaml.YAMLError, _YamlProblem):  # a form of JSON YAML does not read: no line numbers, the data is still read
        return None
    finally:
        loader.dispose()


def _line(marked, *steps) -> int | None:
    from docgen.sources.load import SourceList, SourceMap

    node, line = marked, None
    for step in steps:
        if isinstance(node, (SourceMap, SourceList)) and (
            step in node if isinstance(node, SourceMap) else isinstance(step, int) and 0 <= step < len(node)
        ):
            line = node.line_of(step)
            node = node[step]
        else:
            break
    return line


def read_kolada_file(path: Path, period: str, entries, municipality: str | None, where) -> dict[str, tuple]:
    """Outcomes (value, previous, None) per styrtal key from a saved Kolada v3 response.

    Every entry that does not belong (another KPI, municipality or year, a value that is not a
    number, a gender the response lacks) is reported with the file and line; nothing is guessed."""
    from docgen.freshness import note_file

    if not path.is_file():
        raise DocgenError(
            Problem(
                path,
                None,
                "utfallsfilen finns inte.",
                "Hämta den med 'docgen kolada hämta <mapp>' eller kontrollera 'utfall_fil'.",
            )
        )
    note_file(path)
    file, line = where("period")
    if not (period.isdigit() and len(period) == 4):
        raise DocgenError(
            Problem(
                file,
                line,
                f"perioden '{period}' är inget år; utfall från Kolada avser år.",
                'Skriv uppföljningens period som ett år, t.ex. period: "2025".',
            )
        )
    if municipality is None:
        raise DocgenError(
            Problem(
                file,
                None,
                "organisationens Kolada-id saknas.",
                "Skriv 'kolada_id' under 'dokument' i planen (t.ex. kolada_id: \"0018\").",
            )
        )
    year = int(period)
    values = _read_values(path, entries, municipality, lambda when: when in (year, year - 1), _follow_up_years(year))
    return {key: (found.get(year), found.get(year - 1), None) for key, found in values.items()}


def _follow_up_years(year: int):
    def problem(kpi, when):
        return (
            f"perioden {when} för {kpi} är varken uppföljningens år ({year}) eller året före.",
            "Ta bara med uppföljningens år och året före (jämförelsevärdet).",
        )

    return problem


def _read_values(
    path: Path, entries, municipality: str, wanted_year, other_year
) -> dict[str, dict[int, Decimal | None]]:
    """Per styrtal key, its values by year from a saved Kolada v3 response (None where Kolada has
    none). An entry that does not belong (another KPI, municipality or year, a value that is not a
    number, a gender the response lacks, a year twice) is reported with the file and line."""
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise DocgenError(
            Problem(
                path,
                exc.lineno,
                f"filen är inte giltig JSON ({exc.msg}).",
                "Hämta filen igen med 'docgen kolada hämta', eller spara svaret från Kolada som det är.",
            )
        )
    marked = _lines(path, text)
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise DocgenError(
            Problem(
                path,
                1,
                "filen är inget svar från Kolada: listan 'values' saknas.",
                "Spara svaret från api.kolada.se/v3/data/… som det är.",
            )
        )
    wanted = kolada_indicators(entries)
    found: dict[str, dict[int, Decimal | None]] = {}
    problems: list[Problem] = []
    for n, entry in enumerate(data["values"]):
        row = _line(marked, "values", n)

        def problem(message, hint="", steps=()):
            problems.append(Problem(path, _line(marked, "values", n, *steps) or row, message, hint))

        if not isinstance(entry, dict):
            problem("posten är inget värde från Kolada.")
            continue
        kpi, place, when = entry.get("kpi"), str(entry.get("municipality", entry.get("ou", ""))), entry.get("period")
        if kpi not in wanted:
            problem(
                f"nyckeltalet '{kpi}' används inte av något styrtal i planen.",
                "Ange 'kolada: …' på styrtalet, eller ta bort nyckeltalet ur filen.",
                ("kpi",),
            )
            continue
        if place != municipality:
            problem(
                f"värdet för {kpi} gäller '{place}', inte organisationen ({municipality}).",
                "Hämta bara organisationens egna värden.",
                ("municipality",),
            )
            continue
        if not (isinstance(when, int) and not isinstance(when, bool) and wanted_year(when)):
            problem(*other_year(kpi, when), ("period",))
            continue
        by_gender = {}
        for g, value in enumerate(entry.get("values") or []):
            gender = value.get("gender") if isinstance(value, dict) else None
            number = value.get("value") if isinstance(value, dict) else None
            if gender not in GENDERS:
                problem(f"könet '{gender}' för {kpi} {when} är inget av T, K och M.", "", ("values", g))
                continue
            if number is not None and (isinstance(number, bool) or not isinstance(number, (int, Decimal))):
                problem(
                    f"värdet för {kpi} {when} ({GENDERS[gender]}) är inget tal: {number!r}.",
                    "Hämta filen igen från Kolada.",
                    ("values", g, "value"),
                )
                continue
            by_gender[gender] = None if number is None else Decimal(number)
        for key, gender in wanted[kpi]:
            if gender not in by_gender:
                problem(
                    f"värdet för {kpi} {when} saknas för {GENDERS[gender]} ({gender}), som styrtalet {key} anger.",
                    "Ändra 'kolada_kön' på styrtalet, eller hämta filen igen.",
                    ("values",),
                )
                continue
            years = found.setdefault(key, {})
            if when in years:
                problem(f"{kpi} {when} står två gånger i filen.", "Ta bort den ena posten.")
                continue
            years[when] = by_gender[gender]
    if problems:
        raise DocgenError(problems)
    return found


# ---------------------------------------------------------------- a plan's senast kända värde


def plan_outcomes(src, folder: Path) -> None:
    """A plan's senast kända värde for every styrtal that names a Kolada KPI, from the Kolada
    response saved in its folder (`dokument: utfall_fil: kolada.json`): the latest year up to
    the plan's own with a value, shown with the unit its target declares and the year as its
    period ("82,5 % (2024)"). A styrtal that also writes its utfall is refused (two sources of
    one figure); one Kolada has no value for stays empty, as one the sources do not give."""
    from docgen.freshness import note_file
    from docgen.view.followup import _target_unit, _with_unit, indicators

    document = src.document
    name = document.outcomes_file
    if not name:
        return
    file, line = document.where("outcomes_file")
    if src.follow_up is not None:
        raise DocgenError(
            Problem(
                file,
                line,
                "'utfall_fil' under 'dokument' gäller en plans senast kända värden, men dokumentet är en uppföljning.",
                "Skriv 'utfall_fil' under 'uppföljning'.",
            )
        )
    entries = list(indicators(src))
    _plan_kolada_checked(document, entries)
    path = folder / name
    if not path.is_file():
        raise DocgenError(
            Problem(
                file,
                line,
                f"filen {name} finns inte i dokumentets mapp.",
                f"Hämta den med 'docgen kolada hämta {folder}', eller rätta 'utfall_fil'.",
            )
        )
    note_file(path)
    year = document.year

    def after_the_plan(kpi, when):
        return (
            f"perioden {when} för {kpi} är senare än planens år ({year}).",
            "Ta bara med år till och med planens; det senaste året med ett värde blir det senast kända värdet.",
        )

    values = _read_values(path, entries, document.kolada_id, lambda when: when <= year, after_the_plan)
    problems = []
    for key, _objective, item, parent in entries:
        if not item.kolada:
            continue
        if item.outcome is not None or item.outcome_period is not None:
            written = "outcome" if item.outcome is not None else "outcome_period"
            at_file, at_line = item.where(written)
            problems.append(
                Problem(
                    at_file,
                    at_line,
                    f"styrtalet {key} har ett skrivet {item.key_of(written)}, men dess senast kända värde läses ur "
                    f"Kolada ({name}, nyckeltalet {item.kolada}).",
                    "Ta bort 'utfall' och 'utfall_period' på styrtalet, eller ta bort 'kolada' om det skrivna "
                    "värdet ska stå.",
                )
            )
            continue
        known = {when: value for when, value in values.get(key, {}).items() if value is not None}
        if known:
            latest = max(known)
            value = _with_unit(known[latest], _target_unit(item, parent))
            item.outcome = value if not isinstance(value, Decimal) else _bare(value)
            item.outcome_period = str(latest)
    if problems:
        raise DocgenError(problems)


def _plan_kolada_checked(document, entries) -> list[str]:
    """The KPIs a plan reads from its saved Kolada response (`dokument: utfall_fil`), once its
    file is a .json, some styrtal names a KPI and the organisation's Kolada id is given."""
    file, line = document.where("outcomes_file")
    name = document.outcomes_file
    if not name.lower().endswith(".json"):
        raise DocgenError(
            Problem(
                file,
                line,
                f"'{name}' är inget sparat svar från Kolada (.json); en plans utfall_fil läses ur Kolada.",
                "Skriv styrtalens senast kända värden under 'utfall' på styrtalen, eller hämta dem från Kolada "
                "med 'docgen kolada hämta <planens mapp>' till t.ex. 'utfall_fil: kolada.json'.",
            )
        )
    kpis = _named_kpis(
        entries,
        file,
        line,
        "Skriv 'kolada: N00945' (nyckeltalets id) på de styrtal vars senast kända värde ska läsas ur filen.",
    )
    if document.kolada_id is None:
        raise DocgenError(
            Problem(
                file,
                line,
                "organisationens Kolada-id saknas.",
                "Skriv 'kolada_id' under 'dokument' (t.ex. kolada_id: \"1443\").",
            )
        )
    return kpis


def _bare(value: Decimal):
    """A value without a unit, as a styrtal value (its decimals as Kolada gives them, at most two)."""
    from docgen.sources.schema.values import Measure

    decimals = min(max(0, -value.as_tuple().exponent), 2)
    return Measure("number", str(value), number=value, decimals=decimals)


# ---------------------------------------------------------------- docgen kolada hämta


def fetch(kpis: list[str], municipality: str, years: list[int], opener=None) -> dict:
    """The Kolada v3 data response for these KPIs, municipality and years, all pages joined."""
    import urllib.error
    import urllib.request

    opener = opener or urllib.request.urlopen
    url = f"{API}/data/kpi/{','.join(kpis)}/municipality/{municipality}/year/{','.join(str(y) for y in years)}"
    values: list = []
    for _page in range(MAX_PAGES):
        try:
            request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "docgen"})
            with opener(request, timeout=TIMEOUT) as response:
                page = json.loads(response.read().decode("utf-8"), parse_float=Decimal)
        except urllib.error.HTTPError as exc:
            raise DocgenError(
                Problem(
                    None,
                    None,
                    f"Kolada svarade med fel {exc.code} för {url}.",
                    "Kontrollera styrtalens 'kolada' och organisationens 'kolada_id'.",
                )
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise DocgenError(
                Problem(
                    None,
                    None,
                    f"Kolada (api.kolada.se) gick inte att nå ({reason}).",
                    "Kontrollera nätverksanslutningen och försök igen; bygget använder den sparade "
                    "filen och går aldrig ut på nätet.",
                )
            ) from None
        except ValueError:
            raise DocgenError(
                Problem(None, None, f"svaret från Kolada för {url} är inte JSON.", "Försök igen senare.")
            ) from None
        if not isinstance(page, dict) or not isinstance(page.get("values", []), list):
            raise DocgenError(
                Problem(
                    None,
                    None,
                    f"svaret från Kolada för {url} har inte API:ets form (listan 'values').",
                    "Försök igen senare.",
                )
            )
        values.extend(page.get("values") or [])
        url = page.get("next_url")
        if not url:
            break
        if not str(url).startswith(API + "/"):  # a next page is only ever fetched from Kolada itself
            raise DocgenError(
                Problem(
                    None, None, f"svaret från Kolada pekar vidare till en annan adress ({url}).", "Försök igen senare."
                )
            )
    values.sort(key=lambda v: (str(v.get("kpi")), str(v.get("municipality")), str(v.get("period"))))
    return {"count": len(values), "values": values}


def _json_number(value):
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    raise TypeError(type(value).__name__)


def fetch_command(folder: Path, project) -> str:
    """`docgen kolada hämta <mapp>`: fetch and save the Kolada outcomes a follow-up reads."""
    from docgen.pipeline import load_validated
    from docgen.sources.references import Library
    from docgen.view.followup import indicators

    _raw, src = load_validated(folder, project, kolada=False)
    follow = src.follow_up
    if follow is None and src.document.outcomes_file:  # a plan that reads its senast kända värden from Kolada
        return _fetch_for_plan(src, folder)
    if follow is None:  # a plan: its outcomes are written in it; a follow-up reads them from Kolada
        file, line = src.where("document")
        raise DocgenError(
            Problem(
                file or folder,
                line,
                "dokumentet är ingen uppföljning: 'docgen kolada hämta' hämtar de utfall som en uppföljning "
                "läser ur Kolada (för planens styrtal med 'kolada: <nyckeltal>').",
                "Skapa uppföljningen med 'docgen new uppfoljning sources/<organisation>/<mapp> --foljer-upp "
                f"{folder}', skriv 'utfall_fil: kolada-<år>.json' under 'uppföljning' och hämta till den; "
                "i planen skrivs styrtalens utfall under 'utfall', eller läses deras senast kända värden ur Kolada med "
                "'utfall_fil: kolada.json' under planens 'dokument' (se docs/ny-organisation.md, Lägga till en indikator).",
            )
        )
    if not (follow.outcomes_file or "").lower().endswith(".json"):
        file, line = src.where("follow_up")
        raise DocgenError(
            Problem(
                file or folder,
                line,
                "dokumentet läser inga utfall från Kolada.",
                "Ange 'utfall_fil: kolada-<år>.json' under 'uppföljning'.",
            )
        )
    plan = Library(project.sources).document(follow.plan)
    if plan is None:
        file, line = follow.where("plan")
        raise DocgenError(
            Problem(
                file,
                line,
                f"planen '{follow.plan}' finns inte under sources/.",
                Library(project.sources).missing_hint(follow.plan),
            )
        )
    municipality = src.document.kolada_id or plan.document.kolada_id
    file, line = follow.where("period")
    kpis = _named_kpis(list(indicators(plan)), file, line, "Skriv 'kolada: N00945' (nyckeltalets id) på styrtalen.")
    if municipality is None:
        raise DocgenError(
            Problem(
                file,
                None,
                "organisationens Kolada-id saknas.",
                "Skriv 'kolada_id' under 'dokument' i planen (t.ex. kolada_id: \"0018\").",
            )
        )
    if not (follow.period.isdigit() and len(follow.period) == 4):
        raise DocgenError(
            Problem(
                file,
                line,
                f"perioden '{follow.period}' är inget år; utfall från Kolada avser år.",
                'Skriv uppföljningens period som ett år, t.ex. period: "2025".',
            )
        )
    year = int(follow.period)
    data = fetch(kpis, municipality, [year - 1, year])
    target = folder / follow.outcomes_file
    _save(target, data)
    return (
        f"hämtat: {data['count']} värden för {len(kpis)} nyckeltal ({', '.join(kpis)}), "
        f"{municipality}, {year - 1}–{year}, till {target}"
    )


PLAN_YEARS = 5  # a plan's senast kända värde: the plan's year and the four before it


def _fetch_for_plan(src, folder: Path) -> str:
    """`docgen kolada hämta <planens mapp>`: the plan's KPIs for its year and the four before,
    saved to its `utfall_fil`; the build takes each styrtal's latest value."""
    from docgen.view.followup import indicators

    document = src.document
    kpis = _plan_kolada_checked(document, list(indicators(src)))
    years = list(range(document.year - PLAN_YEARS + 1, document.year + 1))
    data = fetch(kpis, document.kolada_id, years)
    target = folder / document.outcomes_file
    _save(target, data)
    return (
        f"hämtat: {data['count']} värden för {len(kpis)} nyckeltal ({', '.join(kpis)}), "
        f"{document.kolada_id}, {years[0]}–{years[-1]}, till {target}"
    )


def _save(target: Path, data: dict) -> None:
    """The response, written whole or not at all."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=_json_number) + "\n"
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(target)


def _named_kpis(entries, file, line, hint: str) -> list[str]:
    """The Kolada nyckeltal the plan's styrtal name, sorted; none is an error at `file`, `line`."""
    kpis = sorted(kolada_indicators(entries))
    if not kpis:
        raise DocgenError(Problem(file, line, "inget styrtal i planen anger ett nyckeltal i Kolada.", hint))
    return kpis
