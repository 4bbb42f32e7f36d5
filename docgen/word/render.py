"""Stage 4, render: fill the document's Word template (docxtpl) with the computed sources.

The template sees the context made by the view stage (docgen.view.context: the sources under their
Swedish names, as `Node`s), the Swedish formatting filters (docgen.word.filters), and nothing else:
the jinja environment (docgen.word.environment) is sandboxed (templates are data editors share) and
strict (a name the sources do not define stops the build with the template's text around the
tag, instead of leaving an empty cell).
"""

from __future__ import annotations

import contextlib
import re
import threading
from pathlib import Path

import docxtpl.template as docxtpl_template
from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateRuntimeError, TemplateSyntaxError
from jinja2.exceptions import SecurityError
from lxml import etree

from docgen.errors import DocgenError, Problem, distinct
from docgen.sources import schema
from docgen.sources.archives import refuse_unreadable_archive, wrong_kind
from docgen.word import environment, limits, plain, plainxml, styles
from docgen.word.environment import (
    RecordingUndefined,
    RenderState,
    SourceUndefined,
    TemplateNameError,
    make_environment,
    text_around,
)


class _StrictXml:
    """lxml as docxtpl's module sees it, except that its parser never recovers.

    docxtpl re-parses the rendered body with `XMLParser(recover=True)`, which silently drops
    what is not well-formed (a character XML cannot hold, and an `&` nearby with it) and cuts
    a text node over 10 MB together with the rest of the document. Here the parse is strict:
    an error, a text node over 10 MB included (Word readers refuse those too), stops the build
    (see `render`)."""

    def __getattr__(self, name):
        return getattr(etree, name)

    @staticmethod
    def XMLParser(*args, recover=False, **kwargs):  # noqa: N802 - lxml's name
        return etree.XMLParser(*args, resolve_entities=False, **kwargs)


docxtpl_template.etree = _StrictXml()

# docxtpl's resolve_listing turns a tab, line break, page break or \a in a text into Word's
# elements, paragraph by paragraph (its pattern); a paragraph without any of them comes out as it went in
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
LISTING_CHARACTERS = "\t\a\n\f"
_LISTING_CHARACTER = re.compile(f"[{LISTING_CHARACTERS}]")

# docxtpl's fix_tables changes a table only when a row (its own or a nested table's) has more
# cells than the grid has columns, or no row spans all of them; these find such a table in
# one query each. A table these cannot vouch for (no grid, several tcPr or gridSpan in a cell,
# a span that is not a plain number) is left to docxtpl.
_W_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
_TOO_MANY_CELLS = etree.XPath("boolean(descendant::w:tr[count(w:tc) > $columns])", namespaces=_W_NS)
_SPANS_ALL_COLUMNS = etree.XPath(
    "boolean(descendant::w:tr[sum(w:tc/w:tcPr/w:gridSpan/@w:val) + count(w:tc[not(w:tcPr/w:gridSpan)]) >= $columns])",
    namespaces=_W_NS,
)
# the same for the table's first row (nearly always its header, across all columns): when it
# spans them, so does a row of the table, and the rows need not all be summed
_FIRST_ROW_SPANS_ALL_COLUMNS = etree.XPath(
    "boolean((descendant::w:tr)[1]) and sum((descendant::w:tr)[1]/w:tc/w:tcPr/w:gridSpan/@w:val)"
    " + count((descendant::w:tr)[1]/w:tc[not(w:tcPr/w:gridSpan)]) >= $columns",
    namespaces=_W_NS,
)
# a cell of any table (a table's own or a nested table's) the queries cannot vouch for: one
# query for the whole body (any such cell sends the body to docxtpl, whichever table holds it).
# Asked of the tcPr and gridSpan elements, not of every cell: a cell with two tcPr is one whose
# tcPr has a tcPr before it, a tcPr with two gridSpan one whose gridSpan has one before it, so
# the conditions are tried on the few gridSpan elements and fail at once on each tcPr (a third
# of the cost of asking each cell three times)
_UNUSUAL_CELLS = etree.XPath(
    "boolean(descendant::w:tcPr[preceding-sibling::w:tcPr][parent::w:tc][ancestor::w:tbl]"
    " | descendant::w:gridSpan[preceding-sibling::w:gridSpan or string(number(@w:val)) != @w:val]"
    "[parent::w:tcPr/parent::w:tc][ancestor::w:tbl])",
    namespaces=_W_NS,
)
# a table that fits its grid for certain: no row (its own or a nested table's) has more cells
# than the grid has columns, and its first row of its own spans them all (what a table's header
# nearly always does), found without looking through the table's rows for it
_FITS_GRID = etree.XPath(
    "not(descendant::w:tr[count(w:tc) > $columns])"
    " and boolean(w:tr[1][sum(w:tc/w:tcPr/w:gridSpan/@w:val) + count(w:tc[not(w:tcPr/w:gridSpan)]) >= $columns])",
    namespaces=_W_NS,
)
_TBL, _TBL_GRID, _GRID_COL = ("{%s}%s" % (_W_NS["w"], name) for name in ("tbl", "tblGrid", "gridCol"))


def listing_paragraphs(xml: str) -> list[tuple[int, int]]:
    """(start, end) of each match of _PARAGRAPH in `xml` (as re.sub would find them, from the
    start) that holds a listing character, found from those characters: the scan for the
    pattern's matches is taken up at the last '</w:p>' before a character (no match of the
    pattern runs across one), so only the paragraphs around the characters are looked at."""
    found: list[tuple[int, int]] = []
    floor = 0  # the scan's state is fresh here: the start, or the end of a match
    for at in _listing_characters(xml):
        if at < floor:
            continue  # in the paragraph found last
        match = _paragraph_at(xml, _fresh(xml, floor, at), at)
        if match is not None:
            found.append(match)
            floor = match[1]
    return found


def _listing_characters(xml: str) -> list[int]:
    """The positions of the listing characters, in order: str.find per character (a fast
    scan in C) rather than the pattern's search, which looks at the body character by character."""
    positions = []
    for character in LISTING_CHARACTERS:
        at = xml.find(character)
        while at >= 0:
            positions.append(at)
            at = xml.find(character, at + 1)
    return sorted(positions)


def _fresh(xml: str, floor: int, at: int) -> int:
    """Where the scan can be taken up before `at`: right after the last '</w:p>' before it,
    unless that '</w:p>' ends an opening tag ('<w:p </w:p>', not well-formed XML), else `floor`."""
    closing = xml.rfind("</w:p>", floor, at)
    if closing < 0 or xml.find("<w:p ", xml.rfind(">", floor, closing) + 1, closing) >= 0:
        return floor
    return closing + 6


def _paragraph_at(xml: str, pos: int, at: int) -> tuple[int, int] | None:
    """The match of _PARAGRAPH (scanning from `pos`, where no match is under way) that holds
    position `at`, or None: str.find in place of the pattern's character-by-character scan."""
    while True:
        start = xml.find("<w:p", pos, at + 1)
        if start < 0:
            return None
        after = xml[start + 4 : start + 5]
        opened = start + 5 if after == ">" else (xml.find(">", start + 5) + 1 if after == " " else 0)
        if opened <= 0:  # not a paragraph's opening tag here: the pattern tries the next position
            pos = start + 1
            continue
        closing = xml.find("</w:p>", opened)
        if closing < 0:
            return None  # no match here nor further on
        end = closing + 6
        if end > at:
            return start, end
        pos = end


_BODY_TAG = "{%s}body" % _W_NS["w"]
_DOC_PRS = etree.XPath(
    "//wp:docPr", namespaces={"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
)
_DECLARATION = re.compile(r' xmlns(?::([\w.-]+))?="([^"]*)"')


def _redundant_declarations(xml: str, declared: dict) -> list[tuple[int, int]] | None:
    """Where the rendered body's text has the namespace declarations that lxml drops when it
    moves the body into the document (`declared`: the prefixes and URIs its root declares):
    every declaration of a URI already in scope. None where the text alone cannot tell the
    same: a URI the root declares under another prefix or twice, a root's prefix declared
    for another URI, an entity in a URI, or a URI declared inside an element that declares it
    too (the move would drop the inner one). Found by str.find (a pattern's scan of the whole
    body would cost more)."""
    uris = list(declared.values())
    dropped: list[tuple[int, int]] = []
    kept: dict[str, list[int]] = {}  # a URI the root does not declare -> where it is declared
    at = xml.find(" xmlns")
    while at >= 0:
        match = _DECLARATION.match(xml, at)
        if match is not None and xml.rfind("<", 0, at) > xml.rfind(">", 0, at):  # in a start tag, not a text
            prefix, uri = match.group(1), match.group(2)
            if "&" in uri:
                return None
            if uri in uris:
                if declared.get(prefix) != uri or uris.count(uri) != 1:
                    return None
                dropped.append((at, match.end()))
            elif prefix in declared:
                return None
            else:
                kept.setdefault(uri, []).append(at)
        at = xml.find(" xmlns", at + 6)
    for places in kept.values():
        if any(_open_at(xml, outer, inner) for outer, inner in zip(places, places[1:])):
            return None
    return dropped


_CHUNK = 1 << 20  # characters fed to the parser at a time: no second copy of a large body


def _parsed(before: str, xml: str, dropped: list[tuple[int, int]], after: str):
    """before + xml without the `dropped` spans + after, parsed (docgen.word.plainxml's parser)
    from pieces, so that a large body is not copied whole first. One parse at a time (the
    parser is shared, and docgen serve builds in threads); after an error the parser is reset."""
    parser = plainxml.document_parser()
    with _PARSING:
        try:
            parser.feed(before)
            done = 0
            for start, end in [*dropped, (len(xml), len(xml))]:
                for piece in range(done, start, _CHUNK):
                    parser.feed(xml[piece : min(piece + _CHUNK, start)])
                done = end
            parser.feed(after)
            return parser.close()
        except etree.XMLSyntaxError:
            with contextlib.suppress(etree.XMLSyntaxError):
                parser.close()
            raise


_PARSING = threading.Lock()


def _open_at(xml: str, inside: int, at: int) -> bool:
    """Whether the element whose start tag holds position `inside` is still open at `at`."""
    begin = xml.rfind("<", 0, inside)
    name = re.match(r"<([^\s/>]+)", xml[begin:]).group(1)
    opened = xml.find(">", inside)
    if xml[opened - 1] == "/":
        return False
    depth = 1
    for tag in re.finditer(rf"<(/?){re.escape(name)}(?=[\s/>])[^>]*?(/?)>", xml[opened + 1 : at]):
        if tag.group(1):
            depth -= 1
            if not depth:
                return False
        elif not tag.group(2):
            depth += 1
    return True


def _own_lines(xml: str) -> str:
    """docxtpl's re.sub(r"<w:p([ >])", r"\\n<w:p\\1", xml): a line break before each paragraph's
    start tag. The two forms of the tag cannot overlap, and neither replacement makes the other's
    text, so two replacements give what the one pattern does."""
    return xml.replace("<w:p ", "\n<w:p ").replace("<w:p>", "\n<w:p>")


def _joined_lines(xml: str) -> str:
    """docxtpl's re.sub(r"\\n<w:p([ >])", r"<w:p\\1", xml), the line breaks _own_lines put in
    taken out again (see there)."""
    return xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")


def _spans_all_columns(table, columns: int) -> bool:
    """Whether a row of the table spans all its grid's columns (its first row first)."""
    return _FIRST_ROW_SPANS_ALL_COLUMNS(table, columns=columns) or _SPANS_ALL_COLUMNS(table, columns=columns)


class _Template(DocxTemplate):
    """DocxTemplate that remembers the XML it rendered, to show an editor where an error is."""

    last_source: str = ""
    last_rendered: str = ""
    compiled = None  # a CompiledTemplates, when the build keeps its preparations

    def patch_xml(self, src_xml):
        if self.compiled is None:
            return self._patch(src_xml)
        return self.compiled.patched(src_xml, self._patch)

    def _patch(self, src_xml):
        """docxtpl's patch_xml on the XML made plain first (docgen.word.plain)."""
        try:
            patched = super().patch_xml(plain.plain(src_xml))
            plain.check_blocks(patched)
        except plain.SingleBraces as exc:
            raise DocgenError(_single_braces_problem(Path(self.template_file), exc)) from None
        except plain.UnclosedTag as exc:
            raise DocgenError(_unclosed_tag_problem(Path(self.template_file), exc)) from None
        except plain.SplitBlock as exc:
            raise DocgenError(_split_block_problem(Path(self.template_file), exc)) from None
        except plain.UnreadableSpan as exc:
            raise DocgenError(_unreadable_span_problem(Path(self.template_file), exc)) from None
        return patched

    def resolve_listing(self, xml):
        """docxtpl's resolve_listing, run only on the paragraphs that hold such a character
        (the same output: each paragraph is resolved on its own there too); the others are
        left as they are. The paragraphs are found from the characters (listing_paragraphs),
        so a body with a few tabs is not run through docxtpl's paragraph pattern from end to end."""
        found = listing_paragraphs(xml)
        if not found:
            return xml
        resolve = super().resolve_listing
        pieces, done = [], 0
        for start, end in found:
            pieces += [xml[done:start], resolve(xml[start:end])]
            done = end
        return "".join(pieces) + xml[done:]

    def fix_tables(self, xml):
        """docxtpl's fix_tables, run only when a table needs it: the XML is parsed as docxtpl
        parses it, and a tree whose tables all match their grids is returned as it is instead
        of being measured cell by cell in Python (docxtpl would change nothing in it). The
        body is parsed inside its document where it can be (_in_document)."""
        tree = self._in_document(xml)
        if tree is None:
            tree = etree.fromstring(xml, parser=docxtpl_template.etree.XMLParser(recover=True))
        if _UNUSUAL_CELLS(tree):
            return super().fix_tables(xml)
        for table in tree.iter(_TBL):
            grid = next(table.iterchildren(_TBL_GRID), None)  # table.find's: its first tblGrid child
            if grid is None:
                return super().fix_tables(xml)
            columns = sum(1 for _ in grid.iterchildren(_GRID_COL))
            if _FITS_GRID(table, columns=columns):
                continue
            if _TOO_MANY_CELLS(table, columns=columns) or not _spans_all_columns(table, columns):
                return super().fix_tables(xml)
        return tree

    def _in_document(self, body_xml: str):
        """The rendered body (w:body) parsed as the body of a copy of the template's document
        (python-docx's root element, its other children as they were), or None where that
        would not give the same tree as docxtpl's: parsed alone, then moved into the document
        by map_tree. Moving a tree between documents costs lxml a walk of every node to
        reconcile its namespaces (a sixth of the rendering); this is one parse. The move drops
        each namespace declaration already in scope (_redundant_declarations_dropped), so they
        are left out of the text here. A body that is not well-formed is left to the parse
        alone, for its error's place."""
        shell = self._shell()
        if shell is None or not body_xml.startswith("<w:body"):
            return None
        before, after, declared = shell
        dropped = _redundant_declarations(body_xml, declared)
        if dropped is None:
            return None
        with plainxml.plain_elements():  # the body as docxtpl's parse gives it (lxml's class); map_tree
            try:
                document = _parsed(before, body_xml, dropped, after)
            except etree.XMLSyntaxError:
                return None
            return document[len(document) - 1]

    def fix_docpr_ids(self, tree):
        """docxtpl's fix_docpr_ids by a compiled query: the body parsed inside its document has
        python-docx's element classes where plain_elements cannot apply (docgen serve's
        threads), whose xpath() takes no namespaces."""
        for element in _DOC_PRS(tree):
            self.docx_ids_index += 1
            element.attrib["id"] = str(self.docx_ids_index)

    def _shell(self) -> tuple[str, str, dict] | None:
        """The template document's text before and after its w:body, and the namespaces its
        root declares; None when the body is not its last child written as <w:body>…</w:body>."""
        root = self.docx.element
        body = root[len(root) - 1] if len(root) else None
        if body is None or body.tag != _BODY_TAG or body.prefix != "w":
            return None
        text = etree.tostring(root, encoding="unicode")
        begin, end = text.find("<w:body"), text.rfind("</w:body>")
        if text[begin + 7 : begin + 8] not in (" ", ">") or end < begin or not text.endswith("</w:body></w:document>"):
            return None
        if any(c in uri for uri in root.nsmap.values() for c in '&<"'):
            return None
        return text[:begin], text[end + 9 :], dict(root.nsmap)

    def map_tree(self, tree):
        """docxtpl's map_tree, or, for a body parsed inside its document (_in_document), that
        document put in the template's place."""
        document = tree.getparent()  # python-docx's class: the root's plain object is gone
        if document is None:
            return super().map_tree(tree)
        self.docx.part._element = document
        self.docx._element = document
        self.docx._Document__body = None

    def render_xml_part(self, src_xml, part, context, jinja_env=None):
        """docxtpl's render_xml_part (0.20), its two paragraph substitutions made by str.replace:
        re.sub with a group in the replacement calls a Python function per match (Python 3.11),
        once per paragraph of the rendered document. Each paragraph goes on a line of its own
        for rendering (jinja's line numbers name a paragraph) and is joined again afterwards;
        `last_source` keeps the lines, to show an editor where an error is."""
        source = _own_lines(src_xml)
        self.last_source = source
        environment.RENDERING[0] = source
        self.current_rendering_part = part
        if jinja_env is not None:
            self._check_fields(source, jinja_env)
        template = jinja_env.from_string(source) if jinja_env else docxtpl_template.Template(source)
        rendered = _joined_lines(template.render(context))
        if "_" in rendered:  # docxtpl's escapes each hold a '_', which most documents lack: one scan, not four
            rendered = rendered.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        self.last_rendered = self.resolve_listing(rendered)
        return self.last_rendered

    def _check_fields(self, source: str, jinja_env) -> None:
        """The part's fields looked up in the sources' record kinds before it is rendered
        (docgen.word.templatefields): one in a loop that runs no time this year is named too.
        For `docgen check` each is recorded with the names the render misses; a build stops
        with all of them. A part found right is remembered with the template's preparation."""
        from docgen.word.templatefields import unknown_fields

        key = None if self.compiled is None else self.compiled.key_of_fields(source)
        if key is not None and self.compiled.get(key) is not None:
            return
        found = unknown_fields(source, jinja_env)
        if not found:
            if key is not None:
                self.compiled.put(key, b"")
            return
        lines = source.splitlines()
        places = [(f, lines[f.line - 1] if 0 < f.line <= len(lines) else "") for f in found]
        if jinja_env.undefined is RecordingUndefined and RecordingUndefined.records is not None:
            RecordingUndefined.records.extend((f.name, f.kind, paragraph, f.known) for f, paragraph in places)
            return
        raise UnknownFields(places)


class UnknownFields(Exception):
    """Fields and names a template part uses that the sources cannot have, with their paragraphs."""

    def __init__(self, places: list):
        super().__init__(f"{len(places)} okända fält")
        self.places = places


def render(
    template_path: Path, context: dict, state: RenderState, undefined=SourceUndefined, compiled=None
) -> DocxTemplate:
    """Render the template; every template error becomes a Swedish message with its place.
    `compiled` (a docgen.word.compiled.CompiledTemplates) keeps the template's preparation between builds."""
    if not template_path.is_file():
        raise DocgenError(
            Problem(
                template_path,
                None,
                "mallen finns inte.",
                "Kontrollera 'mall' under 'dokument' (sökväg under templates/).",
            )
        )
    refuse_unreadable_archive(
        template_path,
        "mallen",
        "Kontrollera att det är rätt mall och spara om den i Word eller LibreOffice, utan inbäddade filer.",
    )
    try:
        tpl = _Template(str(template_path))
        tpl.render_init()
    except Exception as exc:  # not a zip, not a Word document
        if _too_long(str(exc)):
            raise DocgenError(
                Problem(
                    template_path,
                    None,
                    "mallen har ett stycke som är längre än 10 MB text.",
                    "Dela upp texten; ett så långt stycke kan inte läsas av Word.",
                )
            ) from None
        kind = wrong_kind(template_path, "docx")
        if kind:
            raise DocgenError(Problem(template_path, None, f"mallen går inte att öppna: {kind[0]}", kind[1])) from None
        if isinstance(exc, etree.XMLSyntaxError):
            raise DocgenError(
                Problem(
                    template_path,
                    None,
                    f"mallen går inte att öppna: dess text (word/document.xml) är trasig XML ({exc.msg}).",
                    "Öppna mallen i Word eller LibreOffice och spara den igen; hjälper inte det, ta en tidigare kopia.",
                )
            ) from None
        raise DocgenError(
            Problem(
                template_path,
                None,
                f"mallen går inte att öppna som Word-dokument ({exc}).",
                "Spara den som .docx i Word.",
            )
        ) from None
    styles.adopt_engine_ids(tpl.docx)
    env = make_environment(state, undefined)
    if compiled is not None:
        tpl.compiled = compiled
        env.compile = compiled.compiling(env)
    state.template = tpl
    state.context = context
    try:
        with limits.render_limits():
            tpl.render(context, jinja_env=env, autoescape=True)
    except (limits.RenderLimit, limits.RenderTimeout, MemoryError, RecursionError, OverflowError) as exc:
        raise DocgenError(_limit_problem(template_path, tpl, exc)) from None
    except TemplateNameError as exc:
        raise DocgenError(_name_problem(template_path, tpl, exc)) from None
    except UnknownFields as exc:
        problems = [unknown_field_problem(template_path, f.name, f.kind, line, f.known) for f, line in exc.places]
        raise DocgenError(distinct(problems)) from None
    except TemplateSyntaxError as exc:
        if _UNKNOWN_FILTER.search(exc.message or ""):
            raise DocgenError(_filter_problem(template_path, tpl, env, exc)) from None
        around = text_around(paragraph_at(tpl, exc.lineno))
        raise DocgenError(
            Problem(
                template_path,
                None,
                f"mallen har en trasig tagg: {swedish_syntax_error(exc.message or '')} (nära texten «{around}»).",
                "Kontrollera att varje {{ … }} och {% … %} är komplett och att varje "
                "{%p for %}/{%p if %} har sitt {%p endfor %}/{%p endif %}.",
            )
        )
    except SecurityError as exc:
        raise DocgenError(
            Problem(
                template_path,
                None,
                f"mallen försöker något som inte är tillåtet i en mall ({exc}).",
                "Mallar får bara visa källornas data.",
            )
        )
    except DocgenError:
        raise
    except etree.XMLSyntaxError as exc:
        raise DocgenError(_malformed_problem(template_path, tpl, exc)) from None
    except TemplateRuntimeError as exc:
        if _UNKNOWN_FILTER.search(str(exc)):
            raise DocgenError(_filter_problem(template_path, tpl, env, exc)) from None
        if _UNKNOWN_TEST.search(str(exc)):
            raise DocgenError(_test_problem(template_path, tpl, env, exc)) from None
        raise DocgenError(_fill_problem(template_path, tpl, exc)) from None
    except (TemplateError, TypeError, ValueError, AttributeError, KeyError, ArithmeticError) as exc:
        raise DocgenError(_fill_problem(template_path, tpl, exc)) from None
    plain.drop_comment_parts(tpl.docx.part)
    return tpl


def _single_braces_problem(template_path: Path, exc: plain.SingleBraces) -> Problem:
    if isinstance(exc, plain.SpacedBraces):
        return _spaced_braces_problem(template_path, exc)
    inner = exc.text.strip("{} ")
    return Problem(
        template_path,
        None,
        f"mallen har texten «{exc.text}» med enkla klamrar, så den skulle stå i dokumentet som den är "
        f"skriven ({exc.where} «{text_around(exc.paragraph)}»).",
        f"En tagg skrivs med dubbla klamrar: «{{{{ {inner} }}}}».",
    )


def _spaced_braces_problem(template_path: Path, exc: plain.SpacedBraces) -> Problem:
    tag = re.sub(r"^\{\s+", "{", exc.text)
    return Problem(
        template_path,
        None,
        f"mallen har texten «{exc.text}» med ett mellanslag inne i taggens början, så den är ingen tagg "
        f"och skulle stå i dokumentet som den är skriven ({exc.where} «{text_around(exc.paragraph)}»).",
        f"Ta bort mellanslaget: «{tag}».",
    )


def _unclosed_tag_problem(template_path: Path, exc: plain.UnclosedTag) -> Problem:
    closing = {"{{": "}}", "{%": "%}", "{#": "#}"}[exc.tag[:2]]
    return Problem(
        template_path,
        None,
        f"mallens tagg «{exc.tag}» {exc.place}slutar inte i sitt stycke (i stycket «{text_around(exc.paragraph)}»).",
        f"Skriv taggens slut, «{closing}», i samma stycke. Har taggen delats av ett Enter, ta bort "
        "styckebrytningen (i Word syns den som ¶ med Start › Visa alla).",
    )


def _split_block_problem(template_path: Path, exc: plain.SplitBlock) -> Problem:
    return Problem(
        template_path,
        None,
        f"mallens «{exc.start}» står {exc.start_place} men «{exc.end}» står {exc.end_place}, "
        "så dokumentet skulle gå sönder där.",
        "Ett {%p if %} eller {%p for %} och dess {%p else %}/{%p endif %}/{%p endfor %} ska stå på samma "
        "nivå: båda i samma tabellcell, båda utanför tabellen, eller som {%tr … %} på varsin rad för att "
        "upprepa eller välja rader.",
    )


def _unreadable_span_problem(template_path: Path, exc: plain.UnreadableSpan) -> Problem:
    written = "utan antal" if exc.value is None else f"med antalet «{exc.value}»"
    where = f" (cellen «{text_around(exc.cell)}»)" if exc.cell else ""
    return Problem(
        template_path,
        None,
        f"mallen har en sammanfogad tabellcell{where} som inte anger hur många kolumner den spänner "
        f"över (w:gridSpan {written}; Word och LibreOffice skriver alltid ett heltal där), så tabellen "
        "kan inte ställas upp.",
        "Öppna mallen i Word eller LibreOffice Writer, dela cellen (Dela celler) och sammanfoga den igen "
        "(Sammanfoga celler), och spara mallen.",
    )


def _fill_problem(template_path, tpl, exc: BaseException) -> Problem:
    from docgen.word.filters import FilterValueError

    around = text_around(_failing_paragraph(tpl, exc))
    if isinstance(exc, FilterValueError):
        return Problem(template_path, None, f"mallen kunde inte fyllas i nära texten «{around}»: {exc}")
    return Problem(
        template_path,
        None,
        f"mallen kunde inte fyllas i ({_swedish_python_error(exc)}) nära texten «{around}».",
        "Kontrollera taggen i mallen och värdet i källorna.",
    )


def _swedish_python_error(exc: BaseException) -> str:
    """What went wrong in a tag's expression, in Swedish where docgen knows the words."""
    text = str(exc)
    if isinstance(exc, ZeroDivisionError):
        return "division med noll"
    found = re.search(r"unsupported operand type\(s\) for (\S+): '(\w+)' and '(\w+)'", text)
    if found:
        kinds = {"str": "text", "int": "tal", "float": "tal", "Decimal": "tal", "NoneType": "ett tomt värde"}
        left, right = (kinds.get(k, k) for k in found.group(2, 3))
        return f"'{found.group(1)}' går inte att använda mellan {left} och {right}"
    if re.search(r"can only concatenate|must be str, not", text):
        return "text och tal kan inte läggas ihop med '+'; använd '~' för att sätta ihop text"
    return f"{type(exc).__name__}: {text}"


_UNKNOWN_FILTER = re.compile(r"No filter named '([^']+)'")
_UNKNOWN_TEST = re.compile(r"No test named '([^']+)'")


def _filter_problem(template_path, tpl, env, exc) -> Problem:
    """A filter the template names does not exist (a typo such as |mdd): name it, the tag
    using it and the nearest filter that does."""
    from docgen.word.filters import FILTERS

    name = _UNKNOWN_FILTER.search(str(exc)).group(1)
    found, near = _unknown_in_template(tpl, name, r"\|\s*", env.filters)
    return Problem(
        template_path,
        None,
        f"mallen använder filtret '{name}', som inte finns" + (f" (i texten «{found}»)." if found else "."),
        (f"Menade du '{near}'? " if near else "") + f"docgens filter är: {', '.join(sorted(FILTERS))}.",
    )


def _test_problem(template_path, tpl, env, exc) -> Problem:
    """A test the template names after 'is' does not exist (`is defind`): name it, the tag
    using it and the nearest test that does."""
    name = _UNKNOWN_TEST.search(str(exc)).group(1)
    found, near = _unknown_in_template(tpl, name, r"\bis\s+(?:not\s+)?", env.tests)
    return Problem(
        template_path,
        None,
        f"mallen frågar 'is {name}', men testet '{name}' finns inte" + (f" (i texten «{found}»)." if found else "."),
        (f"Menade du 'is {near}'? " if near else "")
        + "Tester som mallar använder: is defined, is none, is number, is string.",
    )


def _unknown_in_template(tpl, name: str, before: str, known) -> tuple[str, str | None]:
    """The first tag of the rendered part that uses `name` right after `before` (a filter's
    '|', a test's 'is'), and the nearest of the `known` names."""
    import difflib

    tag = re.compile(r"\{[{%%][^{}]*%s%s\b[^{}]*[}%%]\}" % (before, re.escape(name)))
    text = re.sub(r"<[^>]+>", "", tpl.last_source or "")
    found = next((m.group(0) for m in map(tag.search, text.splitlines()) if m), "")
    near = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return found, near[0] if near else None


# Jinja's syntax errors in Swedish: (Jinja's message as a pattern, the Swedish text)
_SYNTAX_ERRORS = (
    (
        r"Encountered unknown tag '(end\w+)'\..*"
        r"The innermost block that needs to be closed is '(\w+)'\.",
        "{{% {1} %}} saknar sitt {{% end{1} %}} före {{% {0} %}}",
    ),
    (r"Encountered unknown tag '(end(\w+))'\.", "{{% {0} %}} står utan något {{% {1} %}} före"),
    (
        r"Unexpected end of template\..*The innermost block that needs to be closed is '(\w+)'\.",
        "mallen tar slut innan {{% {0} %}} har avslutats med {{% end{0} %}}",
    ),
    (r"Encountered unknown tag '(\w+)'.*", "taggen {{% {0} %}} finns inte"),
    (r"unexpected '([}%])'", "tecknet '{0}' står på fel plats (en klammer för mycket eller för lite)"),
    (r"unexpected char '(.)' at \d+", "tecknet '{0}' kan inte stå i en tagg"),
    (
        r"unexpected '(end of print statement|end of statement block)'",
        "taggen slutar med {0} mitt i ett uttryck (något saknas före {0})",
    ),
    (r"unexpected '(.)'", "tecknet '{0}' står på fel plats i taggen"),
    (
        r"expected token 'end of print statement', got '([^']*)'",
        "'{0}' står där {{{{ … }}}} borde sluta (saknas en punkt, ett | eller ett citattecken?)",
    ),
    (r"unexpected end of template, expected '([^']*)'\.?", "taggen tar slut innan '{0}'"),
    (r"Expected an expression, got '([^']*)'", "ett uttryck (ett fältnamn eller ett värde) saknas före {0}"),
    (r"expected token '([^']*)', got '=='", "'==' står där {0} ska stå"),
    (r"expected token '([^']*)', got '='", "'=' står där {0} ska stå (för att jämföra skriv ==)"),
    (r"expected token '([^']*)', got '([^']*)'", "{1} står där {0} ska stå"),
)


_KEYWORDS = {"if", "elif", "else", "endif", "for", "endfor", "set", "endset", "macro", "endmacro", "with", "endwith"}


def swedish_syntax_error(message: str) -> str:
    """Jinja's syntax error in Swedish; one without a translation is quoted as Jinja says it."""
    capital = re.fullmatch(r"Encountered unknown tag '([A-ZÅÄÖ]\w*)'.*", message.strip(), re.DOTALL)
    if capital and capital.group(1).lower() in _KEYWORDS:
        word = capital.group(1)
        return (
            f"taggen {{% {word} %}} finns inte; skriv den med liten bokstav, {{% {word.lower()} %}} "
            "(Words autokorrigering gör första bokstaven i en mening stor; det stängs av under "
            "Arkiv › Alternativ › Språkkontroll › Alternativ för autokorrigering)"
        )
    apart = re.fullmatch(
        r"Encountered unknown tag 'end'.*innermost block that needs to be closed is '(\w+)'.*",
        message.strip(),
        re.DOTALL,
    )
    if apart:
        return f"taggen {{% end %}} finns inte; skriv {{% end{apart.group(1)} %}} i ett ord, utan mellanslag"
    for pattern, swedish in _SYNTAX_ERRORS:
        match = re.fullmatch(pattern, message.strip(), re.DOTALL)
        if match:
            return swedish.format(*(_token(group, swedish) for group in match.groups()))
    return f"Jinja säger: {message}"


def _token(group: str, swedish: str) -> str:
    """A token Jinja names ('end of print statement') as the editor writes it ('}}'); in the
    messages that quote it themselves, as it is."""
    if swedish.startswith("{1} står där {0}"):
        return _TOKENS.get(group, f"'{group}'")
    return _TOKENS.get(group, group).strip("'")


# Jinja's names of the tokens its messages quote, as the editor writes them
_TOKENS = {"end of print statement": "'}}'", "end of statement block": "'%}'", "name": "ett namn"}


def _name_problem(template_path, tpl, exc: TemplateNameError) -> Problem:
    return unknown_field_problem(template_path, exc.name, exc.owner_kind, _failing_paragraph(tpl, exc), exc.known)


def unknown_field_problem(
    template_path, name: str, kind: str | None, paragraph: str, known: list[str], check: bool = False
) -> Problem:
    """A name the template uses that the sources do not have (a field of `kind`, or a name of
    its own), with the template's text around it and the closest names in `known`: one wording
    whether the render ran into it or docgen.word.templatefields found it without data."""
    from docgen.word.templatefields import suggestion

    around = text_around(paragraph, focus=name)
    owner = f" på {kind}" if kind else ""
    fix = "Rätta stavningen i mallen eller lägg till fältet i källorna"
    fix += "." if check else "; `docgen check` visar alla sådana på en gång."
    return Problem(
        template_path,
        None,
        f"mallen använder '{name}'{owner}, men källorna har inget sådant fält (i texten «{around}»).",
        " ".join(filter(None, (suggestion(name, kind, known), fix))),
    )


def _failing_paragraph(tpl: _Template, exc: BaseException) -> str:
    """The template paragraph that was being rendered when `exc` was raised."""
    tb, lineno = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            lineno = tb.tb_lineno
            if not isinstance(exc, Exception):  # jinja maps lines to the template's for Exceptions only
                lineno = _template_line(tb.tb_frame.f_globals.get("debug_info", ""), tb.tb_lineno)
        tb = tb.tb_next
    return paragraph_at(tpl, lineno)


def _template_line(debug_info: str, code_line: int) -> int | None:
    """The template line of a line of jinja's generated code (its debug_info pairs)."""
    line = None
    for pair in debug_info.split("&"):
        if pair:
            template_line, code = map(int, pair.split("="))
            if code <= code_line:
                line = template_line
    return line


def paragraph_at(tpl: _Template, lineno: int | None) -> str:
    """The template's text at a line of the jinja source (docxtpl puts each paragraph on
    its own line)."""
    if lineno is None:
        return ""
    lines = tpl.last_source.splitlines()
    return lines[lineno - 1] if 0 < lineno <= len(lines) else ""


def _malformed_problem(template_path, tpl: _Template, exc) -> Problem:
    """The rendered document is not well-formed XML: name the text where it breaks."""
    line, column = getattr(exc, "position", (0, 0))
    rendered = (tpl.last_rendered or "").split("\n")
    place = ""
    if 0 < line <= len(rendered):
        text = rendered[line - 1]
        near = re.sub(r"^[^<]*>|<[^>]*$", "", text[max(0, column - 300) : column + 300])  # whole tags only
        near = text_around(near, 70)
        place = f" nära texten «{near}»" if near else ""
    if _too_long(exc.msg):
        return Problem(
            template_path,
            None,
            f"ett stycke i dokumentet blir längre än 10 MB text{place}.",
            "Dela upp texten; ett så långt stycke kan inte läsas av Word.",
        )
    return Problem(
        template_path,
        None,
        f"mallen gav ett Word-dokument som inte går att läsa ({_swedish_xml_error(exc.msg)}){place}.",
        "Kontrollera taggar med |safe eller text som ska vara vanlig text i mallen; "
        "inget av texten får tappas, så inget dokument skrevs.",
    )


def _swedish_xml_error(message: str) -> str:
    """libxml2's words for a broken document, in Swedish (the element names are Word's)."""
    found = re.search(r"tag mismatch: ([\w:]+) line \d+ and ([\w:]+)", message or "")
    if found:
        return (
            f"Words element {found.group(1)} avslutas av {found.group(2)}: en tagg eller en text med |safe "
            "delar ett stycke, en tabell eller en länk i två"
        )
    if re.search(r"expecting ';'|EntityRef|CharRef|invalid xmlChar", message or ""):
        return "ett &-tecken eller ett tecken som inte kan stå i ett Word-dokument"
    if re.search(r"Premature end|end of data|not closed", message or ""):
        return "ett element stängs aldrig"
    return "XML-strukturen går sönder"


def _too_long(message: str) -> bool:
    """libxml2's message for a text node over 10 MB."""
    return any(word in message.lower() for word in ("huge", "too long", "resource limit"))


def _limit_problem(template_path, tpl: _Template, exc: BaseException) -> Problem:
    """A render that asked for more than any document needs: what, and where in the template."""
    around = text_around(_failing_paragraph(tpl, exc))
    place = f" nära texten «{around}»" if around else ""
    if isinstance(exc, limits.RenderTimeout):
        seconds = round(limits.RENDER_SECONDS)
        what = f"mallen blev inte ifylld inom {seconds} {'sekund' if seconds == 1 else 'sekunder'}{place}"
        hint = "Kontrollera loopar ({% for %}) i mallen: en loop i en loop över stora talområden tar aldrig slut."
    elif isinstance(exc, MemoryError):
        what = f"mallen behövde mer än {limits.RENDER_MEMORY_MB} MB minne för att fyllas i{place}"
        hint = "Kontrollera loopar och uttryck som bygger upp stora texter eller listor."
    elif isinstance(exc, RecursionError):
        what = f"ett makro i mallen anropar sig självt utan slut{place}"
        hint = "Ge makrot ett villkor som avslutar anropen."
    else:
        detail = "ett tal blir för stort" if isinstance(exc, OverflowError) else str(exc)
        what = f"mallen ber om mer än något dokument behöver: {detail}{place}"
        hint = "Kontrollera uttrycket; mallar ska bara visa källornas data."
    return Problem(template_path, None, what + ".", hint)


def unshown_blocks(sources, context: dict, state: RenderState, template_path: Path) -> list[Problem]:
    """Blocks of a chapter the template shows that the template has no place for (a diagram
    placed in a chapter of a template whose chapters show text, tables and pictures only): each
    named at its line, so that nothing written in the sources silently stays out of the document.
    A chapter whose content the template never reads is left to `docgen check`."""
    from docgen.word.filters import FILTERS  # the filters build on the environment this module uses

    problems = []
    chapters = context[schema.Sources.key_of("chapters")]
    for chapter_node, chapter in zip(chapters, sources.chapters):
        if id(chapter_node) not in state.shown:
            continue
        for index, (block_node, block) in enumerate(zip(chapter_node.of("content"), chapter.content)):
            if id(block_node) in state.shown:
                continue
            key, value = next(
                (f.key, getattr(block, f.name)) for f in block.FIELDS if getattr(block, f.name) is not None
            )
            file, line = chapter.where("content", index)
            shown = str(value) if len(str(value)) <= 40 else str(value)[:40] + " …"
            if key in FILTERS:
                how = (
                    f"Lägg till två stycken i mallens avsnittsinnehåll, t.ex. efter bildernas: "
                    f"'{{%p elif b.{key} %}}' och '{{{{p b.{key}|{key} }}}}' (som i startpaketets mallar)"
                )
            else:
                how = f"Ge '{key}' en plats i mallens avsnittsinnehåll (som i startpaketets mallar)"
            problems.append(
                Problem(
                    file,
                    line,
                    f"blocket '{key}: {shown}' i avsnittet '{chapter.heading}' visas inte: mallen "
                    f"{template_path.parent.name}/{template_path.name} har ingen plats för '{key}' i ett avsnitt.",
                    how + ", eller ta bort blocket ur källorna.",
                )
            )
    return problems
