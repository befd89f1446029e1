import * as crypto from 'node:crypto';

// Node's one-shot hash (Node 20.12 on; a namespace import, so that older Node 20 still loads
// this module): a million audit entries are hashed without a Hash object each.
const hasOneShot = typeof crypto.hash === 'function';

/** Lowercase hex SHA-256; text is hashed as its UTF-8 bytes. Policies, plan files and the audit log all use it. */
export function sha256Hex(data: string | Buffer): string {
  return hasOneShot ? crypto.hash('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
}
