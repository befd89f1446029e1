/** Reads the few entries log-view.ts needs (holds, approvals) straight from the SQLite audit table. */
import type Database from 'better-sqlite3';
import type { AuditEntry } from '../audit-entry.js';
import type { LoggedEntry } from './log-view.js';

export interface LoggedEntryRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  detail: string | null;
}

/** The entries of `statement`; a detail that is not a JSON object reads as none (the entry is then reported, never trusted). */
export function readLoggedEntries(statement: Database.Statement<[], LoggedEntryRow>): LoggedEntry[] {
  return statement.all().map((row) => ({ seq: row.seq, at: row.at, actor: row.actor, action: row.action, detail: parseDetail(row.detail) }));
}

function parseDetail(text: string | null): AuditEntry['detail'] {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as AuditEntry['detail']) : null;
  } catch {
    return null;
  }
}
