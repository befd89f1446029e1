/**
 * The PostgreSQL store (DESIGN §10): the same contract as the SQLite store over one connection
 * to a server that several hosts share. Each area of the store lives in its own module; this
 * class wires them. Every write takes the store's write lock in its transaction
 * (postgres-session.ts), so the hosts' writes, and the audit chain, are one sequence.
 */
import type { AuditDetail, AuditDraft, AuditEntry } from '../audit-entry.js';
import type { Hold, HoldScope, RecordFacts, Tombstone } from '../engine/types.js';
import { auditColumns, type AuditContext, type InRun } from './audit-context.js';
import { PgAuditLog } from './postgres-audit.js';
import { PgEvents } from './postgres-events.js';
import { PgHolds } from './postgres-holds.js';
import { PgInventory } from './postgres-inventory.js';
import { PgJournal } from './postgres-journal.js';
import { PgPlans } from './postgres-plans.js';
import { PgRunLock } from './postgres-run-lock.js';
import type { PgSession } from './postgres-session.js';
import { copyInto, copyOutOf } from './postgres-store-copy.js';
import { compareWithLog } from './log-view.js';
import {
  compareRecordsWithLog,
  deletionEntry,
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
import { PgPolicyVersions } from './postgres-policy-versions.js';
import type * as T from './types.js';

export class PostgresStore implements T.Store {
  private readonly audit: PgAuditLog;
  private readonly inventory: PgInventory;
  private readonly events: PgEvents;
  private readonly holds: PgHolds;
  private readonly journal: PgJournal;
  private readonly plans: PgPlans;
  private readonly runLock: PgRunLock;
  private readonly policyVersions: PgPolicyVersions;

  private constructor(
    private readonly session: PgSession,
    private readonly id: string,
    now: () => Date,
  ) {
    this.audit = new PgAuditLog(session, now);
    this.events = new PgEvents(session, this.audit, now);
    this.inventory = new PgInventory(session, this.audit, this.events, now);
    this.holds = new PgHolds(session, this.audit, now);
    this.journal = new PgJournal(session, this.audit, this.inventory, now);
    this.plans = new PgPlans(session, this.audit, now, id);
    this.runLock = new PgRunLock(session, id);
    this.policyVersions = new PgPolicyVersions(session, now);
  }

  /** The store over `session`, which is connected to a store of the current schema. */
  static async over(session: PgSession, now: () => Date): Promise<PostgresStore> {
    const { rows } = await session.use((sql) => sql.query<{ value: string }>("SELECT value FROM meta WHERE key = 'store_id'"));
    return new PostgresStore(session, rows[0]?.value ?? '', now);
  }

  importRecords(records: T.ImportSource, by: AuditContext, options: T.ImportOptions = {}): Promise<T.ImportCounts> {
    return this.inventory.importRecords(records, by, options);
  }
  streamFacts(batchSize?: number): AsyncIterable<RecordFacts[]> {
    return this.inventory.streamFacts(batchSize);
  }
  liveRecordCount(): Promise<number> {
    return this.inventory.liveRecordCount();
  }
  getFacts(id: string): Promise<RecordFacts | null> {
    return this.inventory.getFacts(id);
  }
  getTombstone(id: string): Promise<Tombstone | null> {
    return this.inventory.getTombstone(id);
  }
  tombstones(batchSize = 1000): AsyncIterable<T.TombstoneLocation[]> {
    return this.inventory.tombstones(batchSize);
  }
  deletedFacts(ids: readonly string[]): Promise<RecordFacts[]> {
    return this.inventory.deletedFacts(ids);
  }
  listedAfterDeletion(): Promise<T.ListedAfterDeletion[]> {
    return this.inventory.listedAfterDeletion();
  }
  noLongerListed(): Promise<T.NoLongerListed[]> {
    return this.inventory.noLongerListed();
  }
  forgetRecord(id: string, reason: string, by: AuditContext): Promise<T.ForgottenRecord> {
    return this.inventory.forget(id, reason, by, (sql) => this.holds.activeIn(sql));
  }
  markReappeared(items: readonly T.FoundBack[], by: AuditContext): Promise<void> {
    return this.inventory.markReappeared(items, by);
  }
  countRecordsInScope(scope: HoldScope, ref: string): Promise<number> {
    return this.inventory.countInScope(scope, ref);
  }

  addEvent(event: T.EventInput, by: AuditContext): Promise<T.RecordedEvent> {
    return this.events.add(event, by);
  }
  listEvents(filter?: T.EventFilter): Promise<T.RecordedEvent[]> {
    return this.events.list(filter);
  }
  removeEvent(id: string, reason: string, by: AuditContext): Promise<T.RecordedEvent> {
    return this.events.remove(id, reason, by);
  }

  addHold(hold: T.HoldInput, by: AuditContext): Promise<Hold> {
    return this.holds.add(hold, by);
  }
  releaseHold(id: string, reason: string, by: AuditContext): Promise<Hold> {
    return this.holds.release(id, reason, by);
  }
  listHolds(options: { includeReleased?: boolean } = {}): Promise<T.HoldRow[]> {
    return this.holds.list(options.includeReleased ?? false);
  }
  activeHolds(): Promise<Hold[]> {
    return this.holds.active();
  }

  /** One advisory lock per target of the scope: runs over other targets go on meanwhile. */
  /** Nothing to free by hand: the server frees a run's session locks when its session ends (DESIGN §10). */
  async unlockRun(run: string): Promise<T.UnlockOutcome> {
    return { outcome: 'session-lock', serverPid: await this.runLock.sessionOf(run) };
  }

  acquireRunLock(run: string, scope: T.LockScope): Promise<T.RunLockAttempt> {
    return this.runLock.acquire(run, scope);
  }

  startRun(run: T.RunStart, by: InRun): Promise<void> {
    return this.journal.startRun(run, by);
  }
  endRun(run: string, status: T.RunStatus, summary: T.RunSummary): Promise<void> {
    return this.journal.endRun(run, status, summary);
  }
  recordIntents(items: readonly T.IntentInput[], by: InRun, recheck?: T.IntentRecheck): Promise<T.IntentInput[]> {
    return this.journal.recordIntents(items, by, recheck);
  }
  recordOutcomes(items: readonly T.OutcomeInput[], by: InRun): Promise<void> {
    return this.journal.recordOutcomes(items, by);
  }
  unsettledIntents(): Promise<T.UnsettledIntent[]> {
    return this.journal.unsettledIntents();
  }
  recordConfirmation(confirmation: T.ConfirmationInput, by: AuditContext): Promise<void> {
    return this.journal.recordConfirmation(confirmation, by);
  }

  appendAudit(drafts: readonly AuditDraft[]): Promise<AuditEntry[]> {
    return this.session.write((sql) => this.audit.appendInTx(sql, drafts));
  }
  appendPolicyWarnings(detail: AuditDetail, by: AuditContext & { readonly policySha256: string }): Promise<boolean> {
    return this.session.write(async (sql) => {
      if (await this.audit.hasPolicyWarnings(sql, by.policySha256)) return false;
      await this.audit.appendInTx(sql, [{ ...auditColumns(by), action: 'policy-warnings', detail }]);
      return true;
    });
  }
  auditEntries(filter?: T.AuditFilter): AsyncIterable<AuditEntry> {
    return this.audit.entries(filter);
  }
  auditLinks(): AsyncIterable<T.AuditLink[]> {
    return this.audit.links();
  }

  auditHead(): Promise<T.AuditHead | null> {
    return this.audit.head();
  }
  integrityCheck(): Promise<string[]> {
    return this.audit.integrityCheck();
  }
  roleWarnings(): Promise<string[]> {
    return this.audit.roleWarnings();
  }
  tablesAgainstLog(read?: T.DeletionsRead): Promise<T.LogMismatch[]> {
    return this.session.snapshot(() => this.tablesAgainstLogNow(read));
  }

  private async tablesAgainstLogNow(read?: T.DeletionsRead): Promise<T.LogMismatch[]> {
    const deletions = deletionEntriesQuery(read, '$1');
    const holds = await this.holds.tableAndLog();
    const approvals = await this.plans.tableAndLog();
    const records = await this.session.use(async (sql) => ({
      eventEntries: (await sql.query<RecordEntryRow>(EVENT_ENTRIES_SQL)).rows.map(recordEntry),
      eventRows: (await sql.query<EventTableRow>(EVENT_ROWS_SQL)).rows,
      deletionEntries: allDeletionEntries(
        read,
        (await sql.query<{ seq: string; action: string; record: string | null }>(deletions.sql, deletions.params)).rows.map(deletionEntry),
      ),
      tombstonedRows: (await sql.query<TombstonedRow>(TOMBSTONED_ROWS_SQL)).rows,
    }));
    return [
      ...compareWithLog({
        holdEntries: holds.entries,
        holdRows: holds.rows,
        approveEntries: approvals.entries,
        approvalRows: approvals.rows,
      }),
      ...compareRecordsWithLog(records),
    ];
  }

  async storeId(): Promise<string> {
    return this.id;
  }
  savePlan(plan: T.SavedPlanInput): Promise<void> {
    return this.plans.save(plan);
  }
  getPlan(sha256: string): Promise<T.SavedPlan | null> {
    return this.plans.get(sha256);
  }
  approvePlan(approval: { planSha256: string; note?: string | null }, by: AuditContext): Promise<T.ApprovalResult> {
    return this.plans.approve(approval, by);
  }
  approvedPlans(): Promise<T.ApprovedPlan[]> {
    return this.plans.approvedPlans();
  }
  latestSavedPlan(): Promise<T.SavedPlan | null> {
    return this.plans.latest();
  }

  unloggedPolicyChange(sha256: string): Promise<T.UnloggedPolicyChange | null> {
    return this.policyVersions.unloggedChange(sha256);
  }
  keepPolicyText(sha256: string, text: string): Promise<void> {
    return this.policyVersions.keepText(sha256, text);
  }

  copyOut(): AsyncIterable<T.RowBatch> {
    return copyOutOf(this.session);
  }
  copyIn(batches: AsyncIterable<T.RowBatch>): Promise<T.CopyCounts> {
    return copyInto(this.session, batches);
  }

  close(): Promise<void> {
    return this.session.close();
  }
}
