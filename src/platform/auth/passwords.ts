import { hash, verify } from '@node-rs/argon2';

// argon2id (the library's default algorithm) with OWASP's second recommended parameter set.
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const passwordRules = { min: 12, max: 256 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

/** False for an account with no password yet (an open invitation), after the same work as a wrong one. */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    if (passwordHash === null) {
      await verify(await decoyHash(), password);
      return false;
    }
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A hash of a random password, checked when the account does not exist, so that a wrong
// email takes as long to refuse as a wrong password and does not reveal who has an account.
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(`decoy-${Math.random()}-${Date.now()}`);
  return decoy;
}

/** Why a new password is not acceptable, or null when it is. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < passwordRules.min) return `Password must be ${passwordRules.min} characters or more`;
  if (password.length > passwordRules.max) return `Password must be ${passwordRules.max} characters or fewer`;
  if (email && password.toLowerCase().includes(email.toLowerCase().split('@')[0] ?? email))
    return 'Password must not contain your email address';
  return null;
}
