/**
 * The one table of exit codes (DESIGN §5). `--help` prints it under "Exit status" and the
 * README's table is checked against it by a test, so neither can drift from what the code does.
 */

export const EXIT = {
  ok: 0,
  someFailed: 1,
  badInput: 2,
  safetyLimit: 3,
  internal: 70,
  locked: 75,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What each code tells the caller; `code` spans become quotes in `--help`. */
const MEANINGS: Readonly<Record<ExitCode, string>> = {
  [EXIT.ok]: 'done',
  [EXIT.someFailed]:
    'some actions failed (the rest were done; each failure is in the audit log), or `audit verify` found a mismatch or a damaged store, or the output could not be written (a full disk behind `>`: what was written is incomplete)',
  [EXIT.badInput]:
    'bad usage, policy, config, inventory, plan or store file, a refusal (an edited or unapproved plan, a record that is not due), or an environment problem (full disk, read-only, busy or damaged store, a folder `init` cannot make) found before anything changed (nothing changed; an `apply` whose store fills up before its first record is journaled is one)',
  [EXIT.safetyLimit]: 'a safety limit refused the run (nothing changed)',
  [EXIT.internal]:
    'internal error: a bug in retention (nothing more was changed); never used for bad input or for a damaged, read-only or full store',
  [EXIT.locked]: 'another run holds the lock (nothing changed)',
};

/** The codes in ascending order with what each means. */
export function exitStatuses(): { code: ExitCode; meaning: string }[] {
  return Object.values(EXIT)
    .sort((a, b) => a - b)
    .map((code) => ({ code, meaning: MEANINGS[code] }));
}

const HELP_WIDTH = 80;
const HELP_INDENT = 6;

/** The "Exit status" section every command's `--help` ends with (restic style). */
export function exitStatusHelp(): string {
  const entries = exitStatuses().map(({ code, meaning }) =>
    wrapWords(`  ${String(code).padEnd(HELP_INDENT - 2)}`, meaning.replaceAll('`', '"')),
  );
  return `\nExit status:\n${entries.join('\n')}`;
}

/** The README's table, as Markdown. */
export function exitStatusMarkdown(): string {
  return ['| code | meaning |', '| --- | --- |', ...exitStatuses().map(({ code, meaning }) => `| ${code} | ${meaning} |`)].join('\n');
}

/** `text` after `lead`, broken at spaces so that no line is wider than HELP_WIDTH; later lines indented. */
function wrapWords(lead: string, text: string): string {
  const lines: string[] = [];
  let line = lead;
  for (const word of text.split(' ')) {
    if (line.trim() !== '' && line.length + 1 + word.length > HELP_WIDTH && line.length > HELP_INDENT) {
      lines.push(line);
      line = ' '.repeat(HELP_INDENT);
    }
    line += line.length === HELP_INDENT || line === lead ? word : ` ${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}
