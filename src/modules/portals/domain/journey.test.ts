import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { consentSchema, missingAnswers, referenceFrom, stepsFor } from './journey.ts';

describe('the request’s questions', () => {
  it('asks a school for the family’s agreement, and a family not', () => {
    assert.deepEqual(stepsFor('school'), ['what', 'needs', 'views', 'consent', 'files']);
    assert.deepEqual(stepsFor('parent'), ['what', 'needs', 'views', 'files']);
  });

  it('names each question still to answer, on the page that asks it', () => {
    assert.deepEqual(
      missingAnswers('school', null, {}).map((m) => m.step),
      ['what', 'needs', 'views', 'consent'],
    );
    assert.deepEqual(missingAnswers('parent', 'help', { needs: 'n', views: 'v' }), []);
  });

  it('takes agreement given today or before, never on a day to come', () => {
    const s = consentSchema('2026-03-02');
    assert.equal(s.safeParse({ agreed: 'yes', by: 'A Parent', on: '2026-03-02' }).success, true);
    assert.equal(s.safeParse({ agreed: 'yes', by: 'A Parent', on: '2026-03-03' }).success, false);
    assert.equal(s.safeParse({ agreed: 'no', by: 'A Parent', on: '2026-03-01' }).success, false);
  });

  it('makes references of R and seven letters or digits, never I or O', () => {
    // Bytes 0, 9, 10 and 33 are the alphabet's first and last digit, first letter and last letter.
    assert.equal(referenceFrom(Uint8Array.from([0, 9, 10, 33, 34, 43, 44])), 'R09AZ09A');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 7, maxLength: 7 }), (bytes) => {
        assert.match(referenceFrom(bytes), /^R[0-9A-HJ-NP-Z]{7}$/);
      }),
    );
  });
});
