# docgen: make plan-2025 builds the årsplan 2025, make test runs the tests.
# Every target creates .venv and installs docgen first when needed.
# SLUTLIG=1 makes a final build: documents with content marked ATT UPPDATERA are refused.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FINAL := $(if $(SLUTLIG),--slutlig,)
STAMP := $(VENV)/.installed

.PHONY: schema all plan-2025 vp-2026 planeringsaret-2024 beslut-plan-2025 uppfoljning-2025-06 svn-2024 styrtalsstatus-2026 foredragningslista pdf html publicera serve bilder test check bench guidebilder clean distclean

all: $(STAMP)  ## bygg alla dokument som källorna definierar
	$(BIN)/docgen build $(FINAL)

plan-2025: $(STAMP)  ## Hälso- och sjukvårdsnämndens årsplan och budget 2025 (Region Östergötland)
	$(BIN)/docgen build $(FINAL) sources/region-ostergotland/hsn-arsplan-2025

vp-2026: $(STAMP)  ## Hälso- och sjukvårdsnämndens verksamhetsplan med budget 2026 (Region Örebro län)
	$(BIN)/docgen build $(FINAL) sources/region-orebro-lan/hsn-vp-2026

planeringsaret-2024: $(STAMP)  ## Planeringsåret och Treårsbudget 2024–2026 med fokusområden (Region Östergötland)
	$(BIN)/docgen build $(FINAL) sources/region-ostergotland/planeringsaret-2024

beslut-plan-2025: $(STAMP)  ## tjänsteskrivelsen som sätter årsplanen 2025 på nämndens föredragningslista (+ .json)
	$(BIN)/docgen build $(FINAL) sources/region-ostergotland/beslut-arsplan-2025

uppfoljning-2025-06: $(STAMP)  ## uppföljningen av plan med budget 2025 (juni), med regiondirektörens förslag
	$(BIN)/docgen build $(FINAL) sources/okand-region/uppfoljning-plan-2025

svn-2024: $(STAMP)  ## Samverkansnämndens uppföljning av årlig överenskommelse 2024, med diagram
	$(BIN)/docgen build $(FINAL) sources/sydostra-sjukvardsregionen/svn-uppfoljning-2024

styrtalsstatus-2026: $(STAMP)  ## status för verksamhetsplanens styrtal: senast kända utfall mot årets målvärden
	$(BIN)/docgen build $(FINAL) sources/region-orebro-lan/hsn-vp-2026-styrtalsstatus

foredragningslista: $(STAMP)  ## föredragningslista för hälso- och sjukvårdsnämnden med tre punkter
	$(BIN)/docgen build $(FINAL) sources/region-ostergotland/hsn-foredragningslista

pdf: $(STAMP)  ## alla dokument även som PDF (kräver LibreOffice: apt-get install -y libreoffice-writer-nogui)
	@command -v soffice >/dev/null || command -v libreoffice >/dev/null || { \
	  echo "LibreOffice saknas: installera med 'sudo apt-get update && sudo apt-get install -y libreoffice-writer-nogui'"; exit 2; }
	$(BIN)/docgen pdf $(FINAL)

html: $(STAMP)  ## alla dokument även som tillgänglig webbsida (.html bredvid varje .docx)
	$(BIN)/docgen html $(FINAL)

publicera: $(STAMP)  ## alla dokument som .docx, .html och PDF i ett svep (kräver LibreOffice)
	@command -v soffice >/dev/null || command -v libreoffice >/dev/null || { \
	  echo "LibreOffice saknas: installera med 'sudo apt-get update && sudo apt-get install -y libreoffice-writer-nogui'"; exit 2; }
	$(BIN)/docgen publicera $(FINAL)

serve: $(STAMP)  ## förhandsvisa dokumenten i webbläsaren medan du redigerar (DOK=sources/…/mapp för ett dokument)
	$(BIN)/docgen serve $(DOK)

bilder: $(STAMP)  ## skärmbilder av förhandsvisningen till docs/bilder/ (kräver Chromium)
	$(BIN)/python tools/preview_screenshots.py

check: $(STAMP)  ## kontrollera källor och mallar (kontraktet mall ↔ källor)
	$(BIN)/docgen check $(FINAL)

schema: $(STAMP)  ## skriv källfilernas JSON Schema, ett per sorts källfil (docs/schema/), ur docgen/sources/schema och docs/kallformat.md
	$(BIN)/docgen schema

test: $(STAMP)  ## kör lintern och formatkontrollen (ruff, inställd i pyproject.toml) och hela testsviten
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

bench: $(STAMP)  ## mät byggtiden och PDF-tiden (se bench/)
	$(BIN)/python bench/bench_build.py
	$(BIN)/python bench/bench_batch.py
	$(BIN)/python bench/bench_pdf.py
	$(BIN)/python bench/bench_charts.py
	$(BIN)/python bench/bench_html.py

guidebilder: $(STAMP)  ## bilderna i docs/ny-organisation.md, ur byggda PDF:er (kräver LibreOffice och poppler-utils)
	$(BIN)/python tools/guidebilder.py

clean:  ## töm build/
	rm -rf build/*

distclean: clean
	rm -rf $(VENV)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)
