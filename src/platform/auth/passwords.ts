import fs from 'node:fs';
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

let denyList: Set<string> | undefined;
/** The passwords attackers try first (common-passwords.txt says where they come from), read once. */
function commonPasswords(): Set<string> {
  denyList ??= new Set(
    fs
      .readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#')),
  );
  return denyList;
}

/** Lower case without spaces or separators: "Pass-Word 1" and "password1" are the same guess. */
function squashed(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s._-]+/g, '');
}

/** What is left with digits and symbols taken off both ends: "Summer2024!" → "summer". */
function core(s: string): string {
  return s.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
}

/** One short piece over and over ("aaaaaaaaaaaa", "abcabcabcabc", "199019901990"). */
const repeated = /^(.{1,4})\1+$/su;

function isCommon(password: string): boolean {
  const list = commonPasswords();
  const lower = password.normalize('NFKC').toLowerCase();
  const forms = new Set([lower, squashed(password)]);
  for (const f of [...forms]) forms.add(core(f));
  return [...forms].some((f) => list.has(f) || repeated.test(f));
}

/** The person a password is for, so it can be refused when it is only their name or address. */
export interface PasswordOwner {
  email?: string;
  name?: string;
}

const tooEasy = 'Choose a password that is harder to guess:';

/**
 * Why a new password is not acceptable, or null when it is. NCSC guidance: length rather than
 * rules about character types, and no password from a deny-list of the commonest ones or made of
 * the person's own name or email address. Every place a password is set asks this.
 */
export function passwordProblem(password: string, owner: PasswordOwner = {}): string | null {
  if (password.length < passwordRules.min) return `Password must be ${passwordRules.min} characters or more`;
  if (password.length > passwordRules.max) return `Password must be ${passwordRules.max} characters or fewer`;
  if (isCommon(password))
    return `${tooEasy} avoid common passwords, words with numbers or a year added, and keyboard patterns. Three or more random words make a good one`;
  // Only their name or address, perhaps with digits or symbols added: a passphrase that happens
  // to hold one of its words is not refused for that.
  const own = [owner.email, owner.email?.split('@')[0], owner.name].map((s) => squashed(s ?? ''));
  const mine = squashed(password);
  if (own.includes(mine) || own.includes(core(mine)))
    return `${tooEasy} do not use your name or email address as your password`;
  return null;
}
