import { inventoryError, type SourcePosition } from './problem.js';

/**
 * `JSON.parse(text)` for a piece of a file that begins at `start` (line and column of its first
 * character). A syntax error becomes an input error at the file position V8 reports, when it
 * reports one (some of its messages carry no position: then the start of the piece).
 */
export function parseJsonAt(text: string, start: SourcePosition): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const position = /at position (\d+)/.exec(error.message);
    const reason = error.message.replace(/ in JSON at position \d+.*$/, '');
    const at = position ? offsetPosition(text, Number(position[1]), start) : start;
    throw inventoryError(at, 'inventory.json-syntax', `invalid JSON: ${reason}`, 'check for a missing comma, quote or bracket');
  }
}

/** The file position of `text[offset]` when `text` starts at `start`. */
function offsetPosition(text: string, offset: number, start: SourcePosition): SourcePosition {
  const before = text.slice(0, offset);
  const newlines = before.split('\n').length - 1;
  if (newlines === 0) return { ...start, col: (start.col ?? 1) + offset };
  return { ...start, line: (start.line ?? 1) + newlines, col: offset - before.lastIndexOf('\n') };
}
