/**
 * Get-OrganizationRelationship (DAuth). The on-premises relationship points at Exchange Online
 * (FreeBusyChecker D1–D7, D31), the Exchange Online one points at on-premises (X1–X7).
 */
import { fail, isBlankValue, isTrue, listsDomain, pass, skip, softly, textIs, urlIs, warn, blankOrUrl } from '../expect.js';
import { checkOnPremAutodiscover, checkOnPremSharingEpr, domainsSide, listsHybridDomain, vote } from '../endpoints.js';
import { identityOr } from '../run-rules.js';
import type { PsValue } from '../../parse/types.js';
import type { CmdletSpec, FieldRule, Outcome, RuleEnv } from '../types.js';
import { asBool, fieldOf, hostOf, isBlank, isHybridAgentUrl, isOnMicrosoftDomain, normDomain, sameText, sameUrl, text } from '../values.js';
import { ACCOUNT_NAMESPACE_PREFIX, EXO_APPLICATION_URI, EXO_AUTODISCOVER_HOST, EXO_AUTODISCOVER_WSSECURITY, EXO_EWS, HYBRID_AGENT_APPLICATION_URI } from '../well-known.js';

const ON_PREM = ['ems'] as const;
const CLOUD = ['exo'] as const;

const id = (env: RuleEnv) => identityOr(env, env.variant === 'exo' ? '{{cloudOrgRelationship}}' : '{{onPremOrgRelationship}}');
const set = (env: RuleEnv, params: string) => `Set-OrganizationRelationship -Identity ${id(env)} ${params}`;

/** Enabled False is deliberate when free/busy runs over OAuth, so it is an error only under DAuth. */
function enabledOutcome(v: PsValue, env: RuleEnv): Outcome {
  if (asBool(v) === true) return pass('True');
  if (env.context.authType === 'dauth') return fail('True');
  if (env.context.authType === 'oauth') return warn('True', 'Under OAuth the intra-organization connector carries free/busy, so this can be intended.');
  return warn('True', 'If free/busy uses DAuth (no enabled intra-organization connector), this is the cause.');
}

const LEVELS = ['AvailabilityOnly', 'LimitedDetails'];

function onPremOwaUrl(v: PsValue, env: RuleEnv): Outcome {
  const expected = 'blank, https://outlook.office.com/mail or https://outlook.com/owa/<tenant>.mail.onmicrosoft.com';
  if (isBlank(v)) return pass(expected);
  // FreeBusyChecker's accepted value carries a stray trailing dot; a trailing dot or slash does not matter.
  const url = text(v).replace(/[./]+$/, '');
  if (/^https?:\/\/outlook\.office\.com\/mail$/i.test(url)) return pass(expected);
  const owa = /^https?:\/\/outlook\.com\/owa\/([^/]+)$/i.exec(url);
  if (owa) {
    const domain = normDomain(owa[1] ?? '');
    const tenant = [env.context.tenantRoutingDomain, env.context.tenantDomain].filter((d): d is string => d !== undefined).map(normDomain);
    if (tenant.length === 0 ? isOnMicrosoftDomain(domain) : tenant.includes(domain)) return pass(expected);
  }
  return warn(expected);
}

function cloudApplicationUri(v: PsValue, env: RuleEnv): Outcome {
  const value = text(v);
  if (isHybridAgentUrl(text(fieldOf(env.object, 'TargetSharingEpr')))) {
    // FreeBusyChecker's Hybrid Agent value; not confirmed by Microsoft documentation, so a difference only warns.
    return sameUrl(value, HYBRID_AGENT_APPLICATION_URI)
      ? pass(HYBRID_AGENT_APPLICATION_URI, 'The Hybrid Agent is in use.')
      : warn(HYBRID_AGENT_APPLICATION_URI, 'The Hybrid Agent is in use, and FreeBusyChecker expects this value with it.');
  }
  const domain = env.context.onPremDomain;
  const expected = `${ACCOUNT_NAMESPACE_PREFIX}${domain !== undefined ? normDomain(domain) : '<your federated domain>'}`;
  if (sameText(value, EXO_APPLICATION_URI)) return fail(expected, 'outlook.com is Exchange Online\'s own name; on-premises Exchange rejects tokens issued for it.');
  if (!value.toUpperCase().startsWith(ACCOUNT_NAMESPACE_PREFIX)) return fail(expected);
  if (domain === undefined) return skip(expected, 'onPremDomain');
  return sameText(value.slice(ACCOUNT_NAMESPACE_PREFIX.length), normDomain(domain))
    ? pass(expected)
    : warn(expected, 'It names another domain. That is right only if it equals ApplicationUri of Get-FederationTrust on-premises (the account namespace may use a different federated domain).');
}

const rules: FieldRule[] = [
  {
    id: 'orgrel.enabled', ref: 'D7/X7', field: 'Enabled', auth: 'dauth',
    check: enabledOutcome,
    why: 'A disabled organization relationship is ignored: Exchange neither sends free/busy requests through it nor answers requests that arrive through it.',
    fix: (env) => set(env, '-Enabled $true'),
  },
  {
    id: 'orgrel.freebusy-access-enabled', ref: 'D2/X2', field: 'FreeBusyAccessEnabled', auth: 'dauth',
    check: isTrue,
    why: 'With free/busy access turned off this relationship shares no calendar availability, so the other side gets nothing for these mailboxes.',
    fix: (env) => set(env, '-FreeBusyAccessEnabled $true -FreeBusyAccessLevel LimitedDetails'),
  },
  {
    // FreeBusyChecker evaluates the level only on the Exchange Online side; None breaks either side.
    id: 'orgrel.freebusy-access-level', ref: 'X3', field: 'FreeBusyAccessLevel', auth: 'dauth',
    check: (v) => {
      const o = textIs(v, ...LEVELS);
      return o.status === 'fail' && !isBlank(v) && !sameText(text(v), 'None') ? warn(o.expected) : o;
    },
    why: 'The access level caps what the other organization sees: AvailabilityOnly shows busy times, LimitedDetails adds subject and location. None (or blank) shares nothing.',
    fix: (env) => set(env, '-FreeBusyAccessLevel LimitedDetails'),
  },
  {
    id: 'orgrel.freebusy-access-scope', ref: 'D5', field: 'FreeBusyAccessScope', auth: 'dauth',
    check: (v) => softly(isBlankValue(v)),
    why: 'A scope limits sharing to the members of one group; everyone outside it appears to have no free/busy. Blank is the standard; keep a group only if that limit is intended.',
    fix: (env) => set(env, '-FreeBusyAccessScope $null'),
  },
  // ---- on-premises relationship, pointing at Exchange Online
  {
    id: 'orgrel.onprem.domain-names', ref: 'D1', field: 'DomainNames', auth: 'dauth', variants: ON_PREM,
    check: (v, env) => listsDomain(v, env.context.tenantRoutingDomain, 'tenantRoutingDomain', env),
    why: "On-premises Exchange chooses the relationship by domain: cloud mailboxes are reached through their coexistence address (<tenant>.mail.onmicrosoft.com), and cloud users' requests arrive from it. Without it, no relationship matches.",
    fix: (env) => set(env, '-DomainNames @{Add="{{tenantRoutingDomain}}"}'),
  },
  {
    id: 'orgrel.onprem.target-application-uri', ref: 'D10/D31', field: 'TargetApplicationUri', auth: 'dauth', variants: ON_PREM,
    check: (v) => textIs(v, 'Outlook.com'),
    why: 'The federation gateway issues the delegation token for this application. Exchange Online is registered as outlook.com; a token for any other name is rejected.',
    fix: (env) => set(env, '-TargetApplicationUri Outlook.com'),
  },
  {
    id: 'orgrel.onprem.target-autodiscover-epr', ref: 'D6', field: 'TargetAutodiscoverEpr', auth: 'dauth', variants: ON_PREM,
    check: (v) => urlIs(v, EXO_AUTODISCOVER_WSSECURITY),
    why: "On-premises Exchange asks this endpoint where a cloud mailbox's EWS is. It must be Exchange Online's WS-Security Autodiscover endpoint.",
    fix: (env) => set(env, `-TargetAutodiscoverEpr ${EXO_AUTODISCOVER_WSSECURITY}`),
  },
  {
    id: 'orgrel.onprem.target-sharing-epr', ref: 'D4', field: 'TargetSharingEpr', auth: 'dauth', variants: ON_PREM,
    check: (v) => blankOrUrl(v, EXO_EWS),
    why: 'When set, on-premises Exchange skips Autodiscover and sends free/busy requests straight to this URL; anything but Exchange Online EWS sends them to the wrong place.',
    fix: (env) => set(env, '-TargetSharingEpr $null'),
  },
  {
    id: 'orgrel.onprem.target-owa-url', ref: 'D3', field: 'TargetOwaURL', auth: 'dauth', variants: ON_PREM,
    check: onPremOwaUrl,
    why: 'TargetOwaURL only serves links to cloud calendars in Outlook on the web, not free/busy lookups. A non-standard value does not break free/busy, but shows the relationship was edited by hand.',
    fix: (env) => set(env, '-TargetOwaURL https://outlook.office.com/mail'),
  },
  // ---- Exchange Online relationship, pointing at on-premises
  {
    id: 'orgrel.exo.domain-names', ref: 'X1', field: 'DomainNames', auth: 'dauth', variants: CLOUD,
    check: (v, env) => listsDomain(v, env.context.onPremDomain, 'onPremDomain', env),
    why: "Exchange Online chooses the relationship by the on-premises user's domain. If your on-premises SMTP domain is missing, cloud users get no free/busy for on-premises mailboxes.",
    fix: (env) => set(env, '-DomainNames @{Add="{{onPremDomain}}"}'),
  },
  {
    id: 'orgrel.exo.target-application-uri', ref: 'X4', field: 'TargetApplicationUri', auth: 'dauth', variants: CLOUD,
    check: cloudApplicationUri,
    why: "Exchange Online asks the federation gateway for a token addressed to this name, and on-premises Exchange accepts only tokens for its own federated namespace (ApplicationUri of its Get-FederationTrust).",
    fix: (env) => set(env, '-TargetApplicationUri FYDIBOHF25SPDLT.{{onPremDomain}}'),
  },
  {
    id: 'orgrel.exo.target-sharing-epr', ref: 'X5', field: 'TargetSharingEpr', auth: 'dauth', variants: CLOUD,
    check: checkOnPremSharingEpr,
    why: 'This is where Exchange Online sends free/busy requests for on-premises mailboxes when it does not use Autodiscover. A wrong URL makes every request fail or time out.',
    fix: (env) => `${set(env, '-TargetSharingEpr $null')}   # or -TargetSharingEpr {{onPremEwsUrl}} to bypass Autodiscover`,
  },
  {
    id: 'orgrel.exo.target-autodiscover-epr', ref: 'X6', field: 'TargetAutodiscoverEpr', auth: 'dauth', variants: CLOUD,
    check: (v, env) => checkOnPremAutodiscover(v, env, 'wssecurity'),
    why: "Exchange Online asks this endpoint for the on-premises mailbox's EWS URL. It must be on-premises Autodiscover, the value Get-FederationInformation returns for your domain.",
    fix: (env) => set(env, '-TargetAutodiscoverEpr (Get-FederationInformation -DomainName {{onPremDomain}} -BypassAdditionalDomainValidation).TargetAutodiscoverEpr'),
  },
];

export const organizationRelationship: CmdletSpec = {
  cmdlet: 'Get-OrganizationRelationship',
  sides: ['ems', 'exo'],
  signatures: [
    { all: ['FreeBusyAccessEnabled'] },
    { all: ['FreeBusyAccessLevel'] },
    { all: ['FreeBusyAccessScope'] },
    { all: ['TargetOwaURL'] },
    { all: ['MailboxMoveEnabled'] },
    { all: ['DomainNames', 'TargetSharingEpr'] },
    { all: ['DomainNames', 'TargetApplicationUri', 'TargetAutodiscoverEpr', 'Enabled'], none: ['TokenIssuerUris'] },
  ],
  variantOf: (o, { context, side }) => {
    if (side) return side;
    const uri = text(fieldOf(o, 'TargetApplicationUri'));
    const sharing = text(fieldOf(o, 'TargetSharingEpr'));
    const name = text(fieldOf(o, 'Name')) || text(fieldOf(o, 'Identity'));
    return vote([
      domainsSide(fieldOf(o, 'DomainNames'), context),
      sameText(uri, EXO_APPLICATION_URI) ? 'ems' : uri.toUpperCase().startsWith(ACCOUNT_NAMESPACE_PREFIX) || sameUrl(uri, HYBRID_AGENT_APPLICATION_URI) ? 'exo' : undefined,
      hostOf(sharing) === 'outlook.office365.com' ? 'ems' : isHybridAgentUrl(sharing) ? 'exo' : undefined,
      hostOf(text(fieldOf(o, 'TargetAutodiscoverEpr'))) === EXO_AUTODISCOVER_HOST ? 'ems' : undefined,
      /^on-?premises to (o365|office 365|exchange online)/i.test(name) ? 'ems' : /^(o365|office 365|exchange online) to on-?premises/i.test(name) ? 'exo' : undefined,
    ]);
  },
  variantQuestion: { needs: 'side', what: 'whether this relationship lives on-premises or in Exchange Online' },
  relevant: (o, { context, variant }) => listsHybridDomain(o, 'DomainNames', variant === 'ems' || variant === 'exo' ? variant : undefined, context),
  irrelevantReason: 'It does not list the domains of this hybrid deployment, so it looks like a relationship with another organization; the hybrid values do not apply to it.',
  rules,
};
