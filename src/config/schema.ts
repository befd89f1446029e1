/**
 * The admin's config file (DESIGN §2) as one JSON Schema. Each target block is checked
 * again against its own type's schema (src/targets/registry.ts), so a new target type
 * brings its own keys without touching this file.
 */
import { Type, type Static } from '@sinclair/typebox';

export const TARGET_NAME_PATTERN = '^[A-Za-z][A-Za-z0-9_-]*$';

export const ConfigSchema = Type.Object(
  {
    policy: Type.Optional(Type.String({ minLength: 1 })),
    store: Type.Optional(Type.String({ minLength: 1 })),
    actor: Type.Optional(Type.String({ minLength: 1 })),
    targets: Type.Optional(
      // additionalProperties: a name the pattern refuses (e.g. the empty key of `{ … }:`) is an error, not unchecked.
      Type.Record(Type.String({ pattern: TARGET_NAME_PATTERN }), Type.Object({ type: Type.String() }, { additionalProperties: true }), {
        additionalProperties: false,
      }),
    ),
    limits: Type.Optional(
      Type.Object(
        {
          maxDeletions: Type.Optional(Type.Integer({ minimum: 0 })),
          maxPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
        },
        { additionalProperties: false },
      ),
    ),
    plans: Type.Optional(Type.Object({ validFor: Type.Optional(Type.String({ minLength: 2 })) }, { additionalProperties: false })),
    destructionMethods: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, uniqueItems: true })),
  },
  { additionalProperties: false },
);

export type ConfigDocument = Static<typeof ConfigSchema>;

/**
 * How a person may say they destroyed a record on a manual target (`confirm --method`) when the
 * config lists none. A closed list, because the method enters the hash-chained log, which must
 * hold no personal data; anything else goes in `confirm --note`, which stays in the store.
 */
export const DEFAULT_DESTRUCTION_METHODS: readonly string[] = Object.freeze([
  'cross-cut shredder',
  'secure disposal contractor',
  'incineration',
  'pulping',
  'degaussing',
  'physical destruction of media',
]);
