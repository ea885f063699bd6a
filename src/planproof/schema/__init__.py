"""The JSON Schemas of frontmatter: generated from `planproof.models`, applied to documents.

Generating (development; imports pydantic and fastjsonschema):
- `generate`: a kind's JSON Schema from its model;
- `compile_validators`: every built-in schema compiled into `planproof/_schema_validators.py`;
- `committed`: whether the committed files are current, and writing them;
- `__main__`: `python -m planproof.schema --write | --check`.

Applying (every run; cheap to import, jsonschema only when a document needs it):
- `locations`: the schemas' ids, folder and files;
- `validators`: built-in and custom schemas loaded, checked and turned into validators;
- `mappings`: data and schema walked together (which keys a mapping may have);
- `wording`: jsonschema's errors as PP201/PP202 findings in words;
- `frontmatter_check`: every PP2xx finding of one document, from one validation pass.
"""
