/**
 * A policy must mean what a person reading it sees (issue 8.2, 8.15): a line break that an
 * editor shows and the YAML parser does not is refused at its place, and a file with nothing
 * in it says so at line 1 rather than complaining about its shape.
 */
import { describe, expect, it } from 'vitest';
import { DESIGN_EXAMPLE, errorsOf, load, theError } from './helpers.js';

const HOLD_LINE = '    hold_while: [objection_possible]          # flag: keep, and list for review';
const line = (text: string, wanted: string) => text.split('\n').findIndex((l) => l.startsWith(wanted)) + 1;

describe('a line break the YAML parser would not see', () => {
  it('the unedited example keeps its hold_while flag (what the attack below removes)', () => {
    const rule = load(DESIGN_EXAMPLE).policy?.rules.find((r) => r.id === 'lpa-notes');
    expect(rule?.holdWhile).toEqual(['objection_possible']);
  });

  it('a lone CR that would hide hold_while inside the comment before it is refused at its line and column', () => {
    const holdLine = line(DESIGN_EXAMPLE, HOLD_LINE);
    const attacked = DESIGN_EXAMPLE.replace(
      `    retain: { until: lpa_registered }\n${HOLD_LINE}`,
      `    retain: { until: lpa_registered } # note\r${HOLD_LINE}`,
    );
    expect(attacked).not.toBe(DESIGN_EXAMPLE);
    const error = theError(attacked);
    expect(load(attacked).policy).toBeNull();
    // The CR ends the retain line (one above where hold_while stood), after "# note".
    expect(error).toMatchObject({
      line: holdLine - 1,
      col: '    retain: { until: lpa_registered } # note'.length + 1,
      message: 'carriage return without a line feed',
    });
    expect(error.hint).toMatch(/line endings/);
  });

  it('the same trick on approval: required is refused', () => {
    const text =
      'version: 1\norganisation: T\ntimezone: UTC\napproval: automatic # was required\r\nrules:\n  - id: a\n    match: { category: x }\n    retain: indefinitely # default\r    approval: required\n';
    expect(theError(text)).toMatchObject({
      line: 8,
      col: '    retain: indefinitely # default'.length + 1,
      message: 'carriage return without a line feed',
    });
  });

  it.each([
    ['U+2028', '\u2028', /line separator \(U\+2028\)/],
    ['U+2029', '\u2029', /paragraph separator \(U\+2029\)/],
    ['U+0085', '\u0085', /next-line character \(U\+0085\)/],
  ])('%s, which some editors show as a line break, is refused', (_, mark, says) => {
    const text = DESIGN_EXAMPLE.replace('# flag: keep', `# flag:${mark}keep`);
    const error = theError(text);
    expect(error.line).toBe(line(DESIGN_EXAMPLE, HOLD_LINE));
    expect(error.message).toMatch(says);
  });

  it('CRLF line endings (Windows) are ordinary and load the same policy', () => {
    const crlf = load(DESIGN_EXAMPLE.replace(/\n/g, '\r\n'));
    expect(crlf.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(crlf.policy?.rules).toEqual(load(DESIGN_EXAMPLE).policy?.rules);
  });
});

describe('a policy with nothing in it', () => {
  it.each([
    ['an empty file', ''],
    ['blank lines', '\n  \n\t\n'],
    ['only comments', '# a policy will go here\n\n# one day\n'],
    ['a lone null', '~\n'],
  ])('%s: "the policy is empty" at line 1', (_, text) => {
    expect(errorsOf(text)).toEqual([expect.objectContaining({ file: 'policy.yaml', line: 1, message: 'the policy is empty' })]);
  });

  it('a document that is not a mapping still says what it must be, at its line', () => {
    expect(theError('\n- version: 1\n')).toMatchObject({ line: 2, message: 'the policy must be a mapping (key: value lines)' });
  });
});
