/**
 * The stable codes of what the tool refuses or cannot do, each with its kind (which fixes the
 * exit code, src/errors.ts) and what it means. Every error a person sees ends with its code in
 * brackets (`[plan.edited]`); scripts and tests rely on the codes, never on the wording. The
 * README's list of codes is checked against this table.
 *
 * Problems found in a file (a policy, config or inventory) have codes of their own, listed in
 * problem-codes.ts; the error that carries them has the file's code (`policy.invalid`, …).
 */

/**
 * - `usage`: the command line is wrong (a flag's value, a missing or conflicting flag, an id
 *   that names nothing);
 * - `input`: a file the user gave is wrong (policy, config, inventory, plan, head, store file);
 * - `refused`: what was asked would break a rule of the tool (an edited plan, a record that
 *   is not due); nothing was changed;
 * - `environment`: the machine is in the way (full disk, read-only or busy store);
 * - `store-damaged`: SQLite found the store file corrupt;
 * - `safety-limit`, `locked`: the run was refused before it began.
 */
export type ErrorKind = 'usage' | 'input' | 'refused' | 'environment' | 'store-damaged' | 'safety-limit' | 'locked';

interface CodeInfo {
  kind: ErrorKind;
  means: string;
}

export const ERROR_CODES = {
  'usage.bad-value': { kind: 'usage', means: 'a flag or argument has a value it does not take' },
  'usage.empty-value': { kind: 'usage', means: 'a flag was given an empty value' },
  'usage.missing-value': { kind: 'usage', means: 'a required flag (--by, --reason, --method) is missing or blank' },
  'usage.control-character': {
    kind: 'usage',
    means: 'a free-text flag (--by, --reason, --note, --method) holds a control character or a line break',
  },
  'usage.conflicting-flags': { kind: 'usage', means: 'flags that exclude each other were given together, or none of those needed' },
  'usage.no-policy': { kind: 'usage', means: 'no policy given: no --policy and no config naming one' },
  'usage.no-records': { kind: 'usage', means: 'no records given: no --inventory, no --db and no config' },
  'usage.no-config': { kind: 'usage', means: 'the command needs a config file and none was found' },
  'record.not-found': { kind: 'usage', means: 'no record with this id in the store or inventory' },
  'hold.not-found': { kind: 'usage', means: 'no hold with this id' },
  'event.not-found': { kind: 'usage', means: 'no recorded event with this id' },
  'event.bad-name': { kind: 'usage', means: 'an event name that is not a plain identifier' },
  'event.unknown-name': { kind: 'usage', means: 'an event that no rule uses and that is not well known (a typo?)' },
  'run.not-found': { kind: 'usage', means: 'no run with this id in the audit log' },
  'unlock.not-held': { kind: 'usage', means: 'unlock names a run that does not hold the lock' },
  'plan.not-found': { kind: 'usage', means: 'no saved plan with this SHA-256 in the store' },
  'confirm.unknown-method': { kind: 'usage', means: 'a destruction method the config does not list' },
  'store.missing': { kind: 'usage', means: "no store at the path given (--db, the config's store, or ./retention.db)" },
  'target.not-in-config': { kind: 'usage', means: 'apply --target names a target the config does not declare' },

  'policy.invalid': { kind: 'input', means: 'the policy has errors (each listed with its own code)' },
  'config.invalid': { kind: 'input', means: 'the config has errors (each listed with its own code)' },
  'inventory.invalid': { kind: 'input', means: 'the inventory cannot be read or has a bad record' },
  'events.invalid': { kind: 'input', means: 'the event file has bad rows (each listed with its own code); nothing was recorded' },
  'file.unreadable': { kind: 'input', means: 'a file named on the command line or in the config cannot be read' },
  'plan.invalid': { kind: 'input', means: 'the file is not a plan this tool wrote' },
  'head.invalid': { kind: 'input', means: 'the head file does not hold what "audit head" printed' },
  'target.unknown-type': { kind: 'input', means: 'a target of a type no module implements' },
  'store.not-a-store': { kind: 'input', means: 'the file is not a retention store (another database, or an empty file)' },
  'store.newer-schema': { kind: 'input', means: 'the store was written by a newer version of retention' },

  'apply.needs-yes': { kind: 'refused', means: 'apply off a terminal without --yes' },
  'as-of.after-today': { kind: 'refused', means: 'a command that deletes or saves a plan was given an --as-of after today' },
  'plan.edited': { kind: 'refused', means: 'the plan file does not match any plan saved in this store' },
  'plan.other-store': { kind: 'refused', means: 'the plan was made from another store' },
  'plan.other-policy': { kind: 'refused', means: 'the plan was made with another version of the policy' },
  'plan.expired': { kind: 'refused', means: 'the plan is past its validity' },
  'plan.future-as-of': { kind: 'refused', means: 'the plan was made as of a date after today' },
  'plan.not-approved': { kind: 'refused', means: 'the plan was never approved' },
  'plan.exists': { kind: 'refused', means: 'a file is already where the plan would be saved (plans are never overwritten)' },
  'scan.exists': {
    kind: 'refused',
    means: 'a file is already where inventory scan --out or --unmatched would write (neither is ever overwritten)',
  },
  'confirm.not-manual': { kind: 'refused', means: 'the record is not on a manual target: apply deletes it' },
  'confirm.not-due': { kind: 'refused', means: 'the record is not due (held, or no longer due)' },
  'confirm.not-on-worklist': { kind: 'refused', means: 'the record is not on the destruction worklist' },
  'record.already-destroyed': { kind: 'refused', means: 'the record was already recorded as destroyed' },
  'record.already-forgotten': { kind: 'refused', means: 'the record was already forgotten (inventory forget)' },
  'record.forget-refused': {
    kind: 'refused',
    means: 'inventory forget on a record still listed, held, or with an open deletion intent (worklist or crashed run)',
  },
  'hold.already-released': { kind: 'refused', means: 'the hold was already released' },
  'event.already-removed': { kind: 'refused', means: 'the event was already removed' },
  'unlock.session-lock': {
    kind: 'refused',
    means: "unlock on a PostgreSQL store: its run locks are freed by the server when the run's session ends",
  },
  'init.would-overwrite': { kind: 'refused', means: 'init would overwrite a file (it never does)' },
  'apply.tables-disagree': {
    kind: 'refused',
    means: 'the events or records table says otherwise than the audit log (changed outside retention): run audit verify',
  },
  'store.exists': { kind: 'refused', means: 'a new store (or a store copy) is only made where no file, or no data, is' },

  'environment.cannot-write': { kind: 'environment', means: 'a file could not be written' },
  'environment.working-folder': {
    kind: 'environment',
    means: 'inventory scan could not return to its working folder (its permissions changed during the scan)',
  },
  'target.unusable': { kind: 'environment', means: 'a target failed its pre-flight check or cannot be opened' },
  'target.overlapping': { kind: 'usage', means: 'two targets reach the same files or rows (a root inside another, one table twice)' },
  'store.read-only': { kind: 'environment', means: 'the store is read-only and the command writes to it' },
  'store.full': { kind: 'environment', means: "the store's disk is full" },
  'store.io-error': { kind: 'environment', means: 'the store could not be read or written (input/output error)' },
  'store.cannot-open': { kind: 'environment', means: 'the store or its journal cannot be opened' },
  'store.busy': { kind: 'environment', means: 'another process kept the store locked too long' },
  'store.file-system': { kind: 'environment', means: "the store's path cannot be used (permissions, missing folder, special file…)" },
  'store.old-schema': { kind: 'environment', means: 'the store needs an upgrade this user cannot write' },
  'store.leftover-journal': { kind: 'environment', means: 'a journal is left where a new store would be made' },
  'store.appeared': { kind: 'environment', means: 'a file appeared where the new store was being made' },
  'store.damaged': { kind: 'store-damaged', means: 'the store is damaged (SQLite or PostgreSQL found it so, or a copy does not verify)' },
  'store.unreachable': {
    kind: 'environment',
    means: 'the PostgreSQL server of the store cannot be reached, refuses more connections, or the connection was lost',
  },
  'store.login-refused': {
    kind: 'environment',
    means: 'the PostgreSQL server refused the login (the password comes from PGPASSWORD or ~/.pgpass)',
  },
  'store.not-permitted': { kind: 'environment', means: 'the role connected to the PostgreSQL store lacks a privilege the command needs' },
  'store.altered': { kind: 'environment', means: "the PostgreSQL store's tables were altered (ALTER TABLE) while the command used them" },

  'apply.limit.max-deletions': {
    kind: 'safety-limit',
    means: 'the run would delete more records than --max-deletions or limits.maxDeletions allows',
  },
  'apply.limit.max-percent': {
    kind: 'safety-limit',
    means: 'the run would delete a larger share of the live records than --max-percent or limits.maxPercent allows',
  },
  'apply.locked': { kind: 'locked', means: 'another run holds the lock on this store' },
  'unlock.holder-alive': { kind: 'locked', means: 'unlock without --force: the run holding the lock is running on this host' },
} as const satisfies Record<string, CodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes of one kind: `usageError` takes only `CodeOfKind<'usage'>`, a refusal only `CodeOfKind<'refused'>`. */
export type CodeOfKind<K extends ErrorKind> = { [C in ErrorCode]: (typeof ERROR_CODES)[C]['kind'] extends K ? C : never }[ErrorCode];

/** The README's list of codes, as Markdown: each code, the exit code its kind gives, what it means. */
export function errorCodeMarkdown(exitOf: (kind: ErrorKind) => number): string {
  const rows = Object.entries(ERROR_CODES).map(([code, { kind, means }]) => `| \`${code}\` | ${exitOf(kind)} | ${means} |`);
  return ['| code | exit | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
