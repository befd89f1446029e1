/**
 * `inventory scan --map TEMPLATE`: which parts of a file's path below the target root are the
 * record's fields. `clients/{subject}/{category}/**` reads the subject and category from the
 * first folders; `*` is any one name (or part of one), `**` any number of folders (at the end:
 * at least one more name, the file itself). `{created}` and `{EVENT}` take dates from the path
 * (a folder named `2019-03-15`); the date itself is checked as a CSV cell is. A path the
 * template does not match yields nothing: it is listed, never guessed.
 */
import { usageError } from '../errors.js';
import { STANDARD_COLUMNS } from '../inventory/csv-header.js';
import { isEventOrFlagName } from '../inventory/fields.js';

/** Fields a template cannot fill: the scan derives them from the target and the path. */
const DERIVED = new Set(['id', 'location']);
const PLACEHOLDER = /\{([^{}]*)\}/g;

export interface MapTemplate {
  readonly text: string;
  /** The placeholders in template order: `subject`, `category`, `created`, or event names. */
  readonly fields: readonly string[];
  /** The placeholders' values for a relative path (a Map: `constructor` is a fine folder name), or null when it does not match. */
  match(path: string): ReadonlyMap<string, string> | null;
}

/** Compiles `--map TEMPLATE`; a usage error says what is wrong with it. */
export function compileMapTemplate(text: string): MapTemplate {
  const bad = (why: string) => usageError('usage.bad-value', `--map ${JSON.stringify(text)}: ${why}`, { flag: '--map', value: text });
  if (text.startsWith('/')) throw bad('the template is a path below the target root, so it does not start with "/"');
  const segments = text.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw bad('every part between "/" must be a name or a pattern (no empty part, "." or "..")');
  }
  const fields: string[] = [];
  let pattern = '^';
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    // After a "**" the separator is already in its pattern.
    const separator = index > 0 && segments[index - 1] !== '**' ? '/' : '';
    if (segment === '**') {
      // Middle: any folders, none included; end: at least one more name.
      pattern += separator + (last ? '.+' : '(?:[^/]+/)*');
      return;
    }
    if (segment.includes('**')) throw bad('"**" must be a whole part of the path, between "/"');
    pattern += separator;
    pattern += segmentPattern(segment, fields, bad);
  });
  if (!fields.includes('category')) throw bad('it must place {category}: every record needs a category');
  const regex = new RegExp(`${pattern}$`, 'u');
  return {
    text,
    fields,
    match(path) {
      const found = regex.exec(path);
      if (!found) return null;
      return new Map(fields.map((field, i) => [field, found[i + 1] ?? '']));
    },
  };
}

function segmentPattern(segment: string, fields: string[], bad: (why: string) => Error): string {
  let pattern = '';
  let from = 0;
  for (const placeholder of segment.matchAll(PLACEHOLDER)) {
    pattern += literalPattern(segment.slice(from, placeholder.index));
    pattern += '([^/]+?)';
    fields.push(checkedField(placeholder[1] ?? '', fields, bad));
    from = placeholder.index + placeholder[0].length;
  }
  if (/[{}]/.test(segment.replace(PLACEHOLDER, ''))) throw bad('a "{" or "}" is not part of a {name} placeholder');
  return pattern + literalPattern(segment.slice(from));
}

function checkedField(name: string, fields: readonly string[], bad: (why: string) => Error): string {
  if (DERIVED.has(name)) throw bad(`{${name}} cannot come from the path: the scan makes it from the target and the path`);
  const known = (STANDARD_COLUMNS as readonly string[]).includes(name) || isEventOrFlagName(name);
  if (!known) throw bad(`{${name}} is not a field: use {subject}, {category}, {created} or an event name`);
  if (fields.includes(name)) throw bad(`{${name}} appears twice`);
  return name;
}

/** A literal piece of a name, where `*` is any run of characters within the name. */
function literalPattern(text: string): string {
  return text
    .split('*')
    .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
}
