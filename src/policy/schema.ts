/**
 * The policy language (DESIGN §3) as one JSON Schema. The TypeScript type `PolicyDocument`
 * is derived from it, so the validator and the code can never disagree about its shape.
 * Every object is closed (`additionalProperties: false`): a typo such as `retian:` must be
 * an error, never a silently wider or narrower rule.
 */
import { Type, type Static } from '@sinclair/typebox';
import { APPROVALS, BASES, CUTOFFS, IDENTIFIER_PATTERN } from '../vocabulary.js';

/** Rule ids name rules in plans and the audit log: a word, then letters, digits, `.`, `_`, `-`. */
export const RULE_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]*$';
/** `MM-DD`; whether the day is real (not 02-30) is a semantic check. */
export const FINANCIAL_YEAR_END_PATTERN = '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';

const Identifier = Type.String({ pattern: IDENTIFIER_PATTERN });
const IdentifierList = Type.Array(Identifier, { minItems: 1, uniqueItems: true });
/** ISO 8601 duration text; whether it really parses is a semantic check (luxon). */
const DurationText = Type.String({ minLength: 2 });

const Basis = Type.Union(BASES.map((b) => Type.Literal(b)));
const Cutoff = Type.Union(CUTOFFS.map((c) => Type.Literal(c)));
const Approval = Type.Union(APPROVALS.map((a) => Type.Literal(a)));

/**
 * `retain` is either the word `indefinitely` or an object. The object's variants
 * (`from`+`for` or `until`) are told apart by the semantic checks, which can say exactly
 * which key is missing; a schema `oneOf` would only say "must match exactly one schema".
 */
const RetainPeriod = Type.Object(
  {
    from: Type.Optional(Identifier),
    for: Type.Optional(DurationText),
    until: Type.Optional(Identifier),
    cutoff: Type.Optional(Cutoff),
  },
  { additionalProperties: false },
);

const Review = Type.Object(
  {
    every: Type.Optional(DurationText),
    from: Type.Optional(IdentifierList),
    if_no_event_after: Type.Optional(DurationText),
  },
  { additionalProperties: false, minProperties: 1 },
);

const CategoryMatch = Type.Union([
  Type.String({ minLength: 1 }),
  Type.Array(Type.String({ minLength: 1 }), { minItems: 1, uniqueItems: true }),
]);

export const RuleSchema = Type.Object(
  {
    id: Type.String({ pattern: RULE_ID_PATTERN }),
    title: Type.Optional(Type.String()),
    source: Type.Optional(Type.String()),
    match: Type.Object({ category: CategoryMatch }, { additionalProperties: false }),
    basis: Type.Optional(Basis),
    retain: Type.Union([Type.Literal('indefinitely'), RetainPeriod]),
    erase_on: Type.Optional(IdentifierList),
    hold_while: Type.Optional(IdentifierList),
    review: Type.Optional(Review),
    approval: Type.Optional(Approval),
  },
  { additionalProperties: false },
);

export const PolicySchema = Type.Object(
  {
    version: Type.Literal(1),
    organisation: Type.String({ minLength: 1 }),
    timezone: Type.String({ minLength: 1 }),
    approval: Type.Optional(Approval),
    financial_year_end: Type.Optional(Type.String({ pattern: FINANCIAL_YEAR_END_PATTERN })),
    rules: Type.Array(RuleSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export type PolicyDocument = Static<typeof PolicySchema>;
export type RuleDocument = Static<typeof RuleSchema>;
