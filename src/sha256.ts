import { createHash } from 'node:crypto';

/** Lowercase hex SHA-256; text is hashed as its UTF-8 bytes. Policies, plan files and the audit log all use it. */
export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
