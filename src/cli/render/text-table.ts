/**
 * Tables for a terminal (cli-table3) that fit a given width: each column gets its natural
 * width, and when the table would be wider than the screen, prose columns (reasons) give way
 * first, then the widest columns are narrowed together. Narrowed cells wrap: ids and dates
 * break anywhere, prose at spaces (cli-table3 cuts a word longer than its column with "…").
 *
 * cli-table3 lays rows out in time quadratic in their number (its row-span search), so
 * callers keep each table to a few hundred rows (see table.ts).
 */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import { stripVTControlCharacters } from 'node:util';
import { characterCount, headOf } from '../../text-cut.js';

export interface TextColumn {
  heading: string;
  /** Sentences: wrapped at spaces, and the first to narrow when space is short. */
  prose?: boolean;
}

/** One space either side of every cell's text (cli-table3's padding). */
const PADDING = 2;
/** A prose column keeps this much text width while other columns can still give way. */
const PROSE_MIN = 24;
/**
 * No column narrows below this text width: the plan's widest table (the summary: a rule, seven
 * statuses and a total) then still fits 60 columns; on a narrower screen its lines overflow.
 */
const COLUMN_MIN = 3;

/**
 * Column widths (text plus padding, as cli-table3 counts them) whose table — borders
 * included — is at most `width` wide, when the minimums allow it. Prose gives way first, down
 * to PROSE_MIN; then the other columns are narrowed to a common cap; then prose again.
 */
export function fitColumnWidths(natural: readonly number[], prose: readonly boolean[], width: number): number[] {
  const budget = width - (natural.length + 1);
  const all = natural.map((_, i) => i);
  const narrow = (widths: number[], columns: readonly number[], floor: number) => capColumns(widths, columns, floor + PADDING, budget);
  const widths = narrow(
    [...natural],
    all.filter((i) => prose[i]),
    PROSE_MIN,
  );
  return narrow(
    narrow(
      widths,
      all.filter((i) => !prose[i]),
      COLUMN_MIN,
    ),
    all,
    COLUMN_MIN,
  );
}

/** `widths` with the given columns capped at the largest cap (not below `floor`) that makes the sum fit `budget`. */
function capColumns(widths: number[], columns: readonly number[], floor: number, budget: number): number[] {
  const sum = (cap: number) => widths.reduce((total, w, i) => total + (columns.includes(i) ? Math.min(w, cap) : w), 0);
  let cap = Math.max(floor, ...columns.map((i) => widths[i] ?? 0));
  while (cap > floor && sum(cap) > budget) cap -= 1;
  return widths.map((w, i) => (columns.includes(i) ? Math.min(w, cap) : w));
}

/** Display width of a cell's longest line, colour codes left out. */
function textWidth(text: string): number {
  return Math.max(
    0,
    ...stripVTControlCharacters(text)
      .split('\n')
      .map((line) => line.length),
  );
}

/**
 * Characters of a cell shown at most. cli-table3 wraps a cell in time quadratic in its length:
 * one inventory id of 80,000 characters held `plan` for 16 s, and ids may be a megabyte. No one
 * reads more on a screen; `--format csv` and `explain` give the whole value.
 */
const CELL_MAX = 500;

/** The cell's text, cut at CELL_MAX characters with what was left out said. */
function shortened(text: string): string {
  if (text.length <= CELL_MAX) return text;
  const kept = headOf(text, CELL_MAX - 1);
  return `${kept}… (${characterCount(text) - characterCount(kept)} more characters)`;
}

/** The table as text (no final newline), at most `width` columns wide when that is possible. */
export function renderTextTable(
  columns: readonly TextColumn[],
  rows: readonly (readonly string[])[],
  width: number,
  c: ChalkInstance,
): string {
  const cells = rows.map((row) => columns.map((_, i) => shortened(row[i] ?? '')));
  const natural = columns.map((col, i) => Math.max(textWidth(col.heading), ...cells.map((row) => textWidth(row[i] ?? ''))) + PADDING);
  const table = new Table({
    head: columns.map((col) => col.heading),
    colWidths: fitColumnWidths(
      natural,
      columns.map((col) => Boolean(col.prose)),
      width,
    ),
    wordWrap: true,
    wrapOnWordBoundary: false,
    style: { head: c.level > 0 ? ['bold'] : [], border: c.level > 0 ? ['grey'] : [], compact: true },
  });
  for (const row of cells) {
    table.push(
      columns.map((col, i) => {
        const text = row[i] ?? '';
        // Breaking anywhere, cli-table3 counts colour codes as text; at spaces it measures without them.
        return col.prose || text !== stripVTControlCharacters(text) ? { content: text, wrapOnWordBoundary: true } : text;
      }),
    );
  }
  return table.toString();
}

/** No borders and no padding: `wrapText` uses cli-table3 for its colour-aware word wrapping alone. */
const NO_BORDERS = Object.fromEntries(
  [
    'top',
    'top-mid',
    'top-left',
    'top-right',
    'bottom',
    'bottom-mid',
    'bottom-left',
    'bottom-right',
    'left',
    'left-mid',
    'mid',
    'mid-mid',
    'right',
    'right-mid',
    'middle',
  ].map((name) => [name, '']),
);

/** A line of prose wrapped at spaces to lines of at most `width` columns, ending with a newline. */
export function wrapText(text: string, width: number): string {
  const box = new Table({
    chars: NO_BORDERS,
    colWidths: [width],
    wordWrap: true,
    style: { 'padding-left': 0, 'padding-right': 0, head: [], border: [] },
  });
  box.push([text]);
  return `${box
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')}\n`;
}
