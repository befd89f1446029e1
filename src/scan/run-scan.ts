/**
 * `inventory scan TARGET --map TEMPLATE (--out FILE | --import) [--unmatched FILE]`: one walk of
 * the target, its records written to an inventory file to review or imported into the store
 * (in the one transaction of `inventory import`: all or nothing), and the names that are not
 * records listed. Files are renamed into place only when the whole scan succeeded.
 */
import { stringify } from 'csv-stringify/sync';
import type { InventoryRecord } from '../engine/types.js';
import type { TargetConfig } from '../config/load.js';
import type { ImportCounts } from '../store/inventory.js';
import { isFilesConfig, openFilesRoot } from '../targets/files.js';
import { environmentError } from '../errors.js';
import type { MapTemplate } from './map-template.js';
import { inventoryText, type InventoryTextFormat } from './inventory-text.js';
import { openOutputFile, type OutputFile } from './output-file.js';
import { scanColumns, scanRecords, type ScanCounts } from './scan-records.js';

export interface ScanJob {
  readonly target: string;
  readonly targetConfig: TargetConfig;
  /** The config's folder: a relative root starts there. */
  readonly baseDir: string;
  readonly template: MapTemplate;
  readonly timezone: string;
  readonly flagNames: ReadonlySet<string>;
  /** Where relative `--out` and `--unmatched` files are. */
  readonly cwd: string;
  /** `--out FILE`, or the store's import (given the records, returns its counts). */
  readonly into:
    | { readonly file: string; readonly format: InventoryTextFormat }
    | { readonly importRecords: (batches: AsyncIterable<InventoryRecord[]>) => Promise<ImportCounts> };
  readonly unmatchedFile: string | null;
  readonly onProgress?: (seen: number) => void;
}

export interface ScanResult {
  readonly counts: ScanCounts;
  /** The import's counts; null when the records went to a file. */
  readonly imported: ImportCounts | null;
}

export async function runScan(job: ScanJob): Promise<ScanResult> {
  if (!isFilesConfig(job.targetConfig))
    throw environmentError('target.unusable', `target "${job.target}" is not a valid files target`, { target: job.target });
  const root = openFilesRoot(job.target, job.targetConfig, job.baseDir);
  const files: OutputFile[] = [];
  try {
    const unmatched = job.unmatchedFile === null ? null : openOutputFile(job.unmatchedFile, job.cwd, '--unmatched');
    if (unmatched) {
      files.push(unmatched);
      unmatched.write(stringify([['path', 'reason']]));
    }
    const { batches, counts } = scanRecords({
      target: job.target,
      root,
      sentinel: job.targetConfig.sentinel ?? null,
      template: job.template,
      timezone: job.timezone,
      flagNames: job.flagNames,
      onSkipped: (ref, reason) => unmatched?.write(stringify([[ref, reason]])),
      ...(job.onProgress ? { onProgress: job.onProgress } : {}),
    });
    let imported: ImportCounts | null = null;
    if ('importRecords' in job.into) {
      imported = await job.into.importRecords(batches);
    } else {
      const out = openOutputFile(job.into.file, job.cwd, '--out');
      files.push(out);
      const text = inventoryText(job.into.format, scanColumns(job.template));
      out.write(text.header);
      for await (const batch of batches) out.write(text.batch(batch));
    }
    commitAll(files);
    return { counts, imported };
  } catch (error) {
    for (const file of files) file.discard();
    throw error;
  } finally {
    for (const file of files) file.release();
  }
}

/** Every file in place, or none: an --unmatched list beside an --out that could not be put in place would say the scan succeeded. */
function commitAll(files: readonly OutputFile[]): void {
  const committed: OutputFile[] = [];
  try {
    for (const file of files) {
      file.commit();
      committed.push(file);
    }
  } catch (error) {
    for (const file of committed) file.withdraw();
    throw error;
  }
}
