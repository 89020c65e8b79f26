/**
 * The server's configuration, from the environment (and an optional .env file), validated at
 * start. A missing or malformed variable is reported in one line that names it, so a
 * misconfigured deploy stops at once instead of failing on the first Teams or Slack request.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { redactionOptionsFromEnv, type RedactionOptions } from '../escalation/redact.js';
import { ticketConnectorsFromEnv } from '../tickets/connectors/config.js';
import type { TicketConnector } from '../tickets/types.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An unset variable and one set to an empty string mean the same thing. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const Env = z.object({
  NODE_ENV: optional(z.string()),
  PORT: optional(z.coerce.number({ message: 'must be a port number' }).int('must be a whole number').min(0, 'must be 0-65535').max(65535, 'must be 0-65535')),
  HOST: optional(z.string().regex(/^[A-Za-z0-9.:_-]+$/, 'must be a host name or IP address')),
  DATA_DIR: optional(z.string()),
  MicrosoftAppId: optional(z.string().regex(GUID, 'must be the bot’s Azure app id (a GUID)')),
  MicrosoftAppPassword: optional(z.string()),
  MicrosoftAppTenantId: optional(z.string().regex(GUID, 'must be the Entra tenant id (a GUID)')),
  MicrosoftAppType: optional(z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI'], { message: 'must be SingleTenant, MultiTenant or UserAssignedMSI' })),
  SLACK_SIGNING_SECRET: optional(z.string().regex(/^[0-9a-f]{16,}$/i, 'must be the app’s signing secret (hex, from Basic Information)')),
  SLACK_BOT_TOKEN: optional(z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-')),
  SLACK_APP_TOKEN: optional(z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-')),
  SLACK_API_URL: optional(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' })),
});

export interface MicrosoftAuth {
  appId: string;
  appPassword?: string;
  tenantId?: string;
  appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
}

export interface SlackConfig {
  signingSecret: string;
  botToken: string;
  appToken?: string;
  apiUrl?: string;
}

export interface ServerConfig {
  production: boolean;
  port: number;
  host: string;
  dataDir: string;
  /** Undefined: anonymous, for local use and the Bot Framework Emulator only. */
  microsoft?: MicrosoftAuth;
  /** Undefined: Slack is off. */
  slack?: SlackConfig;
  /** Ticket systems escalations go to, besides the local store (always on). */
  tickets: TicketConnector[];
  redaction: RedactionOptions;
}

export class ConfigError extends Error {}

/** Loads ./.env (or the given file) when it exists; variables already set win. */
export function loadEnvFile(file = '.env'): boolean {
  if (!existsSync(file)) return false;
  process.loadEnvFile(file);
  return true;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'configuration');
    const value = env[name];
    const shown = value === undefined ? '' : name.match(/PASSWORD|SECRET|TOKEN/) ? ' (value hidden)' : ` (got "${value.slice(0, 60)}")`;
    throw new ConfigError(`${name} ${issue?.message ?? 'is invalid'}${shown}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  return {
    production,
    port: e.PORT ?? 3978,
    host: e.HOST ?? '127.0.0.1',
    dataDir: e.DATA_DIR ?? './data',
    microsoft: microsoftAuth(e, production),
    slack: slackConfig(e),
    ...escalationConfig(env),
  };
}

/** Where escalations go and how they are redacted: what the terminal chat and the tickets CLI need of the configuration. */
export function escalationConfig(env: NodeJS.ProcessEnv = process.env): Pick<ServerConfig, 'tickets' | 'redaction'> {
  return { tickets: asConfigError(() => ticketConnectorsFromEnv(env)), redaction: asConfigError(() => redactionOptionsFromEnv(env)) };
}

/** The ticket and redaction readers name the variable in their own errors: keep the message, mark it as configuration. */
function asConfigError<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError((err as Error).message);
  }
}

function microsoftAuth(e: z.infer<typeof Env>, production: boolean): MicrosoftAuth | undefined {
  const { MicrosoftAppId: appId, MicrosoftAppPassword: appPassword, MicrosoftAppTenantId: tenantId } = e;
  if (!appId) {
    if (appPassword || tenantId) throw new ConfigError('MicrosoftAppId is missing (MicrosoftAppPassword or MicrosoftAppTenantId is set without it)');
    if (production) throw new ConfigError('MicrosoftAppId is missing: NODE_ENV=production refuses to run the bot endpoint without authentication');
    return undefined;
  }
  const appType = e.MicrosoftAppType ?? (tenantId ? 'SingleTenant' : 'MultiTenant');
  if (appType !== 'UserAssignedMSI' && !appPassword) throw new ConfigError(`MicrosoftAppPassword is missing (required for MicrosoftAppType=${appType})`);
  if (appType !== 'MultiTenant' && !tenantId) throw new ConfigError(`MicrosoftAppTenantId is missing (required for MicrosoftAppType=${appType})`);
  return { appId, appPassword, tenantId, appType };
}

function slackConfig(e: z.infer<typeof Env>): SlackConfig | undefined {
  const { SLACK_SIGNING_SECRET: signingSecret, SLACK_BOT_TOKEN: botToken, SLACK_APP_TOKEN: appToken, SLACK_API_URL: apiUrl } = e;
  if (!signingSecret && !botToken) {
    if (appToken) throw new ConfigError('SLACK_BOT_TOKEN is missing (SLACK_APP_TOKEN is set without it)');
    return undefined;
  }
  if (!botToken) throw new ConfigError('SLACK_BOT_TOKEN is missing (SLACK_SIGNING_SECRET is set without it)');
  if (!signingSecret) throw new ConfigError('SLACK_SIGNING_SECRET is missing (SLACK_BOT_TOKEN is set without it)');
  return { signingSecret, botToken, appToken, apiUrl };
}

/** The variables botbuilder's ConfigurationBotFrameworkAuthentication reads. */
export function botFrameworkSettings(auth: MicrosoftAuth | undefined): Record<string, string | undefined> {
  if (!auth) return {};
  return { MicrosoftAppId: auth.appId, MicrosoftAppPassword: auth.appPassword, MicrosoftAppTenantId: auth.tenantId, MicrosoftAppType: auth.appType };
}
