/** The real bot server on a loopback port with its own DATA_DIR, and a client for /api/messages. */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { readConfig } from '../../src/config/env.js';
import { startApp, type App } from '../../src/server/app.js';
import { loadKnowledgeAndClassifier, type Knowledge } from '../../src/runtime/load-knowledge.js';

let knowledge: Promise<Knowledge> | undefined;
/** Loading the knowledge once per test file keeps each server start to a few milliseconds. */
export const sharedKnowledge = () => (knowledge ??= loadKnowledgeAndClassifier());

export const tempDataDir = () => mkdtempSync(join(tmpdir(), 'fbd-server-'));

export async function startTestApp(dataDir = tempDataDir(), env: Record<string, string> = {}, logs: string[] = []): Promise<App> {
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env });
  return startApp(config, { knowledge: await sharedKnowledge(), log: (m) => logs.push(m) });
}

export interface Posted {
  status: number;
  body: string;
  activities: Partial<Activity>[];
}

export async function postRaw(url: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Posted> {
  const res = await fetch(`${url}/api/messages`, { method: 'POST', headers, body });
  const text = await res.text();
  let activities: Partial<Activity>[] = [];
  try {
    activities = (JSON.parse(text) as { activities?: Partial<Activity>[] }).activities ?? [];
  } catch {
    // Not every answer is JSON (a 400 from the adapter is plain text).
  }
  return { status: res.status, body: text, activities };
}

/** A Teams-like user in one conversation, talking with deliveryMode expectReplies. */
export class TeamsUser {
  readonly bot = { id: '28:freebusy-doctor', name: 'FreeBusy Doctor' };
  constructor(
    public url: string,
    readonly conversationId = `a:${randomUUID()}`,
    readonly channelId = 'msteams',
  ) {}

  activity(text: string, extra: Partial<Activity> = {}): Partial<Activity> {
    return {
      type: 'message',
      id: randomUUID(),
      channelId: this.channelId,
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      deliveryMode: 'expectReplies',
      conversation: { id: this.conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: '29:admin', name: 'Admin' },
      recipient: this.bot,
      text,
      ...extra,
    };
  }

  async send(text: string, extra: Partial<Activity> = {}): Promise<Posted> {
    return postRaw(this.url, JSON.stringify(this.activity(text, extra)));
  }

  /** All reply texts of one turn joined, for substring assertions. */
  async say(text: string, extra: Partial<Activity> = {}): Promise<string> {
    const r = await this.send(text, extra);
    if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${r.body}`);
    return r.activities.map(textOf).join('\n');
  }
}

/** What a user reads in a reply: its text and the text of a choice card (Teams shows prompts as HeroCards). */
export function textOf(a: Partial<Activity>): string {
  const cards = (a.attachments ?? []).map((x) => {
    const c = x.content as { title?: string; text?: string; buttons?: { title?: string }[] } | undefined;
    return [c?.title, c?.text, ...(c?.buttons ?? []).map((b) => b.title)].filter(Boolean).join('\n');
  });
  return [a.text ?? '', ...cards].filter(Boolean).join('\n');
}
