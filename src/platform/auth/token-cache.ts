import type { Principal } from './principal.ts';

interface Entry {
  principal: Principal;
  tokenId: string;
  tokenExpiresAt: number;
  cachedUntil: number;
}

/**
 * Recently checked API tokens, so a program calling the API many times a second does not pay a
 * database round trip per call to prove who it is. Entries live 30 seconds and are dropped at
 * once, in this process, when the token is revoked or its owner's password changes; another app
 * process behind the same load balancer notices within those 30 seconds.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 10_000,
  ) {}

  get(tokenHash: string, now: Date): Principal | undefined {
    const e = this.entries.get(tokenHash);
    if (!e) return undefined;
    if (now.getTime() >= e.cachedUntil || now.getTime() >= e.tokenExpiresAt) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return e.principal;
  }

  set(tokenHash: string, entry: Omit<Entry, 'cachedUntil'>, now: Date): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(tokenHash, { ...entry, cachedUntil: now.getTime() + this.ttlMs });
  }

  forgetToken(tokenId: string): void {
    for (const [k, e] of this.entries) if (e.tokenId === tokenId) this.entries.delete(k);
  }

  forgetUser(userId: string): void {
    for (const [k, e] of this.entries) if (e.principal.userId === userId) this.entries.delete(k);
  }
}

export const tokenCache = new TokenCache();
