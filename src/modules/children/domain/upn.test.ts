import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { normaliseUpn, upnCheckLetter, upnLetters, upnProblem } from './upn.ts';

test('check letters worked by hand', () => {
  // 9·2 + 2·3 + 6·4 + 1·5 + 2·6 + 3·7 + 4·8 + 0·9 + 1·10 + 0·11 + 0·12 + 1·13 = 141; 141 mod 23 = 3 → D
  assert.equal(upnCheckLetter('926123401001'), 'D');
  // The same with a temporary serial ending A (value 0): 141 − 13 = 128; 128 mod 23 = 13 → P
  assert.equal(upnCheckLetter('92612340100A'), 'P');
  // All zeros: 0 → A
  assert.equal(upnCheckLetter('000000000000'), 'A');
  // Z is the 23rd letter (value 22): 22·13 = 286; 286 mod 23 = 10 → L
  assert.equal(upnCheckLetter('00000000000Z'), 'L');
  // All nines: 9 · (2 + 3 + … + 13) = 9 · 90 = 810; 810 mod 23 = 5 → F
  assert.equal(upnCheckLetter('999999999999'), 'F');
});

test('valid UPNs pass, permanent and temporary', () => {
  for (const upn of ['D926123401001', 'P92612340100A', 'A000000000000', 'L00000000000Z', 'F999999999999'])
    assert.equal(upnProblem(upn), null, upn);
});

test('a wrong check letter is refused, saying which letter it should be', () => {
  assert.equal(
    upnProblem('A926123401001'),
    'UPN check letter is wrong: for 926123401001 it should start with D',
  );
});

test('wrong length, wrong shape and the letters I, O and S are refused', () => {
  assert.match(upnProblem('D92612340100') ?? '', /13 characters/);
  assert.match(upnProblem('D9261234010011') ?? '', /13 characters/);
  assert.match(upnProblem('9926123401001') ?? '', /a letter, then 11 digits/);
  assert.match(upnProblem('D92612340A001') ?? '', /a letter, then 11 digits/);
  for (const letter of ['I', 'O', 'S'])
    assert.equal(upnProblem(`X92612340100${letter}`), 'The last character of a UPN cannot be I, O or S');
});

test('typed with spaces and in lower case, a UPN is normalised', () => {
  assert.equal(normaliseUpn(' d926 1234 0100 1 '), 'D926123401001');
});

const digit = fc.constantFrom(...'0123456789');
const rest = fc
  .tuple(fc.array(digit, { minLength: 11, maxLength: 11 }), fc.constantFrom(...`0123456789${upnLetters}`))
  .map(([digits, last]) => digits.join('') + last);
const validUpn = rest.map((r) => `${upnCheckLetter(r)}${r}`);

test('property: the computed check letter always makes a valid UPN', () => {
  fc.assert(fc.property(validUpn, (upn) => upnProblem(upn) === null));
});

test('property: changing any one digit is always caught', () => {
  fc.assert(
    fc.property(
      validUpn,
      fc.integer({ min: 1, max: 11 }),
      fc.integer({ min: 1, max: 9 }),
      (upn, at, delta) => {
        const changed = (Number(upn.charAt(at)) + delta) % 10;
        const typo = upn.slice(0, at) + String(changed) + upn.slice(at + 1);
        return upnProblem(typo) !== null;
      },
    ),
  );
});

test('property: swapping two different neighbouring digits is always caught', () => {
  fc.assert(
    fc.property(validUpn, fc.integer({ min: 1, max: 10 }), (upn, at) => {
      const [a, b] = [upn.charAt(at), upn.charAt(at + 1)];
      fc.pre(a !== b && /\d/.test(b));
      const swapped = upn.slice(0, at) + b + a + upn.slice(at + 2);
      return upnProblem(swapped) !== null;
    }),
  );
});
