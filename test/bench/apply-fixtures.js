/**
 * Inputs for the apply benchmark: a one-rule policy under which every record is due and
 * deletable unattended, an inventory of such records, and the file tree they point at
 * (ROOT/<subject>/<id>.pdf, FILES_PER_FOLDER files per subject folder).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FILES_PER_FOLDER = 100;
export const TARGET = 'casefiles';

export const APPLY_POLICY = `version: 1
organisation: Retention benchmark
timezone: Europe/London
rules:
  - id: bench-docs
    match: { category: doc }
    basis: contract
    approval: automatic
    retain: { from: ended, for: P1Y }
`;

/** Ended in 2015-2019; with --as-of 2025-01-01 every record is past its year. */
const endedDate = (i) => `201${5 + (i % 5)}-0${1 + (i % 9)}-1${i % 10}`;

/** The i-th record (0-based): its id, subject and ref relative to the target's root. */
export function benchRecord(i) {
  const id = `D-${String(i).padStart(8, '0')}`;
  const subject = `S-${String(Math.floor(i / FILES_PER_FOLDER)).padStart(6, '0')}`;
  return { id, subject, ref: `${subject}/${id}.pdf` };
}

/** Writes a CSV inventory of `count` due records of category `doc` on the files target. */
export function writeDueInventory(file, count) {
  const lines = ['id,subject,category,created,location,ended'];
  for (let i = 0; i < count; i++) {
    const { id, subject, ref } = benchRecord(i);
    lines.push(`${id},${subject},doc,2012-01-01,${TARGET}:${ref},${endedDate(i)}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** The config `apply` reads from its working directory; no limits, so the whole plan runs. */
export function applyConfig({ policy, store, root }) {
  return `policy: ${policy}\nstore: ${store}\ntargets:\n  ${TARGET}: { type: files, root: ${root} }\n`;
}

const CONTENT = Buffer.alloc(512, 'x');

/** Creates the `count` files of writeDueInventory's records under `root`. */
export function buildTree(root, count) {
  for (let i = 0; i < count; i++) {
    const { subject, ref } = benchRecord(i);
    if (i % FILES_PER_FOLDER === 0) mkdirSync(join(root, subject), { recursive: true });
    writeFileSync(join(root, ref), CONTENT);
  }
}

/** Regular files left anywhere under `root` (0 once everything was deleted). */
export function countFiles(root) {
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
}
