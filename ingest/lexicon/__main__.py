"""`python -m ingest.lexicon`: print the tables of docs/facts.md that the lexicon documents."""
from ingest.lexicon import DOCUMENTED_FAMILIES, docs_table

for family in DOCUMENTED_FAMILIES:
    print(f"{family}:\n{docs_table(family)}\n")
