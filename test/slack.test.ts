/**
 * The Slack channel end to end on loopback: a real Bolt HTTPReceiver behind a node:http (and a
 * restify) server, requests signed here as Slack signs them, and a local HTTP server standing
 * in for the Slack Web API that records what the bot posts. Plus the pure Block Kit rendering.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import restify from 'restify';
import { CardFactory, MessageFactory, type CardAction } from 'botbuilder';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  activityToSlackMessages,
  markChoiceMade,
  markdownToMrkdwn,
  SLACK_LIMITS,
  splitMrkdwn,
  type SlackBlock,
} from '../src/channels/slack/blocks.js';
import { mentionsBot, parseSlackConversationId, slackConversationId, slackMessageText } from '../src/channels/slack/slack-adapter.js';
import { createSlackChannel, normaliseApiUrl, type SlackChannel } from '../src/channels/slack/slack-channel.js';
import { BotRuntime } from '../src/runtime/bot-runtime.js';
import { loadKnowledgeAndClassifier, type Knowledge } from '../src/runtime/load-knowledge.js';
import { openDatabase, type Db } from '../src/storage/database.js';
import { SeenIds } from '../src/storage/seen-ids.js';
import { SqliteStorage } from '../src/storage/sqlite-storage.js';
import { testOrgRel } from './stories/outputs.js';
import { until } from './helpers/until.js';

const SECRET = 'test-signing-secret';
const BOT = 'UBOT';
const ADMIN = 'UADMIN';
const TEAM = 'T1';
const CHANNEL = 'C1';
/** Slack waits 3 s for the ack; the VM is noisy, so the assertion leaves room. */
const ACK_BUDGET_MS = 2500;

const TMG_403 =
  'Proxy web request failed. , inner exception: System.Net.WebException: The request failed with HTTP status 403: Forbidden ( The server denied the specified Uniform Resource Locator (URL). Contact the server administrator. ). LID: 43532 Name of the server where exception originated: AM4PR05MB3201';

// ---------------------------------------------------------------- the Web API stand-in

interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  /** the ts the stand-in gave a posted message */
  ts?: string;
  answeredAt?: number;
}

/** Answers like slack.com/api: form-encoded arguments in, `{ok: true, …}` out; records every call. */
class SlackApiStandIn {
  readonly calls: ApiCall[] = [];
  /** chat.postMessage answers are held back this long (a slow Slack). */
  postDelayMs = 0;
  private posted = 0;
  private readonly server: Server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    // No trailing slash on purpose: the channel must normalise it.
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  posts(): ApiCall[] {
    return this.calls.filter((c) => c.method === 'chat.postMessage');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const args: Record<string, unknown> = {};
    const form = (req.headers['content-type'] ?? '').includes('json') ? Object.entries(JSON.parse(raw || '{}') as object) : [...new URLSearchParams(raw)];
    // Nested arguments (blocks) arrive JSON-encoded inside the form.
    for (const [k, v] of form) args[k] = k === 'blocks' && typeof v === 'string' ? JSON.parse(v) : v;
    const method = (req.url ?? '').replace(/^.*\/api\//, '').replace(/\?.*$/, '');
    const call: ApiCall = { method, args };
    this.calls.push(call);
    let body: Record<string, unknown>;
    switch (method) {
      case 'auth.test':
        body = { ok: true, url: 'https://contoso.slack.com/', team: 'Contoso', user: 'freebusy-doctor', team_id: TEAM, user_id: BOT, bot_id: 'BBOT' };
        break;
      case 'chat.postMessage':
        call.ts = `${1800000000 + ++this.posted}.000100`;
        if (this.postDelayMs) await new Promise((r) => setTimeout(r, this.postDelayMs));
        body = { ok: true, channel: args.channel, ts: call.ts, message: { text: args.text, ts: call.ts } };
        break;
      case 'chat.update':
      case 'chat.delete':
        body = { ok: true, channel: args.channel, ts: args.ts };
        break;
      default:
        body = { ok: false, error: 'unknown_method' };
    }
    call.answeredAt = Date.now();
    // Not chained: restify (loaded by this file) patches writeHead to return nothing.
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  }
}

// ---------------------------------------------------------------- the bot behind Bolt

let knowledge: Knowledge;
let dir: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  knowledge = await loadKnowledgeAndClassifier();
  dir = mkdtempSync(join(tmpdir(), 'fbd-slack-'));
});

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Rig {
  api: SlackApiStandIn;
  channel: SlackChannel;
  /** base URL of the server Bolt is mounted on */
  url: string;
  logs: string[];
  db: Db;
}

function listen(server: Server | restify.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

/** A runtime over a real SQLite file, the Slack channel on it, and a server mounting its listener. */
async function rig(options: { dbFile?: string; api?: SlackApiStandIn; restify?: boolean } = {}): Promise<Rig> {
  const api = options.api ?? new SlackApiStandIn();
  const apiUrl = await api.start();
  const db = openDatabase(options.dbFile ?? join(dir, `${randomUUID()}.sqlite`));
  const logs: string[] = [];
  const runtime = new BotRuntime({ ...knowledge, storage: new SqliteStorage(db), seen: new SeenIds(db), log: (m) => logs.push(m) });
  const channel = await createSlackChannel({ runtime, signingSecret: SECRET, botToken: 'xoxb-test', apiUrl, log: (m) => logs.push(m) });
  let url: string;
  let closeServer: () => Promise<void>;
  if (options.restify) {
    const server = restify.createServer();
    // As the real server: a body parser only where Bot Framework needs one, none on the Slack route.
    server.post('/api/messages', restify.plugins.bodyParser(), (_req, res, next) => {
      res.send(200);
      next();
    });
    server.post('/slack/events', (req, res, _next) => {
      channel.requestListener!(req, res);
    });
    url = await listen(server);
    closeServer = async () => {
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    };
  } else {
    const server = createServer((req, res) => channel.requestListener!(req, res));
    url = await listen(server);
    closeServer = async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    };
  }
  cleanups.push(async () => {
    await channel.stop();
    await closeServer();
    await api.close();
    db.close();
  });
  return { api, channel, url, logs, db };
}

function sign(body: string, timestamp: number, secret = SECRET): string {
  return 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
}

interface Sent {
  status: number;
  text: string;
  ms: number;
}

async function send(url: string, body: string, options: { contentType?: string; timestamp?: number; secret?: string; headers?: Record<string, string> } = {}): Promise<Sent> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const started = Date.now();
  const res = await fetch(`${url}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': sign(body, timestamp, options.secret),
      ...options.headers,
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, ms: Date.now() - started };
}

let clock = 1700000000;
function nextTs(): string {
  return `${++clock}.000200`;
}

interface MessageEvent {
  type?: 'message' | 'app_mention';
  text: string;
  ts?: string;
  thread_ts?: string;
  channel?: string;
  channel_type?: string;
  user?: string;
  subtype?: string;
}

function eventBody(e: MessageEvent & { ts: string }, eventId = `Ev${randomUUID().slice(0, 8)}`): string {
  const type = e.type ?? 'message';
  const event = {
    type,
    user: e.user ?? ADMIN,
    text: e.text,
    ts: e.ts,
    event_ts: e.ts,
    channel: e.channel ?? CHANNEL,
    team: TEAM,
    ...(e.thread_ts ? { thread_ts: e.thread_ts } : {}),
    ...(type === 'message' ? { channel_type: e.channel_type ?? 'channel' } : {}),
    ...(e.subtype ? { subtype: e.subtype } : {}),
  };
  return JSON.stringify({
    token: 'legacy',
    team_id: TEAM,
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: TEAM, user_id: BOT, is_bot: true, is_enterprise_install: false }],
    event,
  });
}

async function say(r: Rig, e: MessageEvent, eventId?: string): Promise<{ sent: Sent; ts: string }> {
  const ts = e.ts ?? nextTs();
  const sent = await send(r.url, eventBody({ ...e, ts }, eventId));
  expect(sent.status).toBe(200);
  return { sent, ts };
}


function textOf(call: ApiCall): string {
  const blocks = (call.args.blocks ?? []) as SlackBlock[];
  const sectionText = blocks.map((b) => (b.type === 'section' ? (b.text?.text ?? '') : '')).join('\n');
  return `${String(call.args.text ?? '')}\n${sectionText}`;
}

function buttonsOf(call: ApiCall): { text: string; value?: string; action_id: string }[] {
  const blocks = (call.args.blocks ?? []) as SlackBlock[];
  return blocks.flatMap((b) => (b.type === 'actions' ? (b.elements as unknown as { text: { text: string }; value?: string; action_id: string }[]) : [])).map((e) => ({ text: e.text.text, value: e.value, action_id: e.action_id }));
}

function postIn(r: Rig, threadTs: string | undefined, contains: string): ApiCall | undefined {
  return r.api.posts().find((c) => c.args.thread_ts === threadTs && textOf(c).includes(contains));
}

/** A block_actions click on a button of a posted message, form-encoded as Slack sends interactivity. */
function clickBody(post: ApiCall, buttonValue: string, rootTs: string): string {
  const button = buttonsOf(post).find((b) => b.value === buttonValue);
  if (!button) throw new Error(`no button ${buttonValue} in ${JSON.stringify(post.args.blocks)}`);
  const payload = {
    type: 'block_actions',
    user: { id: ADMIN, username: 'admin', name: 'admin', team_id: TEAM },
    api_app_id: 'A1',
    token: 'legacy',
    container: { type: 'message', message_ts: post.ts, channel_id: CHANNEL, is_ephemeral: false, thread_ts: rootTs },
    trigger_id: '1.2.3',
    team: { id: TEAM, domain: 'contoso' },
    channel: { id: CHANNEL, name: 'exchange-admins' },
    message: { type: 'message', user: BOT, bot_id: 'BBOT', ts: post.ts, thread_ts: rootTs, text: post.args.text, blocks: post.args.blocks },
    response_url: 'https://hooks.slack.invalid/actions/1',
    actions: [{ type: 'button', action_id: button.action_id, block_id: 'b', text: { type: 'plain_text', text: button.text }, value: button.value, action_ts: `${Date.now() / 1000}` }],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

// ---------------------------------------------------------------- HTTP: verification and acks

describe('Slack over HTTP: signatures, acks and threads', () => {
  it('answers the url_verification challenge', async () => {
    const r = await rig();
    const sent = await send(r.url, JSON.stringify({ token: 'legacy', challenge: 'c-123', type: 'url_verification' }));
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('c-123');
  });

  it('acks a signed mention fast and replies in the thread the post starts', async () => {
    const r = await rig();
    const { sent, ts } = await say(r, { type: 'app_mention', text: `<@${BOT}> hello` });
    expect(sent.ms).toBeLessThan(ACK_BUDGET_MS);
    const reply = await until('a reply', () => r.api.posts()[0]);
    expect(reply.args.channel).toBe(CHANNEL);
    expect(reply.args.thread_ts).toBe(ts);
    expect(r.api.calls.filter((c) => c.method === 'auth.test')).toHaveLength(1);
  });

  it('keeps the thread_ts of a mention inside an existing thread', async () => {
    const r = await rig();
    const root = nextTs();
    await say(r, { type: 'app_mention', text: `<@${BOT}> hi`, thread_ts: root });
    const reply = await until('a reply', () => r.api.posts()[0]);
    expect(reply.args.thread_ts).toBe(root);
  });

  it('refuses a bad signature and a stale timestamp with 401, and posts nothing', async () => {
    const r = await rig();
    const body = eventBody({ type: 'app_mention', text: `<@${BOT}> hi`, ts: nextTs() });
    expect((await send(r.url, body, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await send(r.url, body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    await r.channel.stop();
    expect(r.api.posts()).toEqual([]);
  });

  it('acks before a slow turn finishes (the Web API takes 4 s to answer chat.postMessage)', async () => {
    const r = await rig();
    r.api.postDelayMs = 4000;
    const { sent } = await say(r, { type: 'app_mention', text: `<@${BOT}> hello` });
    const ackedAt = Date.now();
    expect(sent.ms).toBeLessThan(ACK_BUDGET_MS);
    const post = await until('the slow post to be answered', () => r.api.posts().find((c) => c.answeredAt));
    // The event's HTTP response came back while the bot was still waiting on Slack.
    expect(ackedAt).toBeLessThan(post.answeredAt!);
  });

  it('works on a restify 11 server with the route mounted raw (no body parser on it)', async () => {
    const r = await rig({ restify: true });
    const challenge = await send(r.url, JSON.stringify({ token: 'legacy', challenge: 'c-restify', type: 'url_verification' }));
    expect(challenge.status).toBe(200);
    expect(challenge.text).toContain('c-restify');
    const { ts } = await say(r, { type: 'app_mention', text: `<@${BOT}> hello` });
    const reply = await until('a reply through restify', () => r.api.posts()[0]);
    expect(reply.args.thread_ts).toBe(ts);
    expect((await send(r.url, eventBody({ text: 'x', ts: nextTs() }), { secret: 'wrong' })).status).toBe(401);
  });
});

// ---------------------------------------------------------------- a diagnosis with buttons

describe('Slack diagnosis: Block Kit buttons and clicks', () => {
  it('walks an error to the fix by clicking buttons, in the thread', async () => {
    const r = await rig();
    const { ts: root } = await say(r, { type: 'app_mention', text: `<@${BOT}> ${TMG_403}` });
    const prompt = await until('the first choice prompt', () => postIn(r, root, 'Is the pass-through authentication step green?'));
    expect(textOf(r.api.posts()[0]!)).toContain('This is *Proxy web request failed: HTTP status 403: Forbidden*');
    expect(buttonsOf(prompt).map((b) => b.value)).toEqual(['No, it fails (red)', 'Yes, it is green', 'Skip']);
    expect(new Set(buttonsOf(prompt).map((b) => b.action_id)).size).toBe(3);
    // Text the engine wrote with <placeholders> reaches Slack escaped, not as broken markup.
    expect(textOf(r.api.posts().find((c) => textOf(c).includes('affected Exchange Online mailbox'))!)).toContain('&lt;an affected Exchange Online mailbox&gt;');

    const click = await send(r.url, clickBody(prompt, 'No, it fails (red)', root), { contentType: 'application/x-www-form-urlencoded' });
    expect(click.status).toBe(200);
    expect(click.ms).toBeLessThan(ACK_BUDGET_MS);
    const fixPrompt = await until('the fix prompt', () => postIn(r, root, 'Did this fix it?'));
    expect(postIn(r, root, 'pre-authenticates the request')).toBeDefined();
    // The clicked prompt shows the answer instead of its buttons.
    const update = await until('the clicked message updated', () => r.api.calls.find((c) => c.method === 'chat.update' && c.args.ts === prompt.ts));
    expect(buttonsOf(update)).toEqual([]);
    expect(JSON.stringify(update.args.blocks)).toContain(`<@${ADMIN}> chose *No, it fails (red)*`);

    await send(r.url, clickBody(fixPrompt, 'Yes, it works now', root), { contentType: 'application/x-www-form-urlencoded' });
    await until('the resolution', () => r.api.posts().find((c) => c.args.thread_ts === root && /fixed/i.test(textOf(c)) && c !== fixPrompt));
    await r.channel.stop();
    expect(r.api.posts().every((c) => c.args.thread_ts === root && c.args.channel === CHANNEL)).toBe(true);
    expect(r.logs.filter((l) => /failed/i.test(l))).toEqual([]);
    // The bot user id was learned once, lazily, for all those events.
    expect(r.api.calls.filter((c) => c.method === 'auth.test')).toHaveLength(1);
  });

  it('decodes Slack-escaped input: a fenced Test-OrganizationRelationship paste with &lt; and links still classifies', async () => {
    const r = await rig();
    const paste = testOrgRel('lena.ortiz@northwindtraders.com', { text: 'The entered and stored passwords do not match.', code: '0x80041012' });
    const escaped = paste
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/https:\/\/[^\s]+?(?=\.?(\s|$))/g, (url) => `<${url}|${url}>`);
    expect(escaped).toContain('&lt;S:Fault');
    const { ts } = await say(r, { type: 'app_mention', text: `<@${BOT}> Free/busy fails & Test-OrganizationRelationship says:\n\`\`\`${escaped}\`\`\`` });
    const reply = await until('the classification', () => r.api.posts().find((c) => c.args.thread_ts === ts));
    expect(textOf(reply)).toContain('The entered and stored passwords do not match');
  });
});

// ---------------------------------------------------------------- one answer per post

describe('Slack delivery: retries, double delivery, and which messages are for the bot', () => {
  it('answers a retried event once (X-Slack-Retry-Num: 1, same event)', async () => {
    const r = await rig();
    const ts = nextTs();
    const body = eventBody({ type: 'app_mention', text: `<@${BOT}> ${TMG_403}`, ts }, 'EvRetry1');
    expect((await send(r.url, body)).status).toBe(200);
    expect((await send(r.url, body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
    await until('the prompt', () => postIn(r, ts, 'Is the pass-through authentication step green?'));
    await r.channel.stop();
    const texts = r.api.posts().map(textOf);
    expect(texts.filter((t) => t.includes('Is the pass-through authentication step green?'))).toHaveLength(1);
    expect(new Set(texts).size).toBe(texts.length);
    expect(r.logs.some((l) => l.includes('retry 1 (http_timeout)'))).toBe(true);
  });

  it('answers a post delivered as app_mention and as message once', async () => {
    const r = await rig();
    const ts = nextTs();
    await say(r, { type: 'app_mention', text: `<@${BOT}> ${TMG_403}`, ts });
    await say(r, { type: 'message', text: `<@${BOT}> ${TMG_403}`, ts });
    await until('the prompt', () => postIn(r, ts, 'Is the pass-through authentication step green?'));
    await r.channel.stop();
    const texts = r.api.posts().map(textOf);
    expect(texts.filter((t) => t.includes('Is the pass-through authentication step green?'))).toHaveLength(1);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('ignores channel messages without a mention outside threads it is in, and bot messages and edits', async () => {
    const r = await rig();
    await say(r, { text: TMG_403 });
    await say(r, { text: TMG_403, thread_ts: nextTs() });
    await say(r, { text: 'edited', subtype: 'message_changed' });
    await say(r, { text: `<@${BOT}> from myself`, user: BOT });
    await r.channel.stop();
    expect(r.api.posts()).toEqual([]);
  });

  it('answers every message of a thread it is in without a mention, also after a restart', async () => {
    const dbFile = join(dir, `${randomUUID()}.sqlite`);
    const first = await rig({ dbFile });
    const { ts: root } = await say(first, { type: 'app_mention', text: `<@${BOT}> ${TMG_403}` });
    await until('the prompt', () => postIn(first, root, 'Is the pass-through authentication step green?'));
    await say(first, { text: 'Yes, it is green', thread_ts: root });
    await until('the answer to a message without a mention', () => postIn(first, root, 'the denial comes from the rule itself'));
    // A new process on the same database: the thread is still the bot's.
    await cleanups.pop()?.();
    const second = await rig({ dbFile });
    await say(second, { text: 'status', thread_ts: root });
    await until('the status after a restart', () => postIn(second, root, 'proxy-403-forbidden-tmg'));
  });

  it('takes a message with a file and a thread reply also sent to the channel, when they mention the bot', async () => {
    const r = await rig();
    const { ts: withFile } = await say(r, { text: `<@${BOT}> hello`, subtype: 'file_share' });
    const root = nextTs();
    await say(r, { text: `<@${BOT}> hello`, subtype: 'thread_broadcast', thread_ts: root });
    await until('both replies', () => postIn(r, withFile, '') && postIn(r, root, ''));
  });

  it('answers a DM without a mention at the root of the DM', async () => {
    const r = await rig();
    await say(r, { text: 'hello', channel: 'D9', channel_type: 'im' });
    const reply = await until('a DM reply', () => r.api.posts()[0]);
    expect(reply.args.channel).toBe('D9');
    expect(reply.args.thread_ts).toBeUndefined();
  });

  it('posts proactively into the thread, and updates and deletes there (continueConversationAsync)', async () => {
    const r = await rig();
    const root = nextTs();
    const reference = {
      channelId: 'slack',
      serviceUrl: 'slack',
      conversation: { id: slackConversationId(TEAM, CHANNEL, root), isGroup: true, conversationType: 'channel', name: CHANNEL },
      bot: { id: BOT, name: 'FreeBusy Doctor' },
      user: { id: ADMIN, name: ADMIN },
    };
    await r.channel.adapter.continueConversationAsync('', reference, async (ctx) => {
      const sent = await ctx.sendActivity('Ticket **#42** created.');
      await ctx.updateActivity({ ...MessageFactory.text('Ticket **#42** created and assigned.'), id: sent?.id });
      await ctx.deleteActivity(sent!.id);
      await ctx.sendActivities([{ type: 'typing' }, { type: 'trace', name: 'debug' }]);
    });
    const post = r.api.posts()[0]!;
    expect(post.args).toMatchObject({ channel: CHANNEL, thread_ts: root, text: 'Ticket *#42* created.' });
    expect(r.api.posts()).toHaveLength(1);
    expect(r.api.calls.find((c) => c.method === 'chat.update')?.args).toMatchObject({ channel: CHANNEL, ts: post.ts, text: 'Ticket *#42* created and assigned.' });
    expect(r.api.calls.find((c) => c.method === 'chat.delete')?.args).toMatchObject({ channel: CHANNEL, ts: post.ts });
  });
});

describe('Slack over Socket Mode', () => {
  // Connecting needs Slack (apps.connections.open, then a WebSocket): not testable offline.
  it('builds without an HTTP listener and stops without having connected', async () => {
    const db = openDatabase(join(dir, `${randomUUID()}.sqlite`));
    const runtime = new BotRuntime({ ...knowledge, storage: new SqliteStorage(db), seen: new SeenIds(db) });
    const channel = await createSlackChannel({ runtime, signingSecret: SECRET, botToken: 'xoxb-test', appToken: 'xapp-test', apiUrl: 'http://127.0.0.1:9/api/', log: () => undefined });
    expect(channel.requestListener).toBeUndefined();
    expect(channel.adapter).toBeDefined();
    await channel.stop();
    db.close();
  });
});

// ---------------------------------------------------------------- pure parts

describe('Slack text in and out', () => {
  it('turns chat markdown into mrkdwn: bold, fences without a language, escaping, links, inline code kept', () => {
    const md = 'This is **bad**. See [the docs](https://learn.microsoft.com/x?a=1&b=2).\nUse `**not bold**` and <mailbox>.\n```powershell\nGet-Foo | ? { $_.A -gt 1 } & "x<y>"\n```';
    expect(markdownToMrkdwn(md)).toBe(
      'This is *bad*. See <https://learn.microsoft.com/x?a=1&amp;b=2|the docs>.\nUse `**not bold**` and &lt;mailbox&gt;.\n```\nGet-Foo | ? { $_.A -gt 1 } &amp; "x&lt;y&gt;"\n```',
    );
    expect(markdownToMrkdwn('"O365 to On-premises*" and *x*')).toBe('"O365 to On-premises*" and *x*');
    expect(markdownToMrkdwn('## Next step')).toBe('*Next step*');
    expect(markdownToMrkdwn('```\nunclosed')).toBe('```\nunclosed\n```');
  });

  it('splits long texts into chunks of at most 3000 characters, between paragraphs and lines, re-fencing code', () => {
    const paragraph = (n: number) => `Paragraph ${n} ` + 'word '.repeat(120).trim();
    const code = Array.from({ length: 200 }, (_, i) => `Set-Thing -Identity item${i} -Value ${'x'.repeat(20)}`).join('\n');
    const text = markdownToMrkdwn([paragraph(1), paragraph(2), '```powershell\n' + code + '\n```', paragraph(3)].join('\n\n'));
    const chunks = splitMrkdwn(text);
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      expect((c.match(/```/g) ?? []).length % 2).toBe(0);
    }
    // No line was cut: every original line is whole in some chunk.
    const lines = new Set(chunks.flatMap((c) => c.split('\n')));
    for (const line of text.split('\n')) if (line && line !== '```') expect(lines.has(line)).toBe(true);
    // Paragraphs are not split when they fit.
    expect(chunks.some((c) => c.includes(paragraph(1)) && c.includes(paragraph(2)))).toBe(true);
    // Pathological: one line longer than a block is cut, still within the limit and not inside an entity.
    const long = splitMrkdwn(markdownToMrkdwn('a&b '.repeat(2000)));
    expect(long.every((c) => c.length <= 3000 && !/&[a-z]*$/.test(c))).toBe(true);
  });

  it('renders a HeroCard as sections plus actions blocks within Slack limits', () => {
    const actions: CardAction[] = Array.from({ length: 30 }, (_, i) => ({ type: 'imBack', title: `Choice ${i} ` + 'long '.repeat(20), value: `Choice ${i}` }));
    actions.push({ type: 'imBack', title: 'Huge', value: 'v'.repeat(2500) });
    actions.push({ type: 'openUrl', title: 'Open the analyzer', value: 'https://testconnectivity.microsoft.com/' });
    const card = CardFactory.heroCard('', '**Pick one**\n' + 'Long explanation. '.repeat(400), undefined, actions);
    const [only, ...more] = activityToSlackMessages(MessageFactory.attachment(card));
    expect(more).toEqual([]);
    const blocks = only!.blocks;
    const sections = blocks.filter((b) => b.type === 'section');
    const actionBlocks = blocks.filter((b) => b.type === 'actions');
    expect(sections.length).toBeGreaterThan(1);
    expect(sections.every((b) => b.type === 'section' && (b.text?.text.length ?? 0) <= 3000)).toBe(true);
    expect(sections[0]!.type === 'section' && sections[0]!.text?.text.startsWith('*Pick one*')).toBe(true);
    expect(actionBlocks.map((b) => (b.type === 'actions' ? b.elements.length : 0))).toEqual([25, 7]);
    const buttons = actionBlocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])) as unknown as { text: { text: string }; value?: string; url?: string; action_id: string }[];
    expect(buttons.every((b) => b.text.text.length <= SLACK_LIMITS.buttonText && (b.value ?? '').length <= SLACK_LIMITS.buttonValue)).toBe(true);
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(buttons.length);
    expect(buttons[0]).toMatchObject({ value: 'Choice 0', action_id: expect.stringMatching(/^fbd-choice/) });
    // A value too long for Slack is sent as its number, which ChoicePrompt recognises.
    expect(buttons[30]!.value).toBe('31');
    expect(buttons[31]).toMatchObject({ url: 'https://testconnectivity.microsoft.com/', action_id: expect.stringMatching(/^fbd-link/) });
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
  });

  it('spreads a very long reply over several messages under the block and size caps; nothing for typing', () => {
    const messages = activityToSlackMessages(MessageFactory.text(Array.from({ length: 80 }, (_, i) => `Paragraph ${i}: ` + 'x'.repeat(2900)).join('\n\n')));
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
      expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
    }
    expect(activityToSlackMessages({ type: 'message', text: '  ' })).toEqual([]);
  });

  it('replaces the clicked buttons with who chose what', () => {
    const blocks: SlackBlock[] = [
      { type: 'section', text: { type: 'mrkdwn', text: 'Is it green?' } },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Yes' }, value: 'Yes', action_id: 'fbd-choice-c0-0' }] },
    ];
    expect(markChoiceMade(blocks, 'U1', 'Yes <really>')).toEqual([
      blocks[0],
      { type: 'context', elements: [{ type: 'mrkdwn', text: '<@U1> chose *Yes &lt;really&gt;*' }] },
    ]);
  });

  it('reads Slack input: the leading bot mention stripped, markup and entities decoded; ids round-trip', () => {
    expect(slackMessageText(`<@${BOT}> Test says &lt;S:Fault&gt; &amp; see <https://x.example/a|https://x.example/a>`, BOT)).toBe('Test says <S:Fault> & see https://x.example/a');
    expect(slackMessageText('```\nGet-Foo\n```', BOT)).toBe('Get-Foo');
    expect(mentionsBot(`hey <@${BOT}|doctor>`, BOT)).toBe(true);
    expect(mentionsBot('hey <@UOTHER>', BOT)).toBe(false);
    expect(parseSlackConversationId(slackConversationId('T1', 'C1', '1.2'))).toEqual({ team: 'T1', channel: 'C1', threadTs: '1.2' });
    expect(parseSlackConversationId(slackConversationId('T1', 'D1', 'D1'))).toEqual({ team: 'T1', channel: 'D1', threadTs: undefined });
    expect(() => parseSlackConversationId('conv-1')).toThrow();
    expect(normaliseApiUrl('http://127.0.0.1:1/api')).toBe('http://127.0.0.1:1/api/');
    expect(normaliseApiUrl('https://slack.com/api/')).toBe('https://slack.com/api/');
    expect(normaliseApiUrl(undefined)).toBeUndefined();
  });
});

