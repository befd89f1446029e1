/**
 * The targets a run talks to, opened from the config on first use and closed together.
 * A location naming a target the config does not declare is not an error for the whole run:
 * that one record is kept and reported as failed.
 */
import { getTargetType, splitLocation } from '../targets/registry.js';
import type { Target } from '../targets/types.js';
import type { TargetConfig } from '../config/load.js';

export type Resolved = { target: Target; ref: string } | { problem: string };

export class TargetSet {
  private readonly open = new Map<string, Promise<Target>>();

  constructor(
    private readonly configs: Record<string, TargetConfig>,
    private readonly baseDir: string,
  ) {}

  /** The target and ref a record location points at, or why it cannot be reached. */
  async resolve(location: string | null): Promise<Resolved> {
    if (location === null || location === '') return { problem: 'record has no location' };
    const parts = splitLocation(location);
    if (!parts) return { problem: 'location is not "target:ref"' };
    const config = this.configs[parts.target];
    if (!config) return { problem: `target "${parts.target}" is not declared in the config` };
    let target = this.open.get(parts.target);
    if (!target) {
      target = getTargetType(config.type).open(parts.target, config, this.baseDir);
      this.open.set(parts.target, target);
    }
    return { target: await target, ref: parts.ref };
  }

  async closeAll(): Promise<void> {
    const targets = await Promise.allSettled(this.open.values());
    for (const t of targets) if (t.status === 'fulfilled') await t.value.close();
  }
}
