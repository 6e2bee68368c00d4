import type { Principal } from './principal.ts';

interface Entry {
  principal: Principal;
  /** The token's id or the session's hash, so revoking or signing out can forget it. */
  credentialId: string;
  validUntil: number;
}

/**
 * Recently checked credentials (API tokens, session cookies), so a busy client does not pay a
 * database transaction per request just to prove who it is. An entry lives at most 30 seconds,
 * never past the credential's own expiry, and is dropped at once in this process when the
 * token is revoked, the session ends or the owner's password changes; another app process
 * behind the same load balancer (or the `opensend` command) changes only the database, which
 * this process reads again within those 30 seconds.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, now: Date): Principal | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (now.getTime() >= e.validUntil) {
      this.entries.delete(key);
      return undefined;
    }
    return e.principal;
  }

  /** Remembers a principal until `expiresAt` or for the cache's lifetime, whichever is sooner. */
  set(key: string, principal: Principal, credentialId: string, expiresAt: number, now: Date): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, {
      principal,
      credentialId,
      validUntil: Math.min(expiresAt, now.getTime() + this.ttlMs),
    });
  }

  forgetCredential(credentialId: string): void {
    for (const [k, e] of this.entries) if (e.credentialId === credentialId) this.entries.delete(k);
  }

  forgetUser(userId: string): void {
    for (const [k, e] of this.entries) if (e.principal.userId === userId) this.entries.delete(k);
  }
}

/** What one app process remembers: each app has its own, as each process would. */
export interface CredentialCaches {
  tokens: PrincipalCache;
  sessions: PrincipalCache;
}

export function credentialCaches(): CredentialCaches {
  return { tokens: new PrincipalCache(), sessions: new PrincipalCache() };
}
