"""docgen parses the rendered body inside its document (render._Template._in_document) instead
of parsing it alone and moving it in as docxtpl does: the same tree, so the same bytes, with the
namespace declarations lxml's move drops left out; where the text cannot tell, docxtpl's way."""

from __future__ import annotations

import random

from docx import Document
from lxml import etree

from docgen.word.render import _Template

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"

# (prefix, URI) declarations a rendered body may hold: the root's own (w, r, wp), ones it does
# not declare (a, pic), a root prefix for another URI, and a root URI under another prefix
DECLARATIONS = [("w", W), ("r", R), ("wp", WP), ("a", A), ("pic", PIC), ("r", "urn:annan"), ("rel", R)]


def _template() -> _Template:
    template = object.__new__(_Template)
    template.docx = Document()  # python-docx's default document: declares w, r, wp and more, not a or pic
    return template


def _moved(body: str) -> bytes:
    """docxtpl's way: the body parsed alone, then put in the document's place."""
    document = Document()
    tree = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False))
    document.element.replace(document.element.body, tree)
    return etree.tostring(document.element)


def _element(chance: random.Random, depth: int) -> str:
    prefix, uri = chance.choice(DECLARATIONS) if chance.random() < 0.6 else (None, None)
    name = f"{prefix}:e" if prefix else "w:p"
    declared = f' xmlns:{prefix}="{uri}"' if prefix else ""
    text = f' xmlns:r="{R}" i en text' if chance.random() < 0.1 else "text"
    inner = "".join(_element(chance, depth + 1) for _ in range(chance.randint(0, 2))) if depth < 4 else ""
    if not inner and chance.random() < 0.3:
        return f"<{name}{declared}/>"
    return f"<{name}{declared}>{text}{inner}</{name}>"


def test_the_document_parsed_whole_is_the_document_docxtpl_makes():
    chance = random.Random(15)
    made = 0
    for _ in range(3000):
        own = "".join(f' xmlns:{p}="{u}"' for p, u in chance.sample(DECLARATIONS[:5], chance.randint(0, 3)))
        body = f'<w:body xmlns:w="{W}"{own}>' + "".join(_element(chance, 0) for _ in range(3)) + "</w:body>"
        try:
            expected = _moved(body)
        except etree.XMLSyntaxError:
            continue  # a prefix used where the generated text does not declare it
        parsed = _template()._in_document(body)
        if parsed is not None:
            made += 1
            assert etree.tostring(parsed.getparent()) == expected, body
    assert made > 150  # the bodies without a declaration the text cannot tell about


def test_an_inner_declaration_of_a_uri_declared_around_it_is_left_to_docxtpls_way():
    body = f'<w:body xmlns:w="{W}"><a:e xmlns:a="{A}"><a:f xmlns:a="{A}"/></a:e></w:body>'
    assert _template()._in_document(body) is None
    siblings = f'<w:body xmlns:w="{W}"><a:e xmlns:a="{A}"/><w:p/><a:f xmlns:a="{A}"/></w:body>'
    assert etree.tostring(_template()._in_document(siblings).getparent()) == _moved(siblings)


def test_a_picture_keeps_only_the_declarations_the_document_lacks():
    body = (
        f'<w:body xmlns:w="{W}" xmlns:wp="{WP}"><w:p><w:r><w:drawing><wp:inline xmlns:wp="{WP}">'
        f'<a:graphic xmlns:a="{A}"><pic:pic xmlns:pic="{PIC}"><a:blip xmlns:r="{R}" r:embed="rId9"/>'
        "</pic:pic></a:graphic></wp:inline></w:drawing></w:r></w:p></w:body>"
    )
    written = etree.tostring(_template()._in_document(body).getparent())
    assert written == _moved(body)
    assert (
        f'<wp:inline><a:graphic xmlns:a="{A}"><pic:pic xmlns:pic="{PIC}"><a:blip r:embed="rId9"/>' in written.decode()
    )


def test_a_body_that_is_not_well_formed_is_left_to_docxtpls_way_and_its_message():
    assert _template()._in_document(f'<w:body xmlns:w="{W}"><w:p></w:body>') is None


def test_after_a_body_that_is_not_well_formed_the_next_body_parses_as_before():
    broken = f'<w:body xmlns:w="{W}"><w:p><w:r><w:t>halv'
    good = f'<w:body xmlns:w="{W}"><w:p><w:r><w:t>hel</w:t></w:r></w:p></w:body>'
    assert _template()._in_document(broken) is None
    assert etree.tostring(_template()._in_document(good).getparent()) == _moved(good)


def test_pictures_are_numbered_where_another_thread_keeps_python_docx_classes():
    """docgen serve builds in threads: the body keeps python-docx's classes, whose xpath()
    takes no namespaces; the pictures' ids are numbered all the same."""
    import threading

    body = f'<w:body xmlns:w="{W}" xmlns:wp="{WP}"><w:p><w:r><wp:docPr id="5"/><wp:docPr id="5"/></w:r></w:p></w:body>'
    started, done = threading.Event(), threading.Event()
    other = threading.Thread(target=lambda: (started.set(), done.wait(10)))
    other.start()
    try:
        started.wait(10)
        template = _template()
        template.docx_ids_index = 1000
        tree = template._in_document(body)
        template.fix_docpr_ids(tree)
    finally:
        done.set()
        other.join()
    assert [e.get("id") for e in tree.iter(f"{{{WP}}}docPr")] == ["1001", "1002"]


def test_docxtpls_escapes_come_out_as_the_tags_they_stand_for():
    """{_{ … }_} and {_% … %_}, written in the template or coming from a value, are written as
    {{ … }} and {% … %}, as docxtpl writes them (render_xml_part looks for them only in a body
    that holds a '_'); a body without any is left as rendered."""
    template = _template()
    body = f'<w:body xmlns:w="{W}"><w:p><w:r><w:t>{{_{{ namn }}_}} {{_% if %_}} {{{{ v }}}}</w:t></w:r></w:p></w:body>'
    rendered = template.render_xml_part(body, None, {"v": "a {_{ b }_} {_% c %_}"})
    assert "<w:t>{{ namn }} {% if %} a {{ b }} {% c %}</w:t>" in rendered
    plain = template.render_xml_part(body, None, {"v": "a {b} c%"})
    assert "<w:t>{{ namn }} {% if %} a {b} c%</w:t>" in plain
    unescaped = f'<w:body xmlns:w="{W}"><w:p><w:r><w:t>{{{{ v }}}}</w:t></w:r></w:p></w:body>'
    assert template.render_xml_part(unescaped, None, {"v": "{b}%"}).endswith("<w:t>{b}%</w:t></w:r></w:p></w:body>")
