"""SPARQL: text (binding, the guard), terms (names and dates), named queries, and their results."""
