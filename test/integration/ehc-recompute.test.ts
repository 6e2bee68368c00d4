import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import { addChild, apiAs, tokenFor } from '../support/children.ts';

// The test clock stands at 2 March 2026.
let t: TestApp;
let api: ReturnType<typeof apiAs>;
before(async () => {
  t = await startTestApp();
  api = apiAs(t, await tokenFor(t, t.la.code, t.la.users.coordinator.id));
});
after(() => t.close());

const stored = async (id: string) =>
  (
    await sql<{ next_due_on: string; engine_version: number; version: number; due: string }>`
      SELECT to_char(r.next_due_on, 'YYYY-MM-DD') AS next_due_on, r.engine_version, r.version,
        (SELECT to_char(d.due_on, 'YYYY-MM-DD') FROM ehc_deadlines d
          WHERE d.request_id = r.id AND d.step = 'decide-whether-to-assess') AS due
      FROM ehc_requests r WHERE r.id = ${id}`.execute(t.database.db)
  ).rows[0];

test('requests stored by an older engine are worked out again in the background when the LA’s lists are read', async () => {
  const childId = await addChild(t, t.la.code);
  const res = await api.post('/api/v1/ehc/requests', {
    childId,
    receivedOn: '2026-02-02',
    source: 'parent',
    requestedBy: 'Pat Parent',
    consent: true,
  });
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().id as string;
  // As an older engine might have left it: wrong dates, and the old version number.
  await sql`UPDATE ehc_requests SET engine_version = 1, next_due_on = '2000-01-01' WHERE id = ${id}`.execute(
    t.database.db,
  );
  await sql`UPDATE ehc_deadlines SET due_on = '2000-01-01' WHERE request_id = ${id}`.execute(t.database.db);
  const before = await stored(id);

  const list = await api.get('/api/v1/ehc/requests');
  assert.equal(list.json().updating, true);
  // The worker picks the job up within a second or two.
  for (let i = 0; i < 100 && (await stored(id))?.engine_version === 1; i++)
    await new Promise((r) => setTimeout(r, 100));
  const after = await stored(id);
  // Received Mon 2 Feb 2026: decide whether to assess within 6 weeks, by Mon 16 Mar.
  assert.deepEqual(
    [after?.next_due_on, after?.due, after?.version],
    ['2026-03-16', '2026-03-16', before?.version],
  );
  assert.ok((after?.engine_version ?? 0) > 1, 'stored by the current engine');
  assert.equal((await api.get('/api/v1/ehc/requests')).json().updating, false);
});
