import { parseDocument, LineCounter } from 'yaml';
const n = Number(process.argv[2] ?? 5000);
let text = 'files:\n';
for (let i = 0; i < n; i++) text += `  f${i}.pdf: { created: 2014-03-01 }\n`;
for (const uk of [true, false]) for (const schema of ['core', 'failsafe']) {
let t = Date.now();
const d = parseDocument(text, { lineCounter: new LineCounter(), uniqueKeys: uk, schema });
console.log(uk, schema, 'parseDocument', Date.now() - t);
t = Date.now(); d.toJS(); console.log('toJS', Date.now() - t);
}
