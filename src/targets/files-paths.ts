/**
 * What a `files` ref may be, before anything on disk is looked at, and the error vocabulary
 * of the `files` target. Messages never contain the path: they go to the audit log, which
 * holds no paths (DESIGN §7).
 */
import path from 'node:path';
import { errnoCode } from '../error-details.js';

export const SYMLINK_ON_THE_WAY = 'refused: symbolic link on the way';
export const NOT_A_FOLDER_ON_THE_WAY = 'refused: not a folder on the way';
export const IS_SYMLINK = 'refused: is a symbolic link';
export const NOT_REGULAR = 'refused: not a regular file';
const ESCAPES_ROOT = 'refused: path escapes the target root';
const NOT_PLAIN = "refused: not a plain path (it has a '.' or an empty segment): write it as folder/file in the inventory";

/** A ref taken apart: the folders from the root down, and the file name in the last one. */
export interface RefParts {
  readonly folders: readonly string[];
  readonly leaf: string;
}

/** Why a ref is refused before anything on disk is looked at; null for a plain relative path. */
export function refusalOfRef(ref: string): string | null {
  if (ref === '') return 'refused: empty reference';
  if (ref.includes('\0')) return 'refused: NUL byte in reference';
  if (path.isAbsolute(ref)) return 'refused: absolute path';
  if (ref.includes('\\')) return 'refused: backslash in reference';
  if (ref.split('/').includes('..')) return "refused: '..' segment";
  return null;
}

/**
 * The folders and file name of a ref, or why it is refused. Only a plain path names a file:
 * `./a`, `a//b` and `a/b/.` are other spellings of one place (`a/b/.` is the folder b), so two
 * records could name one file without their locations being equal; such a ref is refused
 * rather than read as a path (issue A1), and the inventory says where to write it plainly.
 */
export function splitRef(ref: string): RefParts | { readonly error: string } {
  const refusal = refusalOfRef(ref);
  if (refusal) return { error: refusal };
  const segments = ref.split('/');
  if (segments.every((segment) => segment === '.' || segment === '')) return { error: ESCAPES_ROOT };
  // A trailing slash names a folder, and only regular files are ever deleted.
  if (ref.endsWith('/')) return { error: NOT_REGULAR };
  if (segments.some((segment) => segment === '.' || segment === '')) return { error: NOT_PLAIN };
  const leaf = segments.pop();
  if (leaf === undefined) return { error: ESCAPES_ROOT };
  return { folders: segments, leaf };
}

/** `failed (CODE)` from a Node error, without its message (which holds the path). */
export function describeFsError(action: string, err: unknown): string {
  return `${action} failed (${errnoCode(err) ?? 'unknown error'})`;
}
