/**
 * The targets a run talks to, opened from the config on first use and closed together.
 * A target is checked (Target.check) when it is opened, so a misconfigured one stops the run
 * before it deletes anything, provided every target the run will touch is opened first
 * (`preflight`, DESIGN §6). A location naming a target the config does not declare is not an
 * error for the whole run: that one record is kept and reported as failed.
 */
import { environmentError, usageError } from '../errors.js';
import { getTargetType, splitLocation } from '../targets/registry.js';
import { OwnFiles, type OwnFile } from '../targets/own-files.js';
import { overlappingTargets } from './overlapping-targets.js';
import { closestWord } from '../yaml/did-you-mean.js';
import type { Target } from '../targets/types.js';
import type { TargetConfig } from '../config/load.js';

export type Resolved = { target: Target; ref: string } | { problem: string };

/** Opens the target `name` declared by `config`, never to delete `own`; the registry's types by default, tests inject others. */
export type TargetOpener = (name: string, config: TargetConfig, baseDir: string, own: OwnFiles) => Promise<Target>;

const openRegistered: TargetOpener = (name, config, baseDir, own) => getTargetType(config.type).open(name, config, baseDir, own);

export class TargetSet {
  private readonly open = new Map<string, Promise<Target>>();
  private readonly scope: ReadonlySet<string> | null;
  private own: OwnFiles | null = null;

  /**
   * `scope`: the targets a run may delete from (`apply --target`, DESIGN §5), each of which the
   * config must declare (a usage error otherwise); null for every declared target. `toolFiles`:
   * the store, config and policy files (OwnFile), which no target may delete (issue A4), any
   * more than a target's sentinel or a sqlite target's database.
   */
  constructor(
    private readonly configs: ReadonlyMap<string, TargetConfig>,
    private readonly baseDir: string,
    private readonly opener: TargetOpener = openRegistered,
    scope: readonly string[] | null = null,
    private readonly toolFiles: readonly OwnFile[] = [],
  ) {
    for (const name of scope ?? []) if (!configs.has(name)) throw unknownTarget(name, [...configs.keys()]);
    this.scope = scope === null ? null : new Set(scope);
  }

  /** The targets an apply run may delete from, and so what it locks: the scope, else every declared target. */
  names(): string[] {
    return [...(this.scope ?? this.configs.keys())];
  }

  /**
   * Whether the target `name` is this run's to touch. A run over every target owns them all,
   * undeclared ones too (their records fail, reported); a run restricted to some targets
   * (`--target`) owns those alone: the rest belongs to the runs of other hosts.
   */
  ownsTarget(name: string): boolean {
    return this.scope === null || this.scope.has(name);
  }

  /** Whether the record at `location` is this run's to touch (see ownsTarget; a location without a target belongs to a run over every target). */
  owns(location: string | null): boolean {
    if (this.scope === null) return true;
    const target = location === null ? undefined : splitLocation(location)?.target;
    return target !== undefined && this.scope.has(target);
  }

  /**
   * The target and ref a record location points at, or why it cannot be reached. Opening a
   * declared target that fails its check throws a usage error (exit 2).
   */
  async resolve(location: string | null): Promise<Resolved> {
    if (location === null || location === '') return { problem: 'record has no location' };
    const parts = splitLocation(location);
    if (!parts) return { problem: 'location is not "target:ref"' };
    const config = this.configs.get(parts.target);
    if (!config) return { problem: `target "${parts.target}" is not declared in the config` };
    let target = this.open.get(parts.target);
    if (!target) {
      target = this.openChecked(parts.target, config);
      this.open.set(parts.target, target);
    }
    return { target: await target, ref: parts.ref };
  }

  /**
   * Opens and checks every declared target that one of `locations` names, so that a problem
   * with any of them is found before the first deletion rather than after a thousand.
   */
  async preflight(locations: Iterable<string | null>): Promise<void> {
    const overlaps = overlappingTargets(this.configs, this.baseDir);
    if (overlaps.length > 0) {
      throw usageError(
        'target.overlapping',
        `${overlaps.join('\n')}\n  hint: nothing was deleted; fix the targets in the config and run again`,
        { problems: overlaps },
      );
    }
    const first = new Map<string, string>();
    for (const location of locations) {
      if (location === null) continue;
      const target = splitLocation(location)?.target;
      if (target !== undefined && !first.has(target)) first.set(target, location);
    }
    for (const location of first.values()) await this.resolve(location);
  }

  /** Identified when the first target is opened: the files as they are when deleting begins. */
  private ownFiles(): OwnFiles {
    this.own ??= OwnFiles.identify([
      ...this.toolFiles,
      ...[...this.configs.values()].flatMap((config) => getTargetType(config.type).ownFiles(config, this.baseDir)),
    ]);
    return this.own;
  }

  /** Target.tidy() of every target opened: call once the outcomes so far are committed. */
  async tidyAll(): Promise<void> {
    const targets = await Promise.allSettled(this.open.values());
    for (const t of targets) if (t.status === 'fulfilled') await t.value.tidy();
  }

  async closeAll(): Promise<void> {
    const targets = await Promise.allSettled(this.open.values());
    for (const t of targets) if (t.status === 'fulfilled') await t.value.close();
  }

  private async openChecked(name: string, config: TargetConfig): Promise<Target> {
    const target = await this.opener(name, config, this.baseDir, this.ownFiles());
    const problems = await target.check();
    if (problems.length === 0) return target;
    await target.close();
    throw environmentError(
      'target.unusable',
      `target "${name}": ${problems.join('; ')}\n  hint: fix the target, or its block in the config, and run again`,
      { target: name, problems },
    );
  }
}

function unknownTarget(name: string, declared: readonly string[]) {
  const guess = closestWord(name, declared);
  return usageError(
    'target.not-in-config',
    `--target ${name}: the config declares no target "${name}"${guess ? `; did you mean "${guess}"?` : ''} (targets: ${declared.join(', ') || 'none'})`,
  );
}
