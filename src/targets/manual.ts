/**
 * `manual` targets: paper records and systems the tool cannot reach. Every deletion becomes
 * a line on the destruction worklist, which a person confirms.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Target, TargetType } from './types.js';

const ManualConfigSchema = Type.Object({ type: Type.Literal('manual') }, { additionalProperties: false });
export type ManualConfig = Static<typeof ManualConfigSchema>;

export const manualTargetType: TargetType<ManualConfig> = {
  type: 'manual',
  configSchema: ManualConfigSchema,
  check: () => [],
  ownFiles: () => [],
  open: async (name) => openManualTarget(name),
};

function openManualTarget(name: string): Target {
  return {
    name,
    type: 'manual',
    deleteBatch: async (refs) => refs.map((ref) => ({ ref, outcome: 'manual' as const })),
    tidy: async () => {},
    exists: async () => 'unknown',
    // Paper is never found back: nothing could tell that it is.
    findAgain: async () => 'none',
    // Paper is never looked in, so it is never unavailable either.
    unavailableReason: () => null,
    // Paper has nothing the tool could check.
    check: async () => [],
    close: async () => {},
  };
}
