/** The `retention.config.yaml` that `retention init` writes: every line says what it is for. */

/** Names the example config gives its targets; the inventory's locations use them. */
export const EXAMPLE_FILES_TARGET = 'records';
export const EXAMPLE_PAPER_TARGET = 'paper';
/** The store file the example config names. */
export const EXAMPLE_STORE_FILE = 'retention.db';

const COMMENT_COLUMN = 44;

/**
 * The config text. `actor` is written out (the OS user name of whoever ran init, which is
 * also the default) so the admin sees where the audit log's names come from.
 */
export function exampleConfigYaml(actor: string): string {
  const lines: [yaml: string, comment: string][] = [
    ['policy: policy.yaml', "the DPO's rules: a copy of the Leading Lives pack; edit it or point elsewhere"],
    [`store: ${EXAMPLE_STORE_FILE}`, 'SQLite store: inventory, holds, runs and the audit log (made by the first import)'],
    // JSON string syntax is valid YAML, and quotes whatever the user name holds.
    [`actor: ${JSON.stringify(actor)}`, "the name audit entries give this config's runs (default: your OS user name)"],
    ['targets:', 'where records live; an inventory location is TARGET:REF'],
    [`  ${EXAMPLE_FILES_TARGET}: { type: files, root: records }`, 'a folder; a ref is the relative path of a file below it'],
    [`  ${EXAMPLE_PAPER_TARGET}: { type: manual }`, 'paper: apply lists it for a person to destroy, then "retention confirm"'],
    ['limits:', 'safety limits: a run over either is refused whole, nothing deleted (exit 3)'],
    ['  maxDeletions: 100', 'at most this many deletions in one run'],
    ['  maxPercent: 50', 'at most this share of the live records in one run (use e.g. 10 in production)'],
  ];
  const body = lines.map(([yaml, comment]) => `${yaml.padEnd(COMMENT_COLUMN)}# ${comment}`).join('\n');
  return `# retention.config.yaml, written by "retention init". Paths are relative to this file's folder.\n${body}\n`;
}
