/**
 * Step 1 of loading a policy or config: YAML text → document with positions, plus the YAML-level
 * problems (syntax errors, duplicate keys) as `file:line:col` problems.
 */
import { isScalar, LineCounter, parseDocument, visit, type Document, type ParsedNode, type YAMLError } from 'yaml';
import { YamlLocator } from './locate.js';
import type { ProblemSink } from './problem-sink.js';
import { findHiddenLineBreak, HIDDEN_LINE_BREAK_HINT } from './line-breaks.js';
import { messageOf } from '../error-details.js';

export interface ParsedYaml {
  locator: YamlLocator;
  /**
   * The document as plain data, or null when the YAML itself is broken: its shape cannot be
   * trusted, so schema and semantic checks would only add noise. Duplicate keys leave the
   * shape intact (the last one wins), so they still give data.
   */
  data: { value: unknown } | null;
}

/**
 * Parses `text`, reporting YAML errors and warnings into `sink`. A file with a line break the
 * parser would not see, or with nothing in it, gives no data: only that one problem.
 */
export function parseYaml(text: string, sink: ProblemSink): ParsedYaml {
  const { locator, doc } = readDocument(text, sink, { uniqueKeys: true });
  if (doc === null) return { locator, data: null };
  try {
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) {
      // Empty, blank, only comments, or a lone `~`: nothing was written, whatever the schema would say.
      reportEmpty(sink);
      return { locator, data: null };
    }
    return { locator, data: { value } };
  } catch (error) {
    // toJS refuses alias bombs ("excessive alias count"); that is bad input, not a crash.
    sink.error('yaml.unreadable', locator.offset(0), `YAML cannot be read: ${messageOf(error)}`);
    return { locator, data: null };
  }
}

/**
 * Parses `text` for a reader that walks the nodes itself (a sidecar: thousands of keys): each
 * scalar is the string as written (the failsafe schema: the key `01` is "01", not the number 1),
 * and keys are not checked for duplicates by the parser, whose check compares each key with every
 * one before it (quadratic): the reader checks them. Null contents when there is nothing to read
 * (the problems are in `sink`).
 */
export function parseYamlNodes(text: string, sink: ProblemSink): { locator: YamlLocator; contents: ParsedNode | null } {
  const { locator, doc } = readDocument(text, sink, { uniqueKeys: false, schema: 'failsafe' });
  if (doc === null) return { locator, contents: null };
  if (doc.contents === null) {
    reportEmpty(sink);
    return { locator, contents: null };
  }
  return { locator, contents: doc.contents };
}

/** The document, or null when it has a hidden line break or errors other than duplicate keys. */
function readDocument(
  text: string,
  sink: ProblemSink,
  options: { uniqueKeys: boolean; schema?: 'failsafe' },
): { locator: YamlLocator; doc: Document.Parsed | null } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, ...options });
  const locator = new YamlLocator(doc, lineCounter);
  const hidden = findHiddenLineBreak(text);
  if (hidden) {
    // The parser's own errors would be placed by its count of lines, which is not the reader's.
    sink.error('yaml.hidden-line-break', hidden.at, hidden.message, HIDDEN_LINE_BREAK_HINT);
    return { locator, doc: null };
  }
  for (const error of doc.errors) {
    if (error.code === 'DUPLICATE_KEY') reportDuplicateKey(doc, error, locator, sink);
    else sink.error('yaml.syntax', locator.offset(error.pos[0]), `YAML syntax error: ${error.message}`, yamlHint(error));
  }
  for (const warning of doc.warnings) sink.warning('yaml.warning', locator.offset(warning.pos[0]), `YAML: ${warning.message}`);
  return { locator, doc: doc.errors.every((e) => e.code === 'DUPLICATE_KEY') ? doc : null };
}

function reportEmpty(sink: ProblemSink): void {
  sink.error(
    'yaml.empty',
    { line: 1, col: null },
    `the ${sink.documentName} is empty`,
    sink.documentName === 'sidecar'
      ? 'give "files:" with the dates of files in this folder, or remove the file'
      : `write the ${sink.documentName} in this file (\`retention init\` writes an example)`,
  );
}

function yamlHint(error: YAMLError): string | undefined {
  if (error.code === 'MULTIPLE_DOCS') return 'the file must hold one YAML document: remove the extra "---"';
  if (error.code === 'TAB_AS_INDENT') return 'indent with spaces, not tabs';
  return 'check indentation, quotes and brackets around this place';
}

/** The parser only says "Map keys must be unique"; name the key and where it was first written. */
function reportDuplicateKey(doc: Document, error: YAMLError, locator: YamlLocator, sink: ProblemSink): void {
  const offset = error.pos[0];
  let message = 'duplicate key';
  visit(doc, {
    Map(_, map) {
      const keyNode = (item: (typeof map.items)[number]) => (isScalar(item.key) ? item.key : null);
      const dup = map.items.find((item) => keyNode(item)?.range?.[0] === offset);
      if (!dup) return undefined;
      const name = String(keyNode(dup)?.value);
      const first = map.items.find((item) => item !== dup && String(keyNode(item)?.value) === name);
      const firstLine = first ? locator.offset(keyNode(first)?.range?.[0] ?? offset).line : null;
      message = `duplicate key "${name}"${firstLine !== null ? ` (first written at line ${firstLine})` : ''}`;
      return visit.BREAK;
    },
  });
  sink.error('yaml.duplicate-key', locator.offset(offset), message, 'a key may appear once per mapping: keep one and delete the other');
}
