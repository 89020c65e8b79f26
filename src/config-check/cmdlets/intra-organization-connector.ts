/**
 * Get-IntraOrganizationConnector (OAuth). Its Enabled flag also decides whether free/busy uses
 * OAuth at all (FreeBusyChecker O1–O3 on-premises, Y1–Y3 in Exchange Online).
 */
import { blankOrUrl, fail, listsDomain, pass, urlIs, warn } from '../expect.js';
import { checkOnPremAutodiscover, checkOnPremSharingEpr, domainsSide, listsHybridDomain, vote } from '../endpoints.js';
import { identityOr } from '../run-rules.js';
import type { PsValue } from '../../parse/types.js';
import type { CmdletSpec, FieldRule, Outcome, RuleEnv } from '../types.js';
import { asBool, fieldOf, hostOf, isHybridAgentUrl, listHasDomain, normDomain, text } from '../values.js';
import { EXO_AUTODISCOVER, EXO_AUTODISCOVER_ALT, EXO_AUTODISCOVER_HOST, EXO_EWS } from '../well-known.js';

const ON_PREM = ['ems'] as const;
const CLOUD = ['exo'] as const;

const set = (env: RuleEnv, params: string) =>
  `Set-IntraOrganizationConnector -Identity ${identityOr(env, env.variant === 'exo' ? '{{cloudConnectorId}}' : '{{onPremConnectorId}}')} ${params}`;

/** The connector's state is the OAuth/DAuth switch, so whether False is wrong depends on the method meant. */
function enabledOutcome(v: PsValue, env: RuleEnv): Outcome {
  const on = asBool(v) === true;
  const auth = env.context.authType;
  if (on) {
    return auth === 'dauth'
      ? warn('False when free/busy is meant to use DAuth', 'The connector is enabled, so Exchange uses OAuth for these domains, not DAuth.')
      : pass('True');
  }
  if (auth === 'dauth') return pass('False when free/busy is meant to use DAuth');
  if (auth === 'oauth') return fail('True');
  return warn('True for OAuth', 'While it is disabled, free/busy falls back to the organization relationship (DAuth); that is fine only if DAuth is what you want.');
}

/** FreeBusyChecker accepts the coexistence domain or the initial domain here. */
function tenantDomains(v: PsValue, env: RuleEnv): Outcome {
  const { tenantRoutingDomain, tenantDomain } = env.context;
  if (tenantRoutingDomain === undefined && tenantDomain !== undefined && listHasDomain(v, tenantDomain)) return pass(`contains ${normDomain(tenantDomain)}`);
  const o = listsDomain(v, tenantRoutingDomain, 'tenantRoutingDomain', env);
  if (o.status === 'fail' && tenantDomain !== undefined && listHasDomain(v, tenantDomain)) return pass(o.expected);
  return o;
}

const rules: FieldRule[] = [
  {
    id: 'ioc.enabled', ref: 'O3/Y3', field: 'Enabled', auth: 'oauth',
    check: enabledOutcome,
    why: 'An enabled intra-organization connector makes Exchange use OAuth for free/busy with the domains it lists; disabled, Exchange falls back to the organization relationship (DAuth).',
    fix: (env) => set(env, '-Enabled $true'),
  },
  {
    id: 'ioc.onprem.target-address-domains', ref: 'O1', field: 'TargetAddressDomains', auth: 'oauth', variants: ON_PREM,
    check: tenantDomains,
    why: "On-premises Exchange uses OAuth only for mailboxes whose target address is in these domains; cloud mailboxes' target addresses end in the coexistence domain, so it must be listed.",
    fix: (env) => set(env, '-TargetAddressDomains @{Add="{{tenantRoutingDomain}}"}'),
  },
  {
    // FreeBusyChecker rejects outlook.office365.com although its own message offers it; both are Exchange Online Autodiscover.
    id: 'ioc.onprem.discovery-endpoint', ref: 'O2', field: 'DiscoveryEndpoint', auth: 'oauth', variants: ON_PREM,
    check: (v) => urlIs(v, EXO_AUTODISCOVER, EXO_AUTODISCOVER_ALT),
    why: "On-premises Exchange looks up a cloud mailbox's EWS endpoint here; it has to be Exchange Online's Autodiscover service.",
    fix: (env) => set(env, `-DiscoveryEndpoint ${EXO_AUTODISCOVER}`),
  },
  {
    id: 'ioc.onprem.target-sharing-epr', field: 'TargetSharingEpr', auth: 'oauth', variants: ON_PREM,
    check: (v) => blankOrUrl(v, EXO_EWS),
    why: 'When set, on-premises Exchange sends OAuth free/busy requests straight to this URL instead of discovering it; only Exchange Online EWS is right.',
    fix: (env) => set(env, '-TargetSharingEpr $null'),
  },
  {
    id: 'ioc.exo.target-address-domains', ref: 'Y1', field: 'TargetAddressDomains', auth: 'oauth', variants: CLOUD,
    check: (v, env) => listsDomain(v, env.context.onPremDomain, 'onPremDomain', env),
    why: 'Exchange Online uses OAuth only for on-premises users in these domains; without your on-premises SMTP domain, it never uses this connector.',
    fix: (env) => set(env, '-TargetAddressDomains @{Add="{{onPremDomain}}"}'),
  },
  {
    id: 'ioc.exo.discovery-endpoint', ref: 'Y2', field: 'DiscoveryEndpoint', auth: 'oauth', variants: CLOUD,
    check: (v, env) => checkOnPremAutodiscover(v, env, 'plain'),
    why: "Exchange Online finds the on-premises mailbox's EWS URL through this endpoint. It must be on-premises Autodiscover (OnPremiseDiscoveryEndpoint of Get-IntraOrganizationConfiguration) or the Hybrid Agent URL.",
    fix: (env) => set(env, '-DiscoveryEndpoint "{{onPremAutodiscoverUrl}}"'),
  },
  {
    id: 'ioc.exo.target-sharing-epr', field: 'TargetSharingEpr', auth: 'oauth', variants: CLOUD,
    check: checkOnPremSharingEpr,
    why: 'When set, Exchange Online sends OAuth free/busy requests straight to this URL; it must reach on-premises EWS.',
    fix: (env) => `${set(env, '-TargetSharingEpr $null')}   # or -TargetSharingEpr {{onPremEwsUrl}} to bypass Autodiscover`,
  },
];

export const intraOrganizationConnector: CmdletSpec = {
  cmdlet: 'Get-IntraOrganizationConnector',
  sides: ['ems', 'exo'],
  signatures: [{ all: ['TargetAddressDomains'] }, { all: ['DiscoveryEndpoint'], none: ['OnPremiseDiscoveryEndpoint'] }],
  variantOf: (o, { context, side }) => {
    if (side) return side;
    const discovery = text(fieldOf(o, 'DiscoveryEndpoint'));
    const host = hostOf(discovery);
    return vote([
      domainsSide(fieldOf(o, 'TargetAddressDomains'), context),
      host === undefined ? undefined : host === EXO_AUTODISCOVER_HOST || host === 'outlook.office365.com' ? 'ems' : 'exo',
      isHybridAgentUrl(text(fieldOf(o, 'TargetSharingEpr'))) ? 'exo' : undefined,
    ]);
  },
  variantQuestion: { needs: 'side', what: 'whether this connector lives on-premises or in Exchange Online' },
  relevant: (o, { context, variant }) => listsHybridDomain(o, 'TargetAddressDomains', variant === 'ems' || variant === 'exo' ? variant : undefined, context),
  irrelevantReason: 'It does not list the domains of this hybrid deployment, so it serves another organization.',
  rules,
};
