// Comunica for tests/test_engines.py: runs SPARQL SELECT queries over local RDF files, with the default graph
// the union of the named graphs (as armskg reads it), without opening any port. Reads one JSON object per
// line on standard input, {"query": "..."}, and writes one line per query on standard output: the SPARQL 1.1
// Query Results JSON, or {"error": "..."}. The files are parsed once, on the first query.
// Usage: node run-queries.cjs FILE [FILE ...]
'use strict';
const readline = require('node:readline');
const { QueryEngine } = require('@comunica/query-sparql-file');

async function main() {
  const sources = process.argv.slice(2);
  const engine = new QueryEngine();
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let answer;
    try {
      const { query } = JSON.parse(line);
      const result = await engine.query(query, { sources, unionDefaultGraph: true });
      const { data } = await engine.resultToString(result, 'application/sparql-results+json');
      let text = '';
      for await (const chunk of data) text += chunk;
      answer = JSON.stringify(JSON.parse(text));
    } catch (error) {
      answer = JSON.stringify({ error: String((error && error.message) || error).split('\n')[0] });
    }
    process.stdout.write(answer + '\n');
  }
}

main().catch((error) => { process.stderr.write(String(error) + '\n'); process.exit(1); });
