/**
 * The audit log's entry format and its hash chain (DESIGN §7). Pure: no store, no clock.
 * Anyone can re-check a chain with SHA-256 and any RFC 8785 (JCS) implementation.
 */
import { sha256Hex } from './sha256.js';
import { NEEDS_JSON_ESCAPE } from './json-escape.js';
import { createRequire } from 'node:module';

// `canonicalize` is CommonJS but declares an ESM default export, which NodeNext types as a
// namespace; requiring it gives the function itself in Node and in vitest alike.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (input: unknown) => string | undefined;

/** Every action the log knows. Callers use these names; nothing else is ever written. */
export const AUDIT_ACTIONS = [
  'import',
  'event',
  'event-remove',
  'hold',
  'hold-release',
  'run-start',
  'run-end',
  'intent',
  'deleted',
  'failed',
  'confirm',
  'approve',
  'erasure-completed',
  'reappeared',
  'policy-warnings',
  'unlock',
  'forget',
  'policy-changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
const KNOWN_ACTIONS: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

/**
 * The actions that decide a record's deleted or forgotten state, whose entries the records
 * table is checked against (log-view-records.ts); in the order of the partial index audit_deletions.
 */
export const DELETION_ACTIONS = ['deleted', 'confirm', 'reappeared', 'forget'] as const satisfies readonly AuditAction[];
const DELETION_ACTION_SET: ReadonlySet<string> = new Set(DELETION_ACTIONS);

/** Whether an entry of this action is a deletion entry (DELETION_ACTIONS). */
export function isDeletionAction(action: string): boolean {
  return DELETION_ACTION_SET.has(action);
}

/** Scalars only (integers, no floats), so that every JCS implementation agrees on the bytes. */
export type AuditScalar = string | number | boolean | null;
export type AuditDetail = Record<string, AuditScalar | Record<string, AuditScalar>>;

export interface AuditEntry {
  seq: number;
  /** UTC ISO 8601 with milliseconds. */
  at: string;
  actor: string;
  /** One of AUDIT_ACTIONS when the tool wrote it; text read back from a store is not trusted to be. */
  action: string;
  run: string | null;
  record: string | null;
  subject: string | null;
  category: string | null;
  rule: string | null;
  policySha256: string | null;
  detail: AuditDetail | null;
  /** The previous entry's hash; GENESIS_PREV for the first entry. */
  prev: string;
  hash: string;
}

/**
 * An entry as the chain check needs it: its seq, its links, and `contentHash`, its content's
 * hash recomputed (hashEntry of the entry without its `hash`). A store computes it from the
 * stored row for `audit verify`, without building the entry.
 */
export interface ChainLink {
  readonly seq: number;
  readonly prev: string;
  readonly hash: string;
  readonly contentHash: string;
}

/** What a caller supplies; the store fills in seq, at, prev and hash. */
export interface AuditDraft {
  actor: string;
  action: AuditAction;
  run?: string | null;
  record?: string | null;
  subject?: string | null;
  category?: string | null;
  rule?: string | null;
  policySha256?: string | null;
  detail?: AuditDetail | null;
}

/** `prev` of the first entry. */
export const GENESIS_PREV = '0'.repeat(64);

/** Lowercase hex SHA-256 of the UTF-8 bytes of the JCS canonical JSON of the entry without `hash`. */
export function hashEntry(entry: Omit<AuditEntry, 'hash'> & { hash?: string }): string {
  // An entry read back (a store's, an export's) still carries `hash`: it must never hash itself.
  if (hasOnlyMembers(entry, 'hash')) return sha256Hex(entryMembersJson(entry));
  const { hash: _ignored, ...rest } = entry;
  return sha256Hex(canonicalEntryJson(rest));
}

/** RFC 8785 canonical JSON text of a value made of JSON data. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('cannot canonicalize an undefined value (this is a bug)');
  return text;
}

/** The members of an entry without `hash`, in the order JCS writes them (the library's own sort, done once). */
const ENTRY_MEMBERS: readonly (keyof Omit<AuditEntry, 'hash'>)[] = Object.freeze(
  (['seq', 'at', 'actor', 'action', 'run', 'record', 'subject', 'category', 'rule', 'policySha256', 'detail', 'prev'] as const)
    .slice()
    .sort(),
);
const MEMBER_PREFIXES: readonly string[] = ENTRY_MEMBERS.map((member, i) => `${i === 0 ? '{' : ','}${JSON.stringify(member)}:`);

/**
 * canonicalJson(entry), without sorting the twelve members of every entry of a million-entry
 * log: for an object with exactly the members of an entry, each present, the text is the
 * members in their sorted order, a string written by JSON.stringify (what the library does for
 * one) and anything else by the library. Any other object (a member missing or extra, as in
 * a tampered export) goes to the library whole. A property test holds the two equal.
 */
export function canonicalEntryJson(entry: object): string {
  return hasEntryMembersOnly(entry) ? entryMembersJson(entry) : canonicalJson(entry);
}

function entryMembersJson(entry: Omit<AuditEntry, 'hash'>): string {
  let text = '';
  for (let i = 0; i < ENTRY_MEMBERS.length; i++) text += MEMBER_PREFIXES[i]! + canonicalMember(entry[ENTRY_MEMBERS[i]!]);
  return `${text}}`;
}

/**
 * What the library writes for one member of an entry: a scalar is JSON.stringify's text (the
 * library's own call for one), a plain object its members with their names sorted (the
 * library's sort and the same per-member rule, without its reduce over template strings), and
 * anything else goes to the library.
 */
function canonicalMember(value: unknown): string {
  if (isPlainScalar(value)) return scalarJson(value);
  if (typeof value !== 'object' || value === null || Array.isArray(value) || 'toJSON' in value) return canonicalJson(value);
  const members = value as Record<string, unknown>;
  const keys = Object.keys(members).sort();
  let text = '';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const member = members[key];
    if (member === undefined || typeof member === 'symbol') continue;
    text += `${text === '' ? '' : ','}${stringJson(key)}:${isPlainScalar(member) ? scalarJson(member) : canonicalJson(member)}`;
  }
  return `{${text}}`;
}

/** JSON.stringify's text of a plain scalar, without calling it for the common cases (an entry has a dozen). */
function scalarJson(value: string | number | boolean | null): string {
  if (typeof value === 'string') return stringJson(value);
  return value === null ? 'null' : String(value);
}

/** JSON.stringify(text): quoted as it is when nothing in it needs escaping. */
function stringJson(text: string): string {
  return NEEDS_JSON_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** A string, finite number, boolean or null: JSON.stringify writes it as the library does (NaN and infinities are the library's to refuse). */
function isPlainScalar(value: unknown): value is string | number | boolean | null {
  return typeof value === 'string' || value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function hasEntryMembersOnly(value: object): value is Omit<AuditEntry, 'hash'> {
  return hasOnlyMembers(value);
}

/** Whether `value` has exactly an entry's members (and `ignoring`, when it has it), own and defined. */
function hasOnlyMembers(value: object, ignoring?: string): boolean {
  // The library writes what toJSON returns instead of the object.
  if ('toJSON' in value) return false;
  let members = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) return false;
    if (key !== ignoring) members += 1;
  }
  if (members !== ENTRY_MEMBERS.length) return false;
  for (const member of ENTRY_MEMBERS) {
    // The library leaves out a member that is undefined; only the library writes such an object.
    if ((value as Record<string, unknown>)[member] === undefined) return false;
  }
  return true;
}

/**
 * SHA-256 (lowercase hex) of a record location, the only form in which a location or path
 * may enter the log: the log holds no personal data, and file names often are.
 */
export function hashLocation(location: string): string {
  return sha256Hex(location);
}

/**
 * Builds the next entry of a chain from a draft: missing members become null, `detail` is
 * checked to hold only what every JCS implementation serialises identically.
 */
export function sealEntry(draft: AuditDraft, seq: number, at: string, prev: string): AuditEntry {
  if (!KNOWN_ACTIONS.has(draft.action)) {
    throw new Error(`unknown audit action "${draft.action}" (this is a bug)`);
  }
  // Built whole with its hash member, then hashed without it: one object per entry, not a body and a copy.
  const entry: AuditEntry = {
    seq,
    at,
    actor: draft.actor,
    action: draft.action,
    run: draft.run ?? null,
    record: draft.record ?? null,
    subject: draft.subject ?? null,
    category: draft.category ?? null,
    rule: draft.rule ?? null,
    policySha256: draft.policySha256 ?? null,
    detail: draft.detail ? normaliseDetail(draft.detail) : null,
    prev,
    hash: '',
  };
  entry.hash = hashEntry(entry);
  return entry;
}

function normaliseDetail(detail: AuditDetail): AuditDetail {
  const out: AuditDetail = {};
  for (const key in detail) {
    if (!Object.hasOwn(detail, key)) continue;
    const value = detail[key];
    if (value !== null && typeof value === 'object') {
      const inner: Record<string, AuditScalar> = {};
      for (const k in value) if (Object.hasOwn(value, k)) inner[k] = normaliseScalar(`${key}.${k}`, value[k]);
      out[key] = inner;
    } else {
      out[key] = normaliseScalar(key, value);
    }
  }
  return out;
}

function normaliseScalar(key: string, value: unknown): AuditScalar {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  throw new Error(`audit detail "${key}" must be a string, integer, boolean or null (this is a bug)`);
}
