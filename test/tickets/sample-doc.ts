/** A sample escalation document and a recording DeliveryContext, shared by the connector tests. */
import type { DeliveryContext, RemoteTicket, TicketDocument } from '../../src/tickets/types.js';

export const SAMPLE_SUMMARY = [
  '# Free/busy escalation',
  '',
  '**Error:** `AutoDiscoverFailed` (confidence: high)',
  'Direction: cloud → on-premises, OAuth',
  '',
  '## Steps tried',
  '',
  '1. Ran `Test-OAuthConnectivity` — **failed**',
  '2. Checked the organization relationship',
  '   - `TargetAutodiscoverEpr` was empty',
  '',
  '- contoso.com',
  '- fabrikam.com',
  '',
  '```powershell',
  'Get-OrganizationRelationship | fl Name,TargetAutodiscoverEpr',
  '```',
  '',
  '## What remains',
  '',
  'Set the Autodiscover endpoint and retest.',
].join('\n');

export const SAMPLE_TRANSCRIPT_MD = '# Conversation\n\n**Admin:** free/busy fails from cloud users\n\n**Bot:** Which direction fails? ✔ ünïcödé\n';

export const SAMPLE_TRANSCRIPT_JSON = JSON.stringify([
  { type: 'message', id: '1', timestamp: '2026-11-22T10:00:00Z', channelId: 'msteams', from: { id: 'u1', name: 'Admin', role: 'user' }, text: 'free/busy fails' },
  { type: 'message', id: '2', timestamp: '2026-11-22T10:00:01Z', channelId: 'msteams', from: { id: 'b1', name: 'FreeBusy Doctor', role: 'bot' }, text: 'Which direction fails?' },
]);

export function sampleDoc(overrides: Partial<TicketDocument> = {}): TicketDocument {
  return {
    escalationId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    reference: 'FBD-2026-000123',
    title: 'Free/busy: AutoDiscoverFailed (contoso.com)',
    description: 'Cloud users cannot see on-premises free/busy since Monday.',
    urgency: 'high',
    summaryMarkdown: SAMPLE_SUMMARY,
    transcriptMarkdown: SAMPLE_TRANSCRIPT_MD,
    transcriptJson: SAMPLE_TRANSCRIPT_JSON,
    redaction: { total: 3, counts: { guid: 2, email: 1 } },
    errorId: 'autodiscover-failed',
    domain: 'contoso.com',
    createdAt: '2026-11-22T10:00:00.000Z',
    ...overrides,
  };
}

export interface TestContext extends DeliveryContext {
  createdCalls: RemoteTicket[];
}

/** A DeliveryContext that records `created` calls; `onCreated` runs at the moment of the call. */
export function testContext(opts: { attempt?: number; known?: RemoteTicket; onCreated?: (t: RemoteTicket) => void; signal?: AbortSignal } = {}): TestContext {
  const createdCalls: RemoteTicket[] = [];
  return {
    attempt: opts.attempt ?? 1,
    ...(opts.known ? { known: opts.known } : {}),
    signal: opts.signal ?? new AbortController().signal,
    createdCalls,
    created(t: RemoteTicket) {
      createdCalls.push(t);
      opts.onCreated?.(t);
    },
  };
}
