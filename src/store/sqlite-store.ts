/**
 * The SQLite store: one file, WAL, every write in a BEGIN IMMEDIATE transaction that also
 * appends its audit entries. better-sqlite3 is synchronous; the async interface is for the
 * stores that will not be. Each area of the store lives in its own module; this class wires them.
 */
import type Database from 'better-sqlite3';
import type { AuditDetail, AuditDraft, AuditEntry } from '../audit-entry.js';
import type { Hold, HoldScope, RecordFacts, Tombstone } from '../engine/types.js';
import { auditColumns, type AuditContext, type InRun } from './audit-context.js';
import { APPEND_ONLY_TRIGGERS } from './migrations.js';
import { withStoreErrors } from './guarded-store.js';
import { closeDatabase, openStoreDatabase } from './sqlite-open.js';
import { storeError } from './sqlite-errors.js';
import { widePermissionsWarning } from './store-file.js';
import { SqliteAuditLog } from './sqlite-audit.js';
import { SqliteEvents } from './sqlite-events.js';
import { SqliteHolds } from './sqlite-holds.js';
import { SqliteInventory } from './sqlite-inventory.js';
import { SqliteJournal } from './sqlite-journal.js';
import { SqliteLease } from './sqlite-lease.js';
import { SqlitePlans } from './sqlite-plans.js';
import { SqlitePolicyVersions } from './sqlite-policy-versions.js';
import { SqliteRuns } from './sqlite-runs.js';
import { compareWithLog } from './log-view.js';
import {
  compareRecordsWithLog,
  allDeletionEntries,
  deletionEntriesQuery,
  EVENT_ENTRIES_SQL,
  EVENT_ROWS_SQL,
  recordEntry,
  TOMBSTONED_ROWS_SQL,
  type EventTableRow,
  type RecordEntryRow,
  type TombstonedRow,
} from './log-view-records.js';
import { copyInto, copyOutOf } from './sqlite-store-copy.js';
import { integrityCheckMessages } from './sqlite-integrity.js';
import type * as T from './types.js';

/**
 * Opens the existing store at `file`: read-only for `access: 'read'`, else read-write and
 * migrated to the current schema. Nothing but a store is ever opened (no folder, device,
 * empty file or another application's database), and nothing is ever created here: a new
 * store is made by createStore. SQLite's errors, now and later, name the file (sqlite-errors.ts).
 */
export async function openStore(file: string, options: T.OpenStoreOptions): Promise<T.Store> {
  const db = openStoreDatabase(file, options.access);
  let store: SqliteStore;
  try {
    store = new SqliteStore(db, options.now ?? (() => new Date()));
  } catch (error) {
    closeDatabase(db);
    throw storeError(error, file);
  }
  const warning = options.onWarning && widePermissionsWarning(file);
  if (warning) options.onWarning?.(warning);
  return withStoreErrors(store, (error) => storeError(error, file));
}

/** The store over one open connection; its methods' SQLite errors are translated by withStoreErrors. */
export class SqliteStore implements T.Store {
  private readonly audit: SqliteAuditLog;
  private readonly inventory: SqliteInventory;
  private readonly events: SqliteEvents;
  private readonly holds: SqliteHolds;
  private readonly runs: SqliteRuns;
  private readonly lease: SqliteLease;
  private readonly journal: SqliteJournal;
  private readonly plans: SqlitePlans;
  private readonly policyVersions: SqlitePolicyVersions;
  private readonly id: string;

  /** `newStoreFile`: the private file of a store being made (sqlite-create.ts), which its first import may fill faster. */
  constructor(
    private readonly db: Database.Database,
    now: () => Date,
    newStoreFile: string | null = null,
  ) {
    this.id = db.prepare<[], string>("SELECT value FROM meta WHERE key = 'store_id'").pluck().get() ?? '';
    this.audit = new SqliteAuditLog(db, now);
    this.events = new SqliteEvents(db, this.audit, now);
    this.inventory = new SqliteInventory(db, this.audit, this.events, now, newStoreFile);
    this.holds = new SqliteHolds(db, this.audit, now);
    this.runs = new SqliteRuns(db, this.audit, now);
    this.lease = new SqliteLease(db, now);
    this.journal = new SqliteJournal(db, this.audit, now, {
      factsAmong: (ids) => this.inventory.decidedFactsAmong(ids),
      activeHolds: () => this.holds.active(),
    });
    this.plans = new SqlitePlans(db, this.audit, now, this.id);
    this.policyVersions = new SqlitePolicyVersions(db, now);
  }

  async importRecords(records: T.ImportSource, by: AuditContext, options: T.ImportOptions = {}): Promise<T.ImportCounts> {
    return this.inventory.importRecords(records, by, options);
  }
  streamFacts(batchSize?: number): AsyncIterable<RecordFacts[]> {
    return this.inventory.streamFacts(batchSize);
  }
  async liveRecordCount(): Promise<number> {
    return this.inventory.liveRecordCount();
  }
  async getFacts(id: string): Promise<RecordFacts | null> {
    return this.inventory.getFacts(id);
  }
  async getTombstone(id: string): Promise<Tombstone | null> {
    return this.inventory.getTombstone(id);
  }
  tombstones(batchSize = 1000): AsyncIterable<T.TombstoneLocation[]> {
    return this.inventory.tombstones(batchSize);
  }
  async deletedFacts(ids: readonly string[]): Promise<RecordFacts[]> {
    return this.inventory.deletedFacts(ids);
  }
  async listedAfterDeletion(): Promise<T.ListedAfterDeletion[]> {
    return this.inventory.listedAfterDeletion();
  }
  async noLongerListed(): Promise<T.NoLongerListed[]> {
    return this.inventory.noLongerListed();
  }
  async forgetRecord(id: string, reason: string, by: AuditContext): Promise<T.ForgottenRecord> {
    return this.inventory.forget(id, reason, by, () => this.holds.active());
  }
  async markReappeared(items: readonly T.FoundBack[], by: AuditContext): Promise<void> {
    this.inventory.markReappeared(items, by);
  }
  async countRecordsInScope(scope: HoldScope, ref: string): Promise<number> {
    return this.inventory.countInScope(scope, ref);
  }

  async addEvent(event: T.EventInput, by: AuditContext): Promise<T.RecordedEvent> {
    return this.events.add(event, by);
  }
  async listEvents(filter?: T.EventFilter): Promise<T.RecordedEvent[]> {
    return this.events.list(filter);
  }
  async removeEvent(id: string, reason: string, by: AuditContext): Promise<T.RecordedEvent> {
    return this.events.remove(id, reason, by);
  }

  async addHold(hold: T.HoldInput, by: AuditContext): Promise<Hold> {
    return this.holds.add(hold, by);
  }
  async releaseHold(id: string, reason: string, by: AuditContext): Promise<Hold> {
    return this.holds.release(id, reason, by);
  }
  async listHolds(options: { includeReleased?: boolean } = {}): Promise<T.HoldRow[]> {
    return this.holds.list(options.includeReleased ?? false);
  }
  async activeHolds(): Promise<Hold[]> {
    return this.holds.active();
  }

  /** One lease for the whole store: a run over any targets excludes every other run, over all the targets it asked for. */
  async acquireRunLock(run: string, scope: T.LockScope): Promise<T.RunLockAttempt> {
    const result = this.lease.take(run);
    if (!result.acquired) return { ...result, targets: scope.targets };
    return { acquired: true, tookOverFrom: result.tookOverFrom, release: async () => this.lease.release(run) };
  }

  async unlockRun(run: string, by: AuditContext, options: { readonly force: boolean }): Promise<T.UnlockOutcome> {
    return this.db
      .transaction(() => {
        const result = this.lease.unlockInTx(run, options.force);
        if (result.outcome === 'released') {
          const { pid, host, acquiredAt } = result.holder;
          this.audit.appendInTx([
            {
              ...auditColumns(by),
              action: 'unlock',
              run,
              detail: { pid, host, since: acquiredAt, holderAlive: result.holderAlive, pidReused: result.pidReused, forced: options.force },
            },
          ]);
        }
        return result;
      })
      .immediate();
  }

  async startRun(run: T.RunStart, by: InRun): Promise<void> {
    this.runs.startRun(run, by);
  }
  async endRun(run: string, status: T.RunStatus, summary: T.RunSummary): Promise<void> {
    this.runs.endRun(run, status, summary);
  }
  async recordIntents(items: readonly T.IntentInput[], by: InRun, recheck?: T.IntentRecheck): Promise<T.IntentInput[]> {
    return this.journal.recordIntents(items, by, recheck);
  }
  async recordOutcomes(items: readonly T.OutcomeInput[], by: InRun): Promise<void> {
    this.journal.recordOutcomes(items, by);
  }
  async unsettledIntents(): Promise<T.UnsettledIntent[]> {
    return this.journal.unsettledIntents();
  }
  async recordConfirmation(confirmation: T.ConfirmationInput, by: AuditContext): Promise<void> {
    this.journal.recordConfirmation(confirmation, by);
  }

  async appendAudit(drafts: readonly AuditDraft[]): Promise<AuditEntry[]> {
    return this.db.transaction(() => this.audit.appendInTx(drafts)).immediate();
  }
  async appendPolicyWarnings(detail: AuditDetail, by: AuditContext & { readonly policySha256: string }): Promise<boolean> {
    return this.db
      .transaction(() => {
        if (this.audit.hasPolicyWarnings(by.policySha256)) return false;
        this.audit.appendInTx([{ ...auditColumns(by), action: 'policy-warnings', detail }]);
        return true;
      })
      .immediate();
  }
  auditEntries(filter?: T.AuditFilter): AsyncIterable<AuditEntry> {
    return this.audit.entries(filter);
  }
  auditLinks(): AsyncIterable<T.AuditLink[]> {
    return this.audit.links();
  }

  async auditHead(): Promise<T.AuditHead | null> {
    return this.audit.head();
  }
  async integrityCheck(): Promise<string[]> {
    const messages = await integrityCheckMessages(this.db);
    const problems = messages.length === 1 && messages[0] === 'ok' ? [] : messages;
    // A log whose append-only triggers were dropped may have been edited in place.
    const guards = this.db
      .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'")
      .pluck()
      .all();
    for (const name of APPEND_ONLY_TRIGGERS)
      if (!guards.includes(name)) problems.push(`the audit log's append-only trigger ${name} is missing`);
    return problems;
  }
  /** A SQLite file has no roles: who may change it is the file's permissions' business. */
  async roleWarnings(): Promise<string[]> {
    return [];
  }

  async tablesAgainstLog(read?: T.DeletionsRead): Promise<T.LogMismatch[]> {
    const deletions = deletionEntriesQuery(read, '?');
    // One read transaction: the tables and the log as of one moment.
    return this.db
      .transaction(() => {
        const entries = (sql: string) => this.db.prepare<[], RecordEntryRow>(sql).all().map(recordEntry);
        return [
          ...compareWithLog({
            holdEntries: this.holds.entries(),
            holdRows: this.holds.tableRows(),
            approveEntries: this.plans.entries(),
            approvalRows: this.plans.approvalRows(),
          }),
          ...compareRecordsWithLog({
            eventEntries: entries(EVENT_ENTRIES_SQL),
            eventRows: this.db.prepare<[], EventTableRow>(EVENT_ROWS_SQL).all(),
            deletionEntries: allDeletionEntries(read, this.db.prepare<number[], T.DeletionEntry>(deletions.sql).all(...deletions.params)),
            tombstonedRows: this.db.prepare<[], TombstonedRow>(TOMBSTONED_ROWS_SQL).all(),
          }),
        ];
      })
      .deferred();
  }

  async storeId(): Promise<string> {
    return this.id;
  }
  async savePlan(plan: T.SavedPlanInput): Promise<void> {
    this.plans.save(plan);
  }
  async getPlan(sha256: string): Promise<T.SavedPlan | null> {
    return this.plans.get(sha256);
  }
  async latestSavedPlan(): Promise<T.SavedPlan | null> {
    return this.plans.latest();
  }
  async approvePlan(approval: { planSha256: string; note?: string | null }, by: AuditContext): Promise<T.ApprovalResult> {
    return this.plans.approve(approval, by);
  }
  async approvedPlans(): Promise<T.ApprovedPlan[]> {
    return this.plans.approvedPlans();
  }

  async unloggedPolicyChange(sha256: string): Promise<T.UnloggedPolicyChange | null> {
    return this.policyVersions.unloggedChange(sha256);
  }
  async keepPolicyText(sha256: string, text: string): Promise<void> {
    this.policyVersions.keepText(sha256, text);
  }

  copyOut(): AsyncIterable<T.RowBatch> {
    return copyOutOf(this.db);
  }
  async copyIn(batches: AsyncIterable<T.RowBatch>): Promise<T.CopyCounts> {
    return copyInto(this.db, batches, this.db.name);
  }

  async close(): Promise<void> {
    closeDatabase(this.db);
  }
}
