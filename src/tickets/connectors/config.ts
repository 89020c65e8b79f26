/**
 * Ticket connectors from environment variables. Each `<system>FromEnv(env)` stands alone and:
 * - returns undefined when none of the system's required variables is set (the system is not configured;
 *   optional variables alone do not turn it on);
 * - throws an Error naming the missing variables when only some required ones are set;
 * - validates base URLs with requireSafeBaseUrl (https, or http on loopback only), naming the variable.
 * Empty or blank values count as unset. Errors never contain a variable's value.
 */
import { requireSafeBaseUrl } from '../http.js';
import { JiraConnector } from './jira.js';
import { ServiceNowConnector } from './servicenow.js';
import { ZendeskConnector } from './zendesk.js';
import type { TicketConnector } from '../types.js';
import { createEmailConnector, parseSmtpUrl, type EmailConfig } from './email.js';
import { createGithubConnector } from './github.js';
import { createWebhookConnector, requireSafeWebhookUrl, WEBHOOK_MIN_SECRET_LENGTH } from './webhook.js';

export type EnvVars = Readonly<Record<string, string | undefined>>;

function value(env: EnvVars, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/** The required variables' values, undefined when none is set; throws naming the missing ones when some are. */
function requiredGroup<K extends string>(env: EnvVars, system: string, names: readonly K[]): Record<K, string> | undefined {
  const present = names.filter((n) => value(env, n) !== undefined);
  if (present.length === 0) return undefined;
  const missing = names.filter((n) => value(env, n) === undefined);
  if (missing.length > 0) {
    throw new Error(`${system} is partly configured: set ${missing.join(', ')} (or unset ${present.join(', ')})`);
  }
  return Object.fromEntries(names.map((n) => [n, value(env, n) as string])) as Record<K, string>;
}

/** JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN, JIRA_PROJECT_KEY; optional JIRA_ISSUE_TYPE (default Task). */
export function jiraFromEnv(env: EnvVars = process.env): JiraConnector | undefined {
  const v = requiredGroup(env, 'Jira', ['JIRA_BASE_URL', 'JIRA_EMAIL', 'JIRA_API_TOKEN', 'JIRA_PROJECT_KEY'] as const);
  if (!v) return undefined;
  const issueType = value(env, 'JIRA_ISSUE_TYPE');
  return new JiraConnector({
    baseUrl: requireSafeBaseUrl('JIRA_BASE_URL', v.JIRA_BASE_URL),
    email: v.JIRA_EMAIL,
    apiToken: v.JIRA_API_TOKEN,
    projectKey: v.JIRA_PROJECT_KEY,
    ...(issueType ? { issueType } : {}),
  });
}

/** SERVICENOW_INSTANCE_URL, SERVICENOW_USERNAME, SERVICENOW_PASSWORD; optional SERVICENOW_ASSIGNMENT_GROUP. */
export function serviceNowFromEnv(env: EnvVars = process.env): ServiceNowConnector | undefined {
  const v = requiredGroup(env, 'ServiceNow', ['SERVICENOW_INSTANCE_URL', 'SERVICENOW_USERNAME', 'SERVICENOW_PASSWORD'] as const);
  if (!v) return undefined;
  const assignmentGroup = value(env, 'SERVICENOW_ASSIGNMENT_GROUP');
  return new ServiceNowConnector({
    instanceUrl: requireSafeBaseUrl('SERVICENOW_INSTANCE_URL', v.SERVICENOW_INSTANCE_URL),
    username: v.SERVICENOW_USERNAME,
    password: v.SERVICENOW_PASSWORD,
    ...(assignmentGroup ? { assignmentGroup } : {}),
  });
}

/** ZENDESK_BASE_URL, ZENDESK_EMAIL, ZENDESK_API_TOKEN. */
export function zendeskFromEnv(env: EnvVars = process.env): ZendeskConnector | undefined {
  const v = requiredGroup(env, 'Zendesk', ['ZENDESK_BASE_URL', 'ZENDESK_EMAIL', 'ZENDESK_API_TOKEN'] as const);
  if (!v) return undefined;
  return new ZendeskConnector({
    baseUrl: requireSafeBaseUrl('ZENDESK_BASE_URL', v.ZENDESK_BASE_URL),
    email: v.ZENDESK_EMAIL,
    apiToken: v.ZENDESK_API_TOKEN,
  });
}

// --- GitHub, webhook, e-mail --------------------------------------------------------------------------------------

/**
 * GITHUB_TOKEN, GITHUB_REPOSITORY (owner/repo); optional GITHUB_API_URL (default https://api.github.com; GitHub
 * Enterprise Server: https://<host>/api/v3). GITHUB_TOKEN alone turns GitHub on: GitHub Actions runners preset
 * GITHUB_REPOSITORY and GITHUB_API_URL for every job, so those two alone do not mean "configured".
 */
export function githubFromEnv(env: EnvVars = process.env): TicketConnector | undefined {
  const token = value(env, 'GITHUB_TOKEN');
  if (!token) return undefined;
  const repository = value(env, 'GITHUB_REPOSITORY');
  if (!repository) throw new Error('GitHub is partly configured: set GITHUB_REPOSITORY (owner/repo) (or unset GITHUB_TOKEN)');
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) throw new Error('GITHUB_REPOSITORY must look like owner/repo');
  const apiUrl = value(env, 'GITHUB_API_URL');
  return createGithubConnector({
    repository,
    token,
    ...(apiUrl ? { apiUrl: requireSafeBaseUrl('GITHUB_API_URL', apiUrl) } : {}),
  });
}

/** TICKET_WEBHOOK_URL, TICKET_WEBHOOK_SECRET (at least 16 characters). */
export function webhookFromEnv(env: EnvVars = process.env): TicketConnector | undefined {
  const v = requiredGroup(env, 'The ticket webhook', ['TICKET_WEBHOOK_URL', 'TICKET_WEBHOOK_SECRET'] as const);
  if (!v) return undefined;
  if (v.TICKET_WEBHOOK_SECRET.length < WEBHOOK_MIN_SECRET_LENGTH) {
    throw new Error(`TICKET_WEBHOOK_SECRET must be at least ${WEBHOOK_MIN_SECRET_LENGTH} characters`);
  }
  return createWebhookConnector({
    url: requireSafeWebhookUrl('TICKET_WEBHOOK_URL', v.TICKET_WEBHOOK_URL),
    secret: v.TICKET_WEBHOOK_SECRET,
  });
}

function envBoolean(env: EnvVars, name: string): boolean | undefined {
  const v = value(env, name)?.toLowerCase();
  if (v === undefined) return undefined;
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new Error(`${name} must be true or false`);
}

const LOOPBACK_SMTP_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * The SMTP server: SMTP_URL (`smtp://[user:pass@]host[:port]`, STARTTLS when offered, default port 587, or
 * `smtps://…`, implicit TLS, default port 465) or SMTP_HOST with optional SMTP_PORT, SMTP_SECURE (default: true on
 * port 465); optional SMTP_USER and SMTP_PASSWORD (both or neither; they override credentials in SMTP_URL).
 * TICKET_EMAIL_TO: the helpdesk mailbox (comma-separated for several). TICKET_EMAIL_FROM: default
 * `FreeBusy Doctor <freebusy-doctor@localhost>`. SMTP_REQUIRE_TLS: refuse to send without TLS; default on when
 * credentials would otherwise cross a non-loopback network in clear text.
 * SMTP_URL, SMTP_HOST or TICKET_EMAIL_TO turns e-mail on.
 */
export function emailFromEnv(env: EnvVars = process.env): TicketConnector | undefined {
  const url = value(env, 'SMTP_URL');
  const host = value(env, 'SMTP_HOST');
  const to = value(env, 'TICKET_EMAIL_TO');
  if (!url && !host && !to) return undefined;
  const missing: string[] = [];
  if (!url && !host) missing.push('SMTP_URL or SMTP_HOST');
  if (!to) missing.push('TICKET_EMAIL_TO');
  if (missing.length > 0) throw new Error(`E-mail is partly configured: set ${missing.join(', ')}`);
  if (url && host) throw new Error('Set either SMTP_URL or SMTP_HOST, not both');

  let server: Pick<EmailConfig, 'host' | 'port' | 'secure' | 'user' | 'password'>;
  if (url) {
    try {
      server = parseSmtpUrl(url);
    } catch (err) {
      // parseSmtpUrl's messages never contain the URL itself.
      throw new Error(`SMTP_URL: ${err instanceof Error ? err.message : String(err)}`);
    }
  } else {
    const portText = value(env, 'SMTP_PORT');
    const secureFlag = envBoolean(env, 'SMTP_SECURE');
    let port: number;
    if (portText !== undefined) {
      if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
        throw new Error('SMTP_PORT must be a port number (1-65535)');
      }
      port = Number(portText);
    } else {
      port = secureFlag === true ? 465 : 587;
    }
    server = { host: host as string, port, secure: secureFlag ?? port === 465 };
  }
  const user = value(env, 'SMTP_USER');
  const password = value(env, 'SMTP_PASSWORD');
  if (user && !password) throw new Error('E-mail is partly configured: set SMTP_PASSWORD (or unset SMTP_USER)');
  if (password && !user) throw new Error('E-mail is partly configured: set SMTP_USER (or unset SMTP_PASSWORD)');
  if (user && password) {
    server.user = user;
    server.password = password;
  }
  const hasCredentials = server.user !== undefined;
  const requireTls = envBoolean(env, 'SMTP_REQUIRE_TLS') ?? (hasCredentials && !server.secure && !LOOPBACK_SMTP_HOSTS.has(server.host));
  return createEmailConnector({
    ...server,
    from: value(env, 'TICKET_EMAIL_FROM') ?? 'FreeBusy Doctor <freebusy-doctor@localhost>',
    to: to as string,
    requireTls,
  });
}

/** Every ticket system whose variables are set, in a fixed order; throws naming a half-configured one. */
export function ticketConnectorsFromEnv(env: EnvVars = process.env): TicketConnector[] {
  return [jiraFromEnv, serviceNowFromEnv, zendeskFromEnv, githubFromEnv, webhookFromEnv, emailFromEnv]
    .map((read) => read(env))
    .filter((c): c is NonNullable<typeof c> => c !== undefined);
}
