import { describe, expect, it } from 'vitest';
import { compileMapTemplate } from '../../src/scan/map-template.js';
import { RetentionError } from '../../src/errors.js';

const fields = (template: string, path: string) => {
  const found = compileMapTemplate(template).match(path);
  return found === null ? null : Object.fromEntries(found);
};

describe('map templates', () => {
  it('read fields from whole names and parts of names', () => {
    expect(fields('clients/{subject}/{category}/**', 'clients/C-1/care-plan/2020/a.pdf')).toEqual({
      subject: 'C-1',
      category: 'care-plan',
    });
    expect(fields('clients/{subject}/{category}/**', 'clients/C-1/care-plan')).toBeNull();
    expect(fields('clients/{subject}/{category}/*', 'clients/C-1/care-plan/2020/a.pdf')).toBeNull();
    expect(fields('{subject}-{category}/*.pdf', 'C-1-notes/a.pdf')).toEqual({ subject: 'C', category: '1-notes' });
    expect(fields('**/{category}/*', 'a/b/health/x')).toEqual({ category: 'health' });
    expect(fields('**/{category}/*', 'health/x')).toEqual({ category: 'health' });
    expect(fields('archive/**/{category}/*.pdf', 'archive/x.y/finance/a.pdf')).toEqual({ category: 'finance' });
    // Regular-expression characters in a name are plain characters.
    expect(fields('a.b/{category}/*', 'axb/c/d')).toBeNull();
    expect(fields('constructor/{category}/*', 'constructor/c/d')).toEqual({ category: 'c' });
  });

  it('refuse what cannot be a template, with a usage error', () => {
    for (const bad of [
      '/abs/{category}/*',
      'a//{category}',
      '../{category}/*',
      '{category}/**x',
      '{id}/{category}/*',
      '{location}/{category}',
      '{category}/{category}',
      '{category}/{bad name}',
      '{category}/a}',
    ]) {
      expect(() => compileMapTemplate(bad), bad).toThrow(RetentionError);
    }
  });
});
