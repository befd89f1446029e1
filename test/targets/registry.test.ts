import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { RetentionError } from '../../src/errors.js';
import { TARGET_TYPES, getTargetType, splitLocation } from '../../src/targets/registry.js';

describe('target registry', () => {
  it('finds each registered type by name', () => {
    expect(getTargetType('files').type).toBe('files');
    expect(getTargetType('sqlite').type).toBe('sqlite');
    expect(getTargetType('manual').type).toBe('manual');
    expect(getTargetType('postgres').type).toBe('postgres');
  });

  it.each(['s3', 'toString', ''])('refuses the unknown type %j, listing the valid ones', (type) => {
    let thrown: unknown;
    try {
      getTargetType(type);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(RetentionError);
    expect(thrown).toMatchObject({ code: 'target.unknown-type', data: { type, valid: ['files', 'manual', 'postgres', 'sqlite'] } });
  });

  // Conformance, Cloud Custodian style: every registered type owns a closed schema naming itself.
  describe.each(Object.entries(TARGET_TYPES))('registered type %s', (name, targetType) => {
    const validate = new Ajv({ strict: true }).compile(targetType.configSchema);

    it('is registered under its own name', () => {
      expect(targetType.type).toBe(name);
    });

    it('has a config schema that requires its type and refuses unknown keys', () => {
      expect(validate({ type: 'other' })).toBe(false);
      expect(validate({ type: name, surprise: true })).toBe(false);
      expect(targetType.configSchema.additionalProperties).toBe(false);
    });
  });

  it('the schemas accept the config blocks of DESIGN §2', () => {
    const valid = (type: string, block: object) => new Ajv().validate(getTargetType(type).configSchema, block);
    expect(valid('files', { type: 'files', root: '/srv/casefiles' })).toBe(true);
    expect(valid('files', { type: 'files', root: '/srv/casefiles', sentinel: '.retention-root' })).toBe(true);
    expect(valid('sqlite', { type: 'sqlite', database: '/srv/crm.db', table: 'notes', key: 'id' })).toBe(true);
    expect(valid('postgres', { type: 'postgres', database: 'postgres://retention@db.example/cases', table: 'notes', key: 'id' })).toBe(
      true,
    );
    expect(valid('manual', { type: 'manual' })).toBe(true);
  });
});

describe('splitLocation', () => {
  it.each([
    ['casefiles:client-17/a.pdf', { target: 'casefiles', ref: 'client-17/a.pdf' }],
    ['crm:42', { target: 'crm', ref: '42' }],
    ['crm:urn:x:1', { target: 'crm', ref: 'urn:x:1' }],
    ['paper::', { target: 'paper', ref: ':' }],
  ])('splits %j at the first colon', (location, expected) => {
    expect(splitLocation(location)).toEqual(expected);
  });

  it.each(['no-colon', ':ref-only', 'target-only:', ':', ''])('returns null for %j', (location) => {
    expect(splitLocation(location)).toBeNull();
  });
});
