"""Stage 4–5, word: the .docx, rendered from the template and written.

environment/filters/limits/compiled (the sandboxed jinja environment and the template's
preparation), render, tables/figures/charts/markdown (what the engine writes into the document),
styles/namedstyles/repair (the template's styles), pagination/widths/textwidth/sections/
pagenumbers (pages by rule), typography/markers/accessibility (checks of the built text),
write (finish and write atomically), readback (a built .docx read back as text).
"""
