#!/usr/bin/env node
/**
 * Seeded generator of large inventories for the benchmark and for trying the tool at scale.
 * The categories, events and flags come from the policy itself, so every rule is exercised.
 *
 *   node test/bench/generate-inventory.js POLICY.yaml COUNT OUT.csv [SEED]
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { parse } from 'yaml';

/** mulberry32: tiny, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * What a policy needs from an inventory: its categories, its flags, and the events its rules
 * read, each with how often it is filled in. Trigger events are common (60%), review events
 * less so (30%), and events that erase (withdrawn consent, erasure requests) are rare (1%),
 * as in a real organisation's records.
 */
export function vocabulary(policyText) {
  const policy = parse(policyText);
  const categories = new Set(['unclassified']);
  const events = new Map();
  const flags = new Set();
  const note = (event, rate) => events.set(event, Math.max(events.get(event) ?? 0, rate));
  for (const rule of policy.rules) {
    for (const c of [].concat(rule.match.category)) categories.add(c);
    for (const e of rule.erase_on ?? []) note(e, 0.01);
    for (const e of rule.review?.from ?? []) note(e, 0.3);
    if (typeof rule.retain === 'object') note(rule.retain.from ?? rule.retain.until, 0.6);
    for (const f of rule.hold_while ?? []) flags.add(f);
  }
  return { categories: [...categories], events: [...events.keys()], fillRates: [...events.values()], flags: [...flags] };
}

const DAY = 86_400_000;
const START = Date.UTC(2010, 0, 1);
const SPAN_DAYS = 16 * 365;
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

/** Writes COUNT rows (event cells filled at the rates above, 2% of flags set). Resolves when flushed. */
export async function generateInventory({ policyText, count, out, seed = 42, locationTarget = 'casefiles' }) {
  const random = seededRandom(seed);
  const { categories, events, fillRates, flags } = vocabulary(policyText);
  const stream = createWriteStream(out);
  stream.write(['id', 'subject', 'category', 'created', 'location', ...events, ...flags].join(',') + '\n');
  let chunk = '';
  for (let i = 1; i <= count; i++) {
    const created = START + Math.floor(random() * SPAN_DAYS) * DAY;
    const id = `R-${String(i).padStart(8, '0')}`;
    const subject = `S-${Math.floor(random() * (count / 5 + 1))}`;
    const category = categories[Math.floor(random() * categories.length)];
    const cells = [id, subject, category, isoDay(created), `${locationTarget}:${subject}/${id}.pdf`];
    for (let e = 0; e < events.length; e++) {
      cells.push(random() < fillRates[e] ? isoDay(created + Math.floor(random() * 8 * 365) * DAY) : '');
    }
    for (let f = 0; f < flags.length; f++) cells.push(random() < 0.02 ? 'true' : 'false');
    chunk += cells.join(',') + '\n';
    if (chunk.length > 1 << 20) {
      if (!stream.write(chunk)) await once(stream, 'drain');
      chunk = '';
    }
  }
  stream.end(chunk);
  await once(stream, 'finish');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [policyFile, count, out, seed] = process.argv.slice(2);
  if (!policyFile || !count || !out) {
    console.error('usage: generate-inventory.js POLICY.yaml COUNT OUT.csv [SEED]');
    process.exit(2);
  }
  await generateInventory({ policyText: readFileSync(policyFile, 'utf8'), count: Number(count), out, seed: Number(seed ?? 42) });
}
