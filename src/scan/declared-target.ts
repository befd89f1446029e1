/**
 * The target a scan or a query reads from: declared in the config, of a type that can be read
 * that way. A wrong name or type is a usage error that lists what would do.
 */
import type { RetentionConfig, TargetConfig } from '../config/load.js';
import { usageError } from '../errors.js';
import type { TargetTypeName } from '../targets/types.js';

export function declaredTarget(
  config: RetentionConfig | null,
  name: string,
  types: readonly TargetTypeName[],
  command: string,
): TargetConfig {
  const wanted = types.join(' or ');
  if (!config) {
    throw usageError(
      'usage.no-config',
      `${command} reads a target declared in the config (retention.config.yaml, or --config FILE); "retention init" writes one`,
    );
  }
  const target = config.targets.get(name);
  const fitting = [...config.targets].filter(([, t]) => types.includes(t.type)).map(([n]) => n);
  const choices = fitting.length > 0 ? `the config's ${wanted} targets: ${fitting.join(', ')}` : `the config declares no ${wanted} target`;
  if (!target) throw usageError('usage.bad-value', `no target "${name}" in ${config.file}; ${choices}`, { target: name, valid: fitting });
  if (!types.includes(target.type)) {
    throw usageError('usage.bad-value', `target "${name}" is a ${target.type} target; ${command} reads a ${wanted} target (${choices})`, {
      target: name,
      valid: fitting,
    });
  }
  return target;
}
