import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { strFromU8, unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ROUTES } from '../src/server/routes.js';
import {
  DEFAULT_TEAMS_APP_ID,
  PackageError,
  buildPackage,
  bundledSchema,
  checkIcons,
  fillTemplate,
  placeholdersLeft,
  resolveIds,
  teamsPaths,
  validateManifest,
  zipPackage,
} from '../scripts/package-teams.js';

const BOT_ID = '00000000-0000-0000-0000-000000000001';
const ids = { botId: BOT_ID, teamsAppId: DEFAULT_TEAMS_APP_ID };
const teamsDir = teamsPaths.dir();
const template = readFileSync(teamsPaths.template(), 'utf8');
const filled = fillTemplate(template, ids);
const manifest = JSON.parse(filled) as {
  $schema: string;
  manifestVersion: string;
  bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: { title: string; description?: string }[] }[] }[];
  authorization: { permissions: { resourceSpecific: { name: string; type: string }[] } };
  webApplicationInfo: { id: string; resource: string };
};
const colorPng = readFileSync(join(teamsDir, 'color.png'));
const outlinePng = readFileSync(join(teamsDir, 'outline.png'));

const tmp = mkdtempSync(join(tmpdir(), 'fbd-manifests-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('Teams manifest', () => {
  it('is valid against the bundled schema, without the network', async () => {
    vi.stubGlobal('fetch', () => {
      throw new Error('validation must not touch the network');
    });
    try {
      expect(manifest.$schema).toBe(`https://developer.microsoft.com/en-us/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
      expect(Number(manifest.manifestVersion.split('.')[1])).toBeGreaterThanOrEqual(24);
      expect(await AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest, bundledSchema(manifest.$schema))).toEqual([]);
      expect(await validateManifest(filled)).toEqual([]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('reports schema errors by path', async () => {
    const broken = { ...JSON.parse(filled), accentColor: 'blue' };
    const errors = await validateManifest(JSON.stringify(broken));
    expect(errors.some((e) => e.includes('/accentColor'))).toBe(true);
  });

  it('rejects a manifest with a placeholder left, naming it', async () => {
    expect(await validateManifest(template)).toEqual(['unfilled placeholders: ${{TEAMS_APP_ID}}, ${{BOT_ID}}']);
    const unknown = fillTemplate(template.replace('"version": "0.1.0"', '"version": "${{APP_VERSION}}"'), ids);
    expect(placeholdersLeft(unknown)).toEqual(['${{APP_VERSION}}']);
    expect(await validateManifest(unknown)).toEqual(['unfilled placeholders: ${{APP_VERSION}}']);
  });

  it('fills the bot id everywhere RSC needs it', () => {
    expect(placeholdersLeft(filled)).toEqual([]);
    expect(manifest.bots[0]?.botId).toBe(BOT_ID);
    expect(manifest.webApplicationInfo).toEqual({ id: BOT_ID, resource: `api://botid-${BOT_ID}` });
  });

  it('takes the bot id from MicrosoftAppId or --bot-id and refuses anything but a GUID', () => {
    expect(resolveIds({ MicrosoftAppId: BOT_ID })).toEqual(ids);
    expect(resolveIds({ MicrosoftAppId: 'ignored' }, BOT_ID.toUpperCase()).botId).toBe(BOT_ID.toUpperCase());
    expect(resolveIds({ MicrosoftAppId: BOT_ID, TEAMS_APP_ID: BOT_ID }).teamsAppId).toBe(BOT_ID);
    expect(() => resolveIds({})).toThrow(/^MicrosoftAppId is not set/);
    expect(() => resolveIds({ MicrosoftAppId: 'my-bot' })).toThrow(PackageError);
    expect(() => resolveIds({ MicrosoftAppId: 'my-bot' })).toThrow(/MicrosoftAppId must be .* a GUID; got "my-bot"/);
    expect(() => resolveIds({}, '1234')).toThrow(/--bot-id must be/);
    expect(() => resolveIds({ MicrosoftAppId: BOT_ID, TEAMS_APP_ID: 'x' })).toThrow(/TEAMS_APP_ID must be a GUID/);
  });

  it('offers help, start over, escalate and status in personal, team and group chats', () => {
    const bot = manifest.bots[0]!;
    expect([...bot.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const scope of bot.scopes) {
      const lists = bot.commandLists.filter((l) => l.scopes.includes(scope));
      expect(lists, scope).toHaveLength(1);
      const commands = lists[0]!.commands;
      expect(commands.map((c) => c.title).sort(), scope).toEqual(['escalate', 'help', 'start over', 'status']);
      for (const c of commands) expect(c.description?.length, `${scope}: ${c.title}`).toBeGreaterThan(20);
    }
  });

  it('asks for RSC so channel and group chat messages arrive without an @mention', () => {
    expect(manifest.authorization.permissions.resourceSpecific).toEqual(
      expect.arrayContaining([
        { name: 'ChannelMessage.Read.Group', type: 'Application' },
        { name: 'ChatMessage.Read.Chat', type: 'Application' },
      ]),
    );
  });
});

describe('Teams icons', () => {
  it('color.png is an opaque 192×192 PNG', () => {
    const png = PNG.sync.read(colorPng);
    expect([png.width, png.height]).toEqual([192, 192]);
    for (let i = 3; i < png.data.length; i += 4) expect(png.data[i]).toBe(255);
  });

  it('outline.png is 32×32, white on transparent', () => {
    const png = PNG.sync.read(outlinePng);
    expect([png.width, png.height]).toEqual([32, 32]);
    let transparent = 0;
    let visible = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      if (png.data[i + 3] === 0) {
        transparent++;
        continue;
      }
      visible++;
      expect([png.data[i], png.data[i + 1], png.data[i + 2]]).toEqual([255, 255, 255]);
    }
    expect(transparent).toBeGreaterThan(0);
    expect(visible).toBeGreaterThan(0);
    expect(checkIcons(colorPng, outlinePng)).toEqual([]);
  });

  it('the package check refuses icons of the wrong size or colour', () => {
    expect(checkIcons(outlinePng, colorPng)).toEqual([
      'color icon must be 192×192, is 32×32',
      'outline icon must be 32×32, is 192×192',
      'outline icon must have a transparent background',
      expect.stringMatching(/^outline icon must be white on transparent; \d+ visible pixels are not white$/),
    ]);
    expect(checkIcons(colorPng, Buffer.from('not a png'))[0]).toMatch(/^outline icon is not a readable PNG/);
  });
});

describe('Teams app package', () => {
  it('holds exactly manifest.json and the two icons at the zip root, with the bot id filled', async () => {
    const out = join(tmp, 'unit', 'app.zip');
    expect(await buildPackage(ids, out)).toBe(out);
    const files = unzipSync(readFileSync(out));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const inside = JSON.parse(strFromU8(files['manifest.json']!)) as typeof manifest;
    expect(inside.bots[0]?.botId).toBe(BOT_ID);
    expect(Buffer.from(files['color.png']!).equals(colorPng)).toBe(true);
    expect(Buffer.from(files['outline.png']!).equals(outlinePng)).toBe(true);
  });

  it('refuses to zip an invalid manifest and lists every problem', async () => {
    const dir = mkdtempSync(join(tmp, 'broken-'));
    writeFileSync(join(dir, 'manifest.template.json'), template.replace('"accentColor": "#2563EB"', '"accentColor": "blue"').replace('"version": "0.1.0"', '"version": 1'));
    writeFileSync(join(dir, 'color.png'), colorPng);
    writeFileSync(join(dir, 'outline.png'), outlinePng);
    const out = join(dir, 'app.zip');
    const err = await buildPackage(ids, out, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PackageError);
    const problems = (err as PackageError).problems.join('\n');
    expect(problems).toContain('/accentColor');
    expect(problems).toContain('/version');
    expect(existsSync(out)).toBe(false);
  });

  it('zips the same inputs to the same bytes', () => {
    const files = () => ({ 'manifest.json': new TextEncoder().encode(filled), 'color.png': colorPng, 'outline.png': outlinePng });
    expect(Buffer.from(zipPackage(files())).equals(Buffer.from(zipPackage(files())))).toBe(true);
  });

  describe('npm run package:teams (the built script)', () => {
    const script = join(import.meta.dirname, '..', 'dist', 'scripts', 'package-teams.js');
    const { MicrosoftAppId: _appId, TEAMS_APP_ID: _appIdTeams, TEAMS_PACKAGE_OUT: _out, ...baseEnv } = process.env;
    // A working directory of its own, so a developer's .env in the repo cannot leak into the run.
    const run = (cwd: string, env: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, [script], { cwd, encoding: 'utf8', env: { ...baseEnv, ...env } });

    it('writes the zip and prints its path', () => {
      const out = join(tmp, 'e2e', 'freebusy-doctor.zip');
      const r = run(tmp, { MicrosoftAppId: BOT_ID, TEAMS_PACKAGE_OUT: out });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toContain(join('e2e', 'freebusy-doctor.zip'));
      const inside = JSON.parse(strFromU8(unzipSync(readFileSync(out))['manifest.json']!)) as typeof manifest;
      expect(inside.bots[0]?.botId).toBe(BOT_ID);
    });

    it('reads MicrosoftAppId from .env in the working directory', () => {
      const cwd = mkdtempSync(join(tmp, 'dotenv-'));
      writeFileSync(join(cwd, '.env'), `MicrosoftAppId=${BOT_ID}\nTEAMS_PACKAGE_OUT=${join(cwd, 'app.zip')}\n`);
      const r = run(cwd, {});
      expect(r.status).toBe(0);
      expect(existsSync(join(cwd, 'app.zip'))).toBe(true);
    });

    it('without MicrosoftAppId exits 1 with one line naming the variable', () => {
      const out = join(tmp, 'missing', 'app.zip');
      const r = run(tmp, { TEAMS_PACKAGE_OUT: out });
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/MicrosoftAppId is not set/);
      expect(existsSync(out)).toBe(false);
    });
  });
});

describe('Slack manifest', () => {
  const slack = JSON.parse(readFileSync(join(teamsDir, '..', 'slack', 'manifest.json'), 'utf8')) as {
    features: { bot_user: { always_online: boolean } };
    oauth_config: { scopes: { bot: string[] } };
    settings: {
      event_subscriptions: { request_url: string; bot_events: string[] };
      interactivity: { is_enabled: boolean; request_url: string };
      socket_mode_enabled: boolean;
    };
  };

  it('sends events and button clicks to the server’s Slack route', () => {
    expect(new URL(slack.settings.event_subscriptions.request_url).pathname).toBe(ROUTES.slackEvents);
    expect(slack.settings.interactivity.is_enabled).toBe(true);
    expect(new URL(slack.settings.interactivity.request_url).pathname).toBe(ROUTES.slackEvents);
    expect(slack.settings.socket_mode_enabled).toBe(false);
    expect(slack.features.bot_user.always_online).toBe(true);
  });

  it('has a scope for every subscribed event, and can post', () => {
    const needs: Record<string, string> = {
      app_mention: 'app_mentions:read',
      'message.channels': 'channels:history',
      'message.groups': 'groups:history',
      'message.im': 'im:history',
      'message.mpim': 'mpim:history',
    };
    const events = slack.settings.event_subscriptions.bot_events;
    expect(events).toEqual(expect.arrayContaining(['app_mention', 'message.channels']));
    for (const event of events) {
      expect(needs[event], `no scope known for ${event}`).toBeDefined();
      expect(slack.oauth_config.scopes.bot).toContain(needs[event]);
    }
    expect(slack.oauth_config.scopes.bot).toContain('chat:write');
  });
});
