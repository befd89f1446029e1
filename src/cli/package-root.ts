/**
 * The folder the package is installed in (it holds package.json and policies/). This module is
 * two folders below it wherever it runs: src/cli/ under vitest, dist/cli/ as tsc builds it, and
 * dist/bundle/ once esbuild has bundled it into the command's single file (see package.json's
 * build), so the one URL below is right for all three.
 */
export const PACKAGE_ROOT = new URL('../../', import.meta.url);
