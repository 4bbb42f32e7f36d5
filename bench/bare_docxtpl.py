"""The reference for bench_build.py: a bare docxtpl render of docgen's template and context.

    python bench/bare_docxtpl.py TEMPLATE CONTEXT.pickle OUT.docx CHART_CACHE_FOLDER

Loads a context docgen prepared (pickled), renders the template with docxtpl in docgen's
jinja environment (its filters are the template's vocabulary) and saves the .docx. No
validation, no checks, no table of contents, no reproducible zip: the floor docgen is
measured against.
"""

import pickle
import sys
from pathlib import Path

from docxtpl import DocxTemplate

from docgen.word.charts import ChartCache
from docgen.word.environment import RenderState, make_environment

template, context_file, out, charts = sys.argv[1:5]
with open(context_file, "rb") as handle:
    context, computed = pickle.load(handle)
tpl = DocxTemplate(template)
state = RenderState(computed, chart_cache=ChartCache(Path(charts)), template=tpl)
tpl.render(context, jinja_env=make_environment(state), autoescape=True)
tpl.save(out)
