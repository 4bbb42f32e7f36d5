"""docgen: governance documents (plans, follow-ups, decision drafts) from YAML sources and Word templates.

The folders are the pipeline's stages (pipeline.py runs them in order, cli.py is the command line):

    sources/   load → validate: YAML read with its lines, checked against the schema
    view/      compute → view: sums, statuses, follow-ups, decision text, the template's context
    word/      render → write: the .docx from the editor's template, paginated, checked, written
    web/       the HTML edition and the live preview
    commands/  check, new, new-year, pdf

Beside them: errors (Swedish messages with file and line), freshness (no work when nothing
changed), processes (external programs that never outlive docgen).
"""

__version__ = "0.1.0"
