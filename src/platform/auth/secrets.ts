import { createHash, randomBytes } from 'node:crypto';

/** A token with 256 bits of randomness, safe in a cookie or header. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored only as hashes, so a copy of the database cannot be used to sign in. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
