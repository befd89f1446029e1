import { inputError, type RetentionError } from '../errors.js';

/** Where in an inventory file something was found. `file` is the path as the user gave it. */
export interface SourcePosition {
  file: string;
  line: number | null;
  col: number | null;
}

/** The error that stops a read: one problem at `at`, shown as `file:line[:col]: message`. */
export function inventoryError(at: SourcePosition, message: string, hint?: string): RetentionError {
  return inputError([{ ...at, message, severity: 'error', ...(hint === undefined ? {} : { hint }) }]);
}

/** A position at the start of a line, column unknown. */
export const lineOf = (file: string, line: number): SourcePosition => ({ file, line, col: null });
