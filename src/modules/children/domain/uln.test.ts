import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ulnCheckDigit, ulnProblem } from './uln.ts';

test('check digits worked by hand', () => {
  // 1·10 + 2·9 + 3·8 + 4·7 + 5·6 + 6·5 + 7·4 + 8·3 + 9·2 = 210; 210 mod 11 = 1; 10 − 1 = 9
  assert.equal(ulnCheckDigit('123456789'), 9);
  // 9 · (10 + 9 + … + 2) = 9 · 54 = 486; 486 mod 11 = 2; 10 − 2 = 8
  assert.equal(ulnCheckDigit('999999999'), 8);
  // 1·10 + 1·9 + 1·2 = 21; 21 mod 11 = 10; 10 − 10 = 0
  assert.equal(ulnCheckDigit('110000001'), 0);
  // 1·5 + 2·3 = 11; 11 mod 11 = 0: no ULN starts like this
  assert.equal(ulnCheckDigit('000001020'), null);
  assert.equal(ulnCheckDigit('000000000'), null);
});

test('valid ULNs pass; wrong ones say what is wrong', () => {
  assert.equal(ulnProblem('1234567899'), null);
  assert.equal(ulnProblem('9999999998'), null);
  assert.equal(ulnProblem('1100000010'), null);
  assert.equal(ulnProblem('1234567890'), 'ULN check digit is wrong: for 123456789 it should end with 9');
  assert.equal(ulnProblem('0000010200'), 'ULN is not valid: no ULN starts with 000001020');
  assert.equal(ulnProblem('123456789'), 'ULN must be 10 digits');
  assert.equal(ulnProblem('12345678AB'), 'ULN must be 10 digits');
});

const first9 = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
  .map((d) => d.join(''))
  .filter((s) => ulnCheckDigit(s) !== null);
const validUln = first9.map((s) => `${s}${ulnCheckDigit(s)}`);

test('property: a ULN with its computed check digit is valid', () => {
  fc.assert(fc.property(validUln, (uln) => ulnProblem(uln) === null));
});

test('property: changing any one digit of a valid ULN is always caught', () => {
  fc.assert(
    fc.property(
      validUln,
      fc.integer({ min: 0, max: 9 }),
      fc.integer({ min: 1, max: 9 }),
      (uln, at, delta) => {
        const typo = uln.slice(0, at) + String((Number(uln.charAt(at)) + delta) % 10) + uln.slice(at + 1);
        return ulnProblem(typo) !== null;
      },
    ),
  );
});
