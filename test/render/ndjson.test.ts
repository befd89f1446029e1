import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeDecisionLine } from '../../src/cli/render/ndjson.js';
import { JsonBytes } from '../../src/cli/render/json-bytes.js';
import { decisionJson } from '../../src/cli/render/decision-json.js';
import type { Decision } from '../../src/engine/types.js';
import { decision } from './decisions.js';

/** One decision's line as the renderer writes it, as text. */
function decisionLine(d: Decision): string {
  const line = new JsonBytes();
  writeDecisionLine(line, d);
  return Buffer.concat(line.take()).toString('utf8');
}

const text = fc.string({ unit: 'binary' });
const maybe = fc.option(text, { nil: null });

describe('ndjson lines', () => {
  it('are exactly JSON.stringify of the contract object, for any text in any field', () => {
    fc.assert(
      fc.property(
        text,
        maybe,
        text,
        maybe,
        fc.array(text),
        maybe,
        maybe,
        maybe,
        maybe,
        text,
        (id, subject, category, rule, rules, event, date, retainUntil, eligibleFrom, reason) => {
          const d = decision({
            id,
            subject,
            category,
            rule,
            rules,
            trigger: { event, date },
            retainUntil,
            eligibleFrom,
            reason,
            status: 'held',
            approval: 'automatic',
          });
          expect(decisionLine(d)).toBe(`${JSON.stringify(decisionJson(d))}\n`);
        },
      ),
    );
  });
});
