import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DocumentModel } from './model.ts';
import { plainTextOf } from './plain-text.ts';

const letter: DocumentModel = {
  title: 'We will carry out an education, health and care needs assessment',
  sender: { name: 'Norfolk County Council', lines: ['SEND Service', 'Phone: 01603 000000'] },
  facts: [
    { label: 'Date', value: '8 December 2025' },
    { label: 'Child or young person', value: 'Łukasz Nowak' },
  ],
  addressee: ['Anna Nowak', '1 High Street', 'NR1 1AA'],
  blocks: [
    { kind: 'paragraph', text: 'Dear Anna Nowak,' },
    { kind: 'heading', text: 'What happens next' },
    { kind: 'list', items: ['advice from the school', 'advice from a psychologist'] },
    { kind: 'subheading', text: 'Mediation' },
    { kind: 'facts', rows: [{ label: 'Name', value: 'Oak Tree Academy' }] },
  ],
};

// The title is 64 characters long, so 64 = under it.
test('a letter as plain text: sender, addressee, facts, the title and each block in the order the PDF has them', () => {
  assert.equal(
    plainTextOf(letter),
    `${[
      'Norfolk County Council\nSEND Service\nPhone: 01603 000000',
      'Anna Nowak\n1 High Street\nNR1 1AA',
      'Date: 8 December 2025\nChild or young person: Łukasz Nowak',
      `We will carry out an education, health and care needs assessment\n${'='.repeat(64)}`,
      'Dear Anna Nowak,',
      'What happens next\n-----------------',
      '• advice from the school\n• advice from a psychologist',
      'Mediation',
      'Name: Oak Tree Academy',
    ].join('\n\n')}\n`,
  );
});

test('a document addressed to nobody (the plan) has no address, and an empty list of facts leaves no gap', () => {
  const text = plainTextOf({ ...letter, addressee: null, facts: [], blocks: [] });
  assert.equal(
    text,
    `Norfolk County Council\nSEND Service\nPhone: 01603 000000\n\nWe will carry out an education, health and care needs assessment\n${'='.repeat(64)}\n`,
  );
});

test('a heading is underlined to its length in characters, not in UTF-16 units', () => {
  const text = plainTextOf({ ...letter, blocks: [{ kind: 'heading', text: 'Σοφία 𝒜' }] });
  assert.ok(text.endsWith('Σοφία 𝒜\n-------\n'), text);
});
