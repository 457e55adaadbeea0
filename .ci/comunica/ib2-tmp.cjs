const { QueryEngine } = require('@comunica/query-sparql-file');
const { RdfStore } = require('rdf-stores');
const { StreamParser } = require('n3');
const fs = require('fs');
(async () => {
  const [file, ...qfiles] = process.argv.slice(2);
  let t = Date.now();
  const store = RdfStore.createDefault();
  await new Promise((resolve, reject) => {
    fs.createReadStream(file).pipe(new StreamParser({ format: 'N-Quads' }))
      .on('data', (q) => store.addQuad(q)).on('end', resolve).on('error', reject);
  });
  console.log('loaded', store.size, (Date.now() - t) / 1000);
  const engine = new QueryEngine();
  for (const qf of qfiles) {
    const q = fs.readFileSync(qf, 'utf8');
    t = Date.now();
    const bs = await (await engine.queryBindings(q, { sources: [store], unionDefaultGraph: true })).toArray();
    console.log(qf, bs.length, (Date.now() - t) / 1000);
  }
})();
