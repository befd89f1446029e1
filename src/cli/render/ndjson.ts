import type { Approval, Decision, Status } from '../../engine/types.js';
import { JsonBytes, utf8 } from './json-bytes.js';
import type { PlanRenderer, RendererFactory } from './renderer.js';

/** One decision per line, streamed batch by batch; the summary is not part of the stream. */
export const ndjsonRenderer: RendererFactory = (out): PlanRenderer => {
  const lines = new JsonBytes();
  return {
    async begin() {},
    async batch(batch) {
      for (const d of batch) writeDecisionLine(lines, d);
      for (const piece of lines.take()) await out.write(piece);
    },
    async end() {},
  };
};

/**
 * The same members, in the same order, as `decisionJson` (decision-json.ts), written straight
 * to bytes: a million-line plan would otherwise build a million throw-away objects and
 * strings first. test/render/ndjson.test.ts holds the two to the same output. The text
 * between the values is made once: a status and an approval are words of the contract (their
 * types say which), and a category's `rules` are one frozen array.
 */
export function writeDecisionLine(line: JsonBytes, d: Decision): void {
  line.raw(ID);
  line.string(d.id);
  line.raw(SUBJECT);
  line.stringOrNull(d.subject);
  line.raw(CATEGORY);
  line.string(d.category);
  line.raw(STATUS_THEN_RULE[d.status]);
  line.stringOrNull(d.rule);
  line.raw(rulesThenEvent(d.rules));
  line.stringOrNull(d.trigger.event);
  line.raw(DATE);
  line.stringOrNull(d.trigger.date);
  line.raw(RETAIN_UNTIL);
  line.stringOrNull(d.retainUntil);
  line.raw(ELIGIBLE_FROM);
  line.stringOrNull(d.eligibleFrom);
  line.raw(APPROVAL_THEN_REASON[d.approval]);
  line.string(d.reason);
  line.raw(END);
}

const ID = utf8('{"id":');
const SUBJECT = utf8(',"subject":');
const CATEGORY = utf8(',"category":');
const DATE = utf8(',"date":');
const RETAIN_UNTIL = utf8('},"retainUntil":');
const ELIGIBLE_FROM = utf8(',"eligibleFrom":');
const END = utf8('}\n');

const STATUS_THEN_RULE: Readonly<Record<Status, Uint8Array>> = {
  held: statusThenRule('held'),
  due: statusThenRule('due'),
  review: statusThenRule('review'),
  pending: statusThenRule('pending'),
  indefinite: statusThenRule('indefinite'),
  retained: statusThenRule('retained'),
  unmatched: statusThenRule('unmatched'),
};
const APPROVAL_THEN_REASON: Readonly<Record<Approval, Uint8Array>> = {
  required: utf8(',"approval":"required","reason":'),
  automatic: utf8(',"approval":"automatic","reason":'),
};

function statusThenRule(status: Status): Uint8Array {
  return utf8(`,"status":${JSON.stringify(status)},"rule":`);
}

/** `,"rules":[…],"trigger":{"event":` per frozen `rules` array (one per category), made once. */
const rulesPieces = new WeakMap<readonly string[], Uint8Array>();
function rulesThenEvent(rules: readonly string[]): Uint8Array {
  let piece = rulesPieces.get(rules);
  if (piece === undefined) {
    piece = utf8(`,"rules":${JSON.stringify(rules)},"trigger":{"event":`);
    if (Object.isFrozen(rules)) rulesPieces.set(rules, piece);
  }
  return piece;
}
