/**
 * The saved plan a DPO approves (DESIGN §6): the due records of one plan run, with the as-of
 * date, the policy's SHA-256 and the store it came from. Approval is given to the file's exact
 * bytes (its SHA-256), so an edited file no longer matches and is refused.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Ajv, type ValidateFunction } from 'ajv';
import { RetentionError } from '../errors.js';
import { messageOf } from '../error-details.js';
import type { Decision } from '../engine/types.js';
import { APPROVALS } from '../vocabulary.js';
import { locationPin } from './record-pin.js';

export const PLAN_FORMAT = 'retention-plan/1';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const PlannedRecord = Type.Object(
  {
    id: Type.String(),
    subject: Nullable(Type.String()),
    category: Type.String(),
    /**
     * SHA-256 of the record's location when planned (null: it had none): with subject and
     * category, what an approval pins (record-pin.ts). Absent in plans of older versions.
     */
    locationSha256: Type.Optional(Nullable(Type.String())),
    rule: Nullable(Type.String()),
    retainUntil: Nullable(Type.String()),
    eligibleFrom: Nullable(Type.String()),
    approval: Type.Union(APPROVALS.map((a) => Type.Literal(a))),
    reason: Type.String(),
  },
  { additionalProperties: false },
);

export const PlanFileSchema = Type.Object(
  {
    format: Type.Literal(PLAN_FORMAT),
    createdAt: Type.String(),
    asOf: Type.String(),
    validUntil: Type.String(),
    policy: Type.Object({ file: Type.String(), sha256: Type.String() }, { additionalProperties: false }),
    store: Type.Object({ id: Type.String() }, { additionalProperties: false }),
    records: Type.Array(PlannedRecord),
  },
  { additionalProperties: false },
);

export type PlanFile = Static<typeof PlanFileSchema>;
export type PlannedRecord = Static<typeof PlannedRecord>;

let validatePlanFile: ValidateFunction<PlanFile> | null = null;

/** A due record as the plan lists it, pinned to where it is now (`location`, from its facts). */
export function plannedRecord(d: Decision, location: string | null): PlannedRecord {
  return {
    id: d.id,
    subject: d.subject,
    category: d.category,
    locationSha256: locationPin(location),
    rule: d.rule,
    retainUntil: d.retainUntil,
    eligibleFrom: d.eligibleFrom,
    approval: d.approval,
    reason: d.reason,
  };
}

/** The file's bytes: pretty JSON, so a DPO can read what they approve. */
export function serialisePlan(plan: PlanFile): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/** Parses a plan file's text; anything that is not a plan this tool wrote is refused as `plan.invalid`. */
export function parsePlanFile(text: string, file: string): PlanFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw notAPlan(file, `not a plan file: ${messageOf(error)}`);
  }
  const checked = checkPlanShape(data);
  if ('plan' in checked) return checked.plan;
  throw notAPlan(file, `not a plan file this tool wrote (${checked.problem})`);
}

/**
 * A saved plan's body as the store gives it back, checked against the same schema as a plan
 * file: the store keeps what `plan --out` wrote, so a body that does not match was changed
 * outside the tool, and no deletion may rest on it.
 */
export function storedPlanBody(body: unknown, sha256: string): PlanFile {
  const checked = checkPlanShape(body);
  if ('plan' in checked) return checked.plan;
  throw new RetentionError(
    'store.damaged',
    `the saved plan ${sha256} in the store is not a plan this tool wrote (${checked.problem}): the store was changed outside retention. Nothing was deleted; restore the store from a backup, or plan again.`,
    { data: { plan: sha256 } },
  );
}

/** `data` as a plan when it has the shape of a plan file; else the first place where it does not. */
function checkPlanShape(data: unknown): { plan: PlanFile } | { problem: string } {
  // Compiled on first use: only approve and apply read plans back.
  validatePlanFile ??= new Ajv({ allErrors: false }).compile<PlanFile>(PlanFileSchema);
  if (validatePlanFile(data)) return { plan: data };
  const e = validatePlanFile.errors?.[0];
  return { problem: `${e?.instancePath || '/'} ${e?.message ?? 'is invalid'}` };
}

function notAPlan(file: string, what: string): RetentionError {
  return new RetentionError('plan.invalid', `${file}: ${what}\n  hint: make one with "retention plan --out ${file}"`, { data: { file } });
}
