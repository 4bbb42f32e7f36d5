"""Stage 1–2, sources: what editors write in sources/, read with its lines and checked.

load (YAML with the line of every value), records (declarative records with Swedish keys and
English names), schema (the source vocabulary, one module per section of docs/kallformat.md), validate, references (between documents),
vocabulary (an organisation's benämningar), tabular/workbook/kolada (rows from CSV, Excel and
Kolada), versions (sources as they were in git), archives (zip files checked before unpacking),
jsonschema (the editors' JSON Schema, generated from schema).
"""
