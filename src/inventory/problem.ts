import { inputError, type ProblemCode, type RetentionError } from '../errors.js';

/** Where in an inventory file something was found. `file` is the path as the user gave it. */
export interface SourcePosition {
  file: string;
  line: number | null;
  col: number | null;
}

/** The error that stops a read: one problem at `at`, shown as `file:line[:col]: message [code]`. */
export function inventoryError(at: SourcePosition, code: ProblemCode, message: string, hint?: string): RetentionError {
  return inputError('inventory.invalid', [{ code, ...at, message, severity: 'error', ...(hint === undefined ? {} : { hint }) }]);
}

/** A position at the start of a line, column unknown. */
export const lineOf = (file: string, line: number): SourcePosition => ({ file, line, col: null });

/**
 * What is wrong with one record, before anyone has said where the record is: the checks of a
 * record's fields throw it, and the reader, which knows the position, turns it into an input
 * error with `faultAt` or `checkAt`.
 */
export class RecordFault extends Error {
  readonly code: ProblemCode;
  readonly hint: string | undefined;
  constructor(code: ProblemCode, message: string, hint?: string) {
    super(message);
    this.name = 'RecordFault';
    this.code = code;
    this.hint = hint;
  }
}

/** The input error for `fault` found in the record at `at`. */
export function faultAt(fault: RecordFault, at: SourcePosition): RetentionError {
  return inventoryError(at, fault.code, fault.message, fault.hint);
}

/** `check()`, with a RecordFault it throws turned into an input error at `at`. */
export function checkAt<T>(at: SourcePosition, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw error instanceof RecordFault ? faultAt(error, at) : error;
  }
}
