import assert from 'node:assert/strict';
import type { TestApp } from './app.ts';
import { addUser, apiAs, tokenFor } from './children.ts';

/**
 * Opens an EHC request through the API, as the person the API client acts for, and records its
 * steps in turn: a coordinator's request is theirs, a manager's is not yet allocated.
 */
export async function openEhcRequest(
  api: ReturnType<typeof apiAs>,
  childId: string,
  receivedOn: string,
  events: Record<string, unknown>[] = [],
): Promise<string> {
  const opened = await api.post('/api/v1/ehc/requests', {
    childId,
    receivedOn,
    source: 'parent',
    requestedBy: 'Pat Parent',
    consent: true,
  });
  assert.equal(opened.statusCode, 201, opened.body);
  const id = (opened.json() as { id: string }).id;
  for (const event of events) {
    const recorded = await api.post(`/api/v1/ehc/requests/${id}/events`, { event, corrects: null });
    assert.equal(recorded.statusCode, 201, recorded.body);
  }
  return id;
}

/** The LA's letter details, which a letter needs before it can be sent. */
export const letterSettings = {
  serviceName: 'SEND Service',
  address: 'County Hall\nMartineau Lane\nNorwich',
  phone: '01632 960100',
  email: 'send@example.org',
  website: 'https://localoffer.example.org',
  iasName: 'Test SENDIASS',
  iasPhone: '01632 960200',
  iasWebsite: '',
  mediationName: 'Test Mediation',
  mediationPhone: '01632 960300',
  mediationEmail: '',
  disagreementName: 'Test Disagreement Resolution',
  disagreementPhone: '01632 960400',
};

/** The LA's letter details saved by a SEND team manager of the test's LA, so letters can be sent. */
export async function saveLetterSettings(t: TestApp): Promise<void> {
  const manager = await addUser(t, t.la.code, 'letters-manager', ['send_team_manager']);
  const saved = await apiAs(t, await tokenFor(t, t.la.code, manager.id)).put('/api/v1/ehc/letter-settings', {
    ...letterSettings,
    version: 0,
  });
  assert.equal(saved.statusCode, 200, saved.body);
}
