"""Commands besides build: check (template ↔ sources contract), new (a document from the starter
kit), newyear (next year's sources), pdf (PDF through LibreOffice; libreoffice_uno drives it, run by
LibreOffice's Python)."""
