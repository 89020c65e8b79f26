/**
 * `npm run package:teams`: fills manifest/teams/manifest.template.json, validates it offline,
 * checks the icons and zips the Teams app package (manifest.json and both icons at the zip root).
 *
 * Reads (from the environment, or from .env in the working directory when it exists):
 * - MicrosoftAppId: the bot's Azure app id, for `${{BOT_ID}}` (or `--bot-id <guid>`);
 * - TEAMS_APP_ID: the Teams app's own id, for `${{TEAMS_APP_ID}}`. It defaults to DEFAULT_TEAMS_APP_ID
 *   so that every rebuild replaces the same app in Teams instead of adding another one;
 * - TEAMS_PACKAGE_OUT: where to write the zip (or `--out <file>`); default manifest/teams/build/freebusy-doctor.zip.
 */
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { zipSync } from 'fflate';
import { PNG } from 'pngjs';
import { loadEnvFile } from '../src/config/env.js';
import { packageRoot } from '../src/paths.js';

export const DEFAULT_TEAMS_APP_ID = 'b67e7d0e-a992-4648-bd0d-1b4ca4820422';

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]*)\s*\}\}/g;

export const teamsPaths = {
  dir: () => join(packageRoot(), 'manifest', 'teams'),
  template: () => join(teamsPaths.dir(), 'manifest.template.json'),
  defaultOut: () => join(teamsPaths.dir(), 'build', 'freebusy-doctor.zip'),
};

/** Something the user has to fix: printed without a stack trace, one line per problem. */
export class PackageError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

export interface AppIds {
  botId: string;
  teamsAppId: string;
}

export function resolveIds(env: NodeJS.ProcessEnv, botIdArg?: string): AppIds {
  const source = botIdArg === undefined ? 'MicrosoftAppId' : '--bot-id';
  const botId = (botIdArg ?? env.MicrosoftAppId ?? '').trim();
  if (!botId) {
    throw new PackageError(
      "MicrosoftAppId is not set: set it to the bot's Azure app id (a GUID) in the environment or .env, or pass --bot-id <guid>",
    );
  }
  if (!GUID.test(botId)) throw new PackageError(`${source} must be the bot's Azure app id, a GUID; got "${botId}"`);
  const teamsAppId = env.TEAMS_APP_ID?.trim() || DEFAULT_TEAMS_APP_ID;
  if (!GUID.test(teamsAppId)) throw new PackageError(`TEAMS_APP_ID must be a GUID; got "${teamsAppId}"`);
  return { botId, teamsAppId };
}

/** Unknown placeholders stay as they are, so validateManifest reports them by name. */
export function fillTemplate(template: string, ids: AppIds): string {
  const values: Record<string, string> = { BOT_ID: ids.botId, TEAMS_APP_ID: ids.teamsAppId };
  return template.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}

export function placeholdersLeft(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (m) => m[0]))];
}

type Schema = NonNullable<Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]>;

/**
 * The schema file @microsoft/app-manifest bundles for a developer.microsoft.com schema URL.
 * Passing it to validateAgainstSchema ourselves means a schema the package does not bundle is an
 * error here, where the library would quietly fetch it from the network instead.
 */
export function bundledSchema(schemaUrl: unknown): Schema {
  const version =
    typeof schemaUrl === 'string' &&
    /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?json-schemas\/teams\/(v1\.\d+)\/MicrosoftTeams\.schema\.json$/i.exec(
      schemaUrl,
    )?.[1];
  if (!version) throw new PackageError(`$schema is not a Teams manifest schema URL: ${JSON.stringify(schemaUrl)}`);
  const packageDir = dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest'));
  const file = join(packageDir, 'json-schemas', 'teams', version, 'MicrosoftTeams.schema.json');
  if (!existsSync(file)) throw new PackageError(`schema ${version} is not bundled with @microsoft/app-manifest, and validation runs offline only`);
  // Same clean-up as the library's own loader: some schema descriptions hold \a and \v, which JSON does not allow.
  return JSON.parse(readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as Schema;
}

/** Every problem with a filled manifest, as readable lines; empty when it is valid. */
export async function validateManifest(json: string): Promise<string[]> {
  const left = placeholdersLeft(json);
  if (left.length) return [`unfilled placeholders: ${left.join(', ')}`];
  let manifest: { $schema?: unknown };
  try {
    manifest = JSON.parse(json) as { $schema?: unknown };
  } catch (err) {
    return [`manifest is not valid JSON: ${(err as Error).message}`];
  }
  const errors = await AppManifestUtils.validateAgainstSchema(manifest as AppManifest, bundledSchema(manifest.$schema));
  return errors.map((e) => `schema: ${e.trim()}`);
}

function decodePng(name: string, data: Uint8Array): PNG | string {
  try {
    return PNG.sync.read(Buffer.from(data));
  } catch (err) {
    return `${name} is not a readable PNG: ${(err as Error).message}`;
  }
}

/** Teams refuses a package whose icons are not 192×192 (color) and 32×32 white-on-transparent (outline). */
export function checkIcons(color: Uint8Array, outline: Uint8Array): string[] {
  const problems: string[] = [];
  const c = decodePng('color icon', color);
  if (typeof c === 'string') problems.push(c);
  else if (c.width !== 192 || c.height !== 192) problems.push(`color icon must be 192×192, is ${c.width}×${c.height}`);
  const o = decodePng('outline icon', outline);
  if (typeof o === 'string') return [...problems, o];
  if (o.width !== 32 || o.height !== 32) problems.push(`outline icon must be 32×32, is ${o.width}×${o.height}`);
  let transparent = 0;
  let coloured = 0;
  for (let i = 0; i < o.data.length; i += 4) {
    if (o.data[i + 3] === 0) transparent++;
    else if (o.data[i] !== 255 || o.data[i + 1] !== 255 || o.data[i + 2] !== 255) coloured++;
  }
  if (!transparent) problems.push('outline icon must have a transparent background');
  if (coloured) problems.push(`outline icon must be white on transparent; ${coloured} visible pixels are not white`);
  return problems;
}

/** A fixed timestamp keeps the zip byte-identical for identical inputs. */
export function zipPackage(files: Record<string, Uint8Array>): Uint8Array {
  return zipSync(files, { level: 9, mtime: new Date(2000, 0, 1) });
}

/** Fills, validates and zips; returns the zip's path. */
export async function buildPackage(ids: AppIds, out: string, dir = teamsPaths.dir()): Promise<string> {
  const manifestJson = fillTemplate(readFileSync(join(dir, 'manifest.template.json'), 'utf8'), ids);
  const errors = await validateManifest(manifestJson);
  if (errors.length) throw new PackageError('manifest/teams/manifest.template.json is not a valid Teams manifest:', errors);

  const icons = (JSON.parse(manifestJson) as { icons: { color: string; outline: string } }).icons;
  // Teams resolves icon paths against the zip root, so they must be plain file names beside the manifest.
  for (const name of [icons.color, icons.outline]) {
    if (basename(name) !== name) throw new PackageError(`icon "${name}" must be a file name in manifest/teams/, not a path`);
  }
  const color = readFileSync(join(dir, icons.color));
  const outline = readFileSync(join(dir, icons.outline));
  const iconProblems = checkIcons(color, outline);
  if (iconProblems.length) throw new PackageError('the icons in manifest/teams/ are not what Teams accepts:', iconProblems);

  const zip = zipPackage({ 'manifest.json': new TextEncoder().encode(manifestJson), [icons.color]: color, [icons.outline]: outline });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  return out;
}

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { 'bot-id': { type: 'string' }, out: { type: 'string' } } });
  // The same .env the server reads, so one file configures both.
  loadEnvFile();
  const ids = resolveIds(process.env, values['bot-id']);
  const out = resolve(values.out ?? (process.env.TEAMS_PACKAGE_OUT || teamsPaths.defaultOut()));
  if (out === teamsPaths.defaultOut()) {
    // The build output must never be committed; this keeps git quiet whatever the root .gitignore says.
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(join(dirname(out), '.gitignore'), '*\n');
  }
  await buildPackage(ids, out);
  console.log(`wrote ${shown(out)} (Teams app ${ids.teamsAppId}, bot ${ids.botId})`);
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  return script !== undefined && existsSync(script) && realpathSync(script) === fileURLToPath(import.meta.url);
}

if (invokedDirectly()) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    const problems = err instanceof PackageError ? err.problems : [];
    console.error(`package-teams: ${(err as Error).message}`);
    for (const p of problems) console.error(`  ${p}`);
    process.exitCode = 1;
  });
}
