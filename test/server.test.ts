import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/server/app.js';
import { postRaw, startTestApp, tempDataDir, TeamsUser } from './helpers/server.js';

const PERMISSIONS_NONE = `FolderName           User                 AccessRights                                SharingPermissionFlags
----------           ----                 ------------                                ----------------------
Calendar             Default              {None}
Calendar             Anonymous            {None}`;

describe('the bot server on a loopback port', () => {
  let app: App;
  const logs: string[] = [];
  beforeAll(async () => {
    app = await startTestApp(tempDataDir(), {}, logs);
  });
  afterAll(() => app.close());

  it('walks a whole diagnosis through POST /api/messages with expectReplies', async () => {
    const user = new TeamsUser(app.url);
    expect(await user.say('The caller does not have access to free/busy data')).toContain('Whose calendar');
    expect(await user.say('megan.bowen@contoso.com')).toContain('Get-MailboxFolderPermission -Identity "megan.bowen@contoso.com:\\Calendar"');
    const finding = await user.say(PERMISSIONS_NONE);
    expect(finding).toContain('AccessRights None');
    expect(finding).toContain('Did this fix it?');
    expect(await user.say('Yes, it works now')).toMatch(/fixed/i);
  });

  it('strips the Teams @mention before reading the message', async () => {
    const user = new TeamsUser(app.url);
    const mention = { type: 'mention', mentioned: user.bot, text: '<at>FreeBusy Doctor</at>' };
    await user.say('<at>FreeBusy Doctor</at> The caller does not have access to free/busy data', { entities: [mention] });
    // The mailbox question takes only an address: it would refuse the answer with the mention left in.
    const reply = await user.say('<at>FreeBusy Doctor</at> megan.bowen@contoso.com', { entities: [mention] });
    expect(reply).toContain('Get-MailboxFolderPermission -Identity "megan.bowen@contoso.com:\\Calendar"');
  });

  it('reads a paste that Teams delivered as HTML, line breaks and entities included', async () => {
    const user = new TeamsUser(app.url);
    await user.say('The caller does not have access to free/busy data');
    await user.say('megan.bowen@contoso.com');
    const html = `<div><at>FreeBusy Doctor</at></div><pre>${PERMISSIONS_NONE.replace(/\n/g, '<br>').replace(/\{/g, '&#123;')}</pre>`;
    const flattened = PERMISSIONS_NONE.replace(/\s+/g, ' ');
    const reply = await user.say(flattened, { attachments: [{ contentType: 'text/html', content: html }] });
    expect(reply).toContain('AccessRights None');
  });

  it('answers a repeated activity id once', async () => {
    const user = new TeamsUser(app.url);
    const activity = user.activity('help');
    const first = await postRaw(app.url, JSON.stringify(activity));
    const again = await postRaw(app.url, JSON.stringify(activity));
    expect(first.activities.length).toBeGreaterThan(0);
    expect(again.status).toBe(200);
    expect(again.activities).toEqual([]);
  });

  it('serves two messages of one conversation in the order they were sent, even when sent together', async () => {
    const user = new TeamsUser(app.url);
    const [a, b] = await Promise.all([user.send('The caller does not have access to free/busy data'), user.send('megan.bowen@contoso.com')]);
    expect(a.activities.map((x) => x.text).join('\n')).toContain('Whose calendar');
    expect(b.activities.map((x) => x.text).join('\n')).toContain('Get-MailboxFolderPermission');
  });

  it('refuses malformed requests with a 400 that says why, and keeps serving', async () => {
    expect((await postRaw(app.url, '{"type": "message", ')).status).toBe(400);
    expect((await postRaw(app.url, '[1,2,3]')).status).toBe(400);
    const noType = await postRaw(app.url, JSON.stringify({ conversation: { id: 'x' } }));
    expect(noType.status).toBe(400);
    expect(noType.body).toContain('no \\"type\\"');
    const noConversation = await postRaw(app.url, JSON.stringify({ type: 'message', channelId: 'msteams', text: 'hi', deliveryMode: 'expectReplies' }));
    expect(noConversation.body).toContain('conversation.id');
    const badText = await postRaw(app.url, JSON.stringify(new TeamsUser(app.url).activity('x', { text: 42 as unknown as string })));
    expect(badText.status).toBe(400);
    expect((await postRaw(app.url, 'type=message', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('ignores activity types it does not handle', async () => {
    const user = new TeamsUser(app.url);
    const r = await postRaw(app.url, JSON.stringify({ ...user.activity(''), type: 'somethingNew', text: undefined }));
    expect(r.status).toBe(200);
    expect(r.activities).toEqual([]);
  });

  it('answers a 1 MB message, and refuses a body over the limit with 413', async () => {
    const user = new TeamsUser(app.url);
    const big = `The caller does not have access to free/busy data\n${'x'.repeat(1024 * 1024)}`;
    const r = await user.send(big);
    expect(r.status).toBe(200);
    expect(r.activities.length).toBeGreaterThan(0);
    const huge = await user.send('y'.repeat(5 * 1024 * 1024));
    expect(huge.status).toBe(413);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('reports health and readiness', async () => {
    const health = await fetch(`${app.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { knowledge: true, storage: true } });
  });

  it('has no Slack route when Slack is not configured', async () => {
    expect((await fetch(`${app.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('names the way to talk to it at start, and warns that it runs unauthenticated', () => {
    const banner = app.banner.join('\n');
    expect(banner).toContain(`${app.url}/api/messages`);
    expect(banner).toMatch(/NOT authenticated/);
    expect(banner).toContain('freebusy-doctor chat');
  });
});

describe('with Bot Framework credentials configured', () => {
  it('refuses a request without an Authorization header with 401', async () => {
    const app = await startTestApp(tempDataDir(), {
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppTenantId: '66666666-7777-8888-9999-000000000000',
      MicrosoftAppType: 'SingleTenant',
    });
    try {
      const r = await new TeamsUser(app.url).send('help');
      expect(r.status).toBe(401);
      const forged = await postRaw(app.url, JSON.stringify(new TeamsUser(app.url).activity('help')), { 'content-type': 'application/json', authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' });
      expect(forged.status).toBe(401);
      expect(app.banner.join('\n')).toContain('authenticated as app 11111111-2222-3333-4444-555555555555');
    } finally {
      await app.close();
    }
  });
});

describe('restart', () => {
  it('continues a conversation stopped mid-walk after the server restarts on the same DATA_DIR', async () => {
    const dataDir = tempDataDir();
    const first = await startTestApp(dataDir);
    const user = new TeamsUser(first.url);
    await user.say('The caller does not have access to free/busy data');
    expect(await user.say('megan.bowen@contoso.com')).toContain('Get-MailboxFolderPermission');
    await first.close();

    const second = await startTestApp(dataDir);
    try {
      user.url = second.url;
      const reply = await user.say(PERMISSIONS_NONE);
      expect(reply).toContain('AccessRights None');
      expect(reply).toContain('Did this fix it?');
    } finally {
      await second.close();
    }
  });
});

describe('Teams channels (RSC delivers every message)', () => {
  it('answers a channel post that @mentions the bot, follows up in that thread without a mention, and ignores other posts', async () => {
    const app = await startTestApp();
    try {
      const thread = new TeamsUser(app.url, `19:general@thread.tacv2;messageid=${Date.now()}`);
      const inChannel = (extra: Record<string, unknown> = {}) => ({ conversation: { id: thread.conversationId, isGroup: true, conversationType: 'channel', name: '' }, ...extra });
      const mention = { type: 'mention', mentioned: thread.bot, text: '<at>FreeBusy Doctor</at>' };
      expect(await thread.say('<at>FreeBusy Doctor</at> The caller does not have access to free/busy data', inChannel({ entities: [mention] }))).toContain('Whose calendar');
      expect(await thread.say('megan.bowen@contoso.com', inChannel())).toContain('Get-MailboxFolderPermission');

      const other = new TeamsUser(app.url, `19:general@thread.tacv2;messageid=${Date.now() + 1}`);
      const ignored = await other.send('anyone know why free/busy is broken?', { conversation: { id: other.conversationId, isGroup: true, conversationType: 'channel', name: '' } });
      expect(ignored.status).toBe(200);
      expect(ignored.activities).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

describe('summaries on Teams', () => {
  it('sends a summary card with a one-line lead (Teams would show a full text and the card as two messages); the Emulator keeps the text', async () => {
    const app = await startTestApp();
    try {
      for (const channelId of ['msteams', 'emulator']) {
        const user = new TeamsUser(app.url, `a:${channelId}-${Date.now()}`, channelId);
        await user.say('The caller does not have access to free/busy data');
        await user.say('megan.bowen@contoso.com');
        const status = (await user.send('status')).activities.find((a) => a.attachments?.some((x) => x.contentType === 'application/vnd.microsoft.card.adaptive'));
        expect(status, channelId).toBeDefined();
        if (channelId === 'msteams') {
          expect(status?.text).toMatch(/^Error: \*\*The caller does not have access to free\/busy data\*\* \(no-free-busy-access\)/);
          expect(status?.text).not.toContain('\n');
          expect(JSON.stringify(status?.attachments)).toContain('megan.bowen@contoso.com');
        } else {
          expect(status?.text).toContain('Known: the mailbox whose free/busy cannot be seen: megan.bowen@contoso.com.');
        }
      }
    } finally {
      await app.close();
    }
  });
});
