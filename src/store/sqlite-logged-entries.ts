/** Reads the few entries log-view.ts needs (holds, approvals) straight from the SQLite audit table. */
import type Database from 'better-sqlite3';
import { loggedEntry, type LoggedEntry, type LoggedEntryRow } from './log-view.js';

export function readLoggedEntries(statement: Database.Statement<[], LoggedEntryRow>): LoggedEntry[] {
  return statement.all().map(loggedEntry);
}
