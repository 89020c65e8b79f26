import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config/env.js';
import { tempDataDir } from './helpers/server.js';

const CLI = join(import.meta.dirname, '..', 'dist', 'src', 'cli', 'main.js');
const APP = { MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: '66666666-7777-8888-9999-000000000000' };
const SLACK = { SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5'.replace(/[yz]/g, 'a'), SLACK_BOT_TOKEN: 'xoxb-1-2-abc' };

describe('configuration from the environment', () => {
  it('runs on embedded defaults with nothing set: 127.0.0.1:3978, ./data, anonymous, Slack off', () => {
    expect(readConfig({})).toEqual({
      production: false,
      port: 3978,
      host: '127.0.0.1',
      dataDir: './data',
      microsoft: undefined,
      slack: undefined,
      tickets: [],
      redaction: { maskEmails: false, maskTenantIds: false },
    });
  });

  it('treats empty variables as unset', () => {
    expect(readConfig({ PORT: '', MicrosoftAppId: '', SLACK_BOT_TOKEN: '' }).port).toBe(3978);
  });

  it('names a malformed variable in one line, hiding secrets', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/^PORT must be a port number \(got "eighty"\)$/);
    expect(() => readConfig({ PORT: '70000' })).toThrow(/^PORT must be 0-65535/);
    expect(() => readConfig({ MicrosoftAppId: 'my-bot' })).toThrow(/^MicrosoftAppId must be the bot’s Azure app id \(a GUID\)/);
    expect(() => readConfig({ ...SLACK, SLACK_BOT_TOKEN: 'xoxp-user-token' })).toThrow(/^SLACK_BOT_TOKEN must be a bot token starting with xoxb- \(value hidden\)$/);
    expect(() => readConfig({ SLACK_API_URL: 'not a url', ...SLACK })).toThrow(/^SLACK_API_URL must be an http\(s\) URL/);
  });

  it('names what is missing from a half-configured Bot Framework or Slack', () => {
    expect(() => readConfig({ MicrosoftAppPassword: 'x' })).toThrow('MicrosoftAppId is missing');
    expect(() => readConfig({ MicrosoftAppId: APP.MicrosoftAppId, MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'x' })).toThrow(/^MicrosoftAppTenantId is missing/);
    expect(() => readConfig({ MicrosoftAppId: APP.MicrosoftAppId })).toThrow(/^MicrosoftAppPassword is missing/);
    expect(() => readConfig({ SLACK_BOT_TOKEN: SLACK.SLACK_BOT_TOKEN })).toThrow(/^SLACK_SIGNING_SECRET is missing/);
    expect(() => readConfig({ SLACK_SIGNING_SECRET: SLACK.SLACK_SIGNING_SECRET })).toThrow(/^SLACK_BOT_TOKEN is missing/);
  });

  it('turns on each ticket system its variables name, and names a half-configured one', () => {
    const tickets = readConfig({ TICKET_WEBHOOK_URL: 'https://hooks.example.com/fbd', TICKET_WEBHOOK_SECRET: 'sixteen-chars-or-more', JIRA_BASE_URL: 'https://contoso.atlassian.net', JIRA_EMAIL: 'bot@contoso.com', JIRA_API_TOKEN: 't', JIRA_PROJECT_KEY: 'IT' }).tickets;
    expect(tickets.map((t) => t.name)).toEqual(['jira', 'webhook']);
    expect(() => readConfig({ TICKET_WEBHOOK_URL: 'https://hooks.example.com/fbd' })).toThrow(/TICKET_WEBHOOK_SECRET/);
    expect(() => readConfig({ TICKET_WEBHOOK_URL: 'http://hooks.example.com/fbd', TICKET_WEBHOOK_SECRET: 'sixteen-chars-or-more' })).toThrow(/https/);
    expect(() => readConfig({ REDACT_EMAILS: 'maybe' })).toThrow(/REDACT_EMAILS/);
  });

  it('refuses to run unauthenticated in production', () => {
    expect(() => readConfig({ NODE_ENV: 'production' })).toThrow(/NODE_ENV=production refuses/);
    expect(readConfig({ NODE_ENV: 'production', ...APP }).microsoft).toEqual({ appId: APP.MicrosoftAppId, appPassword: 'secret', tenantId: APP.MicrosoftAppTenantId, appType: 'SingleTenant' });
  });

  it('turns Slack on with both secrets, and takes a stand-in Web API URL', () => {
    expect(readConfig({ ...SLACK, SLACK_API_URL: 'http://127.0.0.1:9999/api/' }).slack).toEqual({ signingSecret: SLACK.SLACK_SIGNING_SECRET, botToken: SLACK.SLACK_BOT_TOKEN, appToken: undefined, apiUrl: 'http://127.0.0.1:9999/api/' });
  });
});

describe('freebusy-doctor serve (npm start)', () => {
  it('stops at once with one line naming a bad variable, exit code 2', () => {
    const r = spawnSync(process.execPath, [CLI, 'serve'], { encoding: 'utf8', env: { ...process.env, PORT: 'eighty', DATA_DIR: tempDataDir() } });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['freebusy-doctor: configuration: PORT must be a port number (got "eighty")']);
  });

  it('starts on embedded defaults, says how to talk to it, answers /healthz, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI, 'serve'], { env: { ...process.env, PORT: '0', DATA_DIR: tempDataDir(), NODE_ENV: '' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 20_000);
      child.stdout.on('data', () => {
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m?.[1] && out.includes('Ctrl+C')) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    expect(out).toContain(`${url}/api/messages`);
    expect(out).toContain('freebusy-doctor chat');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const code = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await code).toBe(0);
  });
});

describe('freebusy-doctor serve on a port already taken', () => {
  it('says which address is in use and exits 1', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    const r = spawnSync(process.execPath, [CLI, 'serve'], { encoding: 'utf8', env: { ...process.env, PORT: String(port), DATA_DIR: tempDataDir() } });
    blocker.close();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`127.0.0.1:${port} is already in use (stop the other process or set PORT)`);
  });
});
