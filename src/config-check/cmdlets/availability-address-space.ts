/**
 * Get-AvailabilityAddressSpace: the HCW's address space for the coexistence domain, through
 * which older on-premises servers proxy free/busy requests via a newer server's EWS
 * (FreeBusyChecker D24–D28, repeated as O39–O43). Other address spaces (another forest, Lotus
 * Notes) are not part of the hybrid setup and are left alone.
 */
import { fail, isBlankValue, isTrue, pass, skip, textIs, warn } from '../expect.js';
import type { CmdletSpec, FieldRule, Outcome, RuleEnv } from '../types.js';
import type { PsValue } from '../../parse/types.js';
import { fieldOf, isOnMicrosoftDomain, normDomain, sameText, sameUrl, text } from '../values.js';

function proxyUrl(v: PsValue, env: RuleEnv): Outcome {
  const own = env.context.onPremEwsUrl;
  const expected = own ?? 'the EWS URL of an on-premises Exchange 2013 or later server';
  const url = text(v);
  if (!/^https:\/\/[^/]+\/ews\/exchange\.asmx\/?$/i.test(url)) return fail(expected);
  if (own === undefined) return skip(expected, 'onPremEwsUrl');
  // FreeBusyChecker demands the local server's external URL; another server's internal EWS URL proxies just as well.
  return sameUrl(url, own) ? pass(expected) : warn(expected, 'It is another EWS URL than the one you gave me; that works if it reaches a current Exchange server.');
}

function forestName(v: PsValue, env: RuleEnv): Outcome {
  const tenant = env.context.tenantRoutingDomain;
  if (tenant === undefined) return skip('<tenant>.mail.onmicrosoft.com', 'tenantRoutingDomain');
  return sameText(normDomain(text(v)), normDomain(tenant)) ? pass(normDomain(tenant)) : fail(normDomain(tenant));
}

/** There is no Set-AvailabilityAddressSpace: any correction means removing the address space and adding it anew. */
const recreate = (env: RuleEnv) =>
  `Remove-AvailabilityAddressSpace -Identity "${text(fieldOf(env.object, 'ForestName')) || '{{tenantRoutingDomain}}'}"\nAdd-AvailabilityAddressSpace -ForestName {{tenantRoutingDomain}} -AccessMethod InternalProxy -UseServiceAccount $true -ProxyUrl {{onPremEwsUrl}}`;

const rules: FieldRule[] = [
  {
    id: 'aas.forest-name', ref: 'D24/O39', field: 'ForestName', auth: 'both',
    check: forestName,
    why: 'The address space applies to free/busy requests for this domain; it must be the coexistence domain that cloud mailboxes are addressed by.',
    fix: recreate,
  },
  {
    id: 'aas.access-method', ref: 'D27/O42', field: 'AccessMethod', auth: 'both',
    check: (v) => textIs(v, 'InternalProxy'),
    why: 'InternalProxy hands the request to a newer on-premises server, which then uses the organization relationship or OAuth; other methods try to reach the cloud directly and fail.',
    fix: recreate,
  },
  {
    id: 'aas.use-service-account', ref: 'D26/O41', field: 'UseServiceAccount', auth: 'both',
    check: isTrue,
    why: 'The proxying server must authenticate as itself (the Exchange server account); stored credentials are not used in hybrid.',
    fix: recreate,
  },
  {
    id: 'aas.user-name', ref: 'D25/O40', field: 'UserName', auth: 'both',
    check: isBlankValue,
    why: 'A user name means stored credentials, which the hybrid address space does not use; the requests are then sent with the wrong identity.',
    fix: recreate,
  },
  {
    id: 'aas.proxy-url', ref: 'D28/O43', field: 'ProxyUrl', auth: 'both',
    check: proxyUrl,
    why: 'Requests for cloud mailboxes are proxied to this EWS endpoint of a current on-premises server, which then talks to Exchange Online.',
    fix: recreate,
  },
];

export const availabilityAddressSpace: CmdletSpec = {
  cmdlet: 'Get-AvailabilityAddressSpace',
  sides: ['ems'],
  signatures: [{ all: ['ForestName', 'AccessMethod'] }, { all: ['ForestName', 'ProxyUrl'] }, { all: ['UseServiceAccount', 'ProxyUrl'] }],
  // Only onmicrosoft.com address spaces belong to the hybrid setup; a Notes or cross-forest one is not judged by these values.
  relevant: (o, { context }) => {
    if (fieldOf(o, 'ForestName') === undefined) return true;
    const forest = normDomain(text(fieldOf(o, 'ForestName')));
    const tenant = context.tenantRoutingDomain;
    return isOnMicrosoftDomain(forest) || (tenant !== undefined && sameText(forest, normDomain(tenant)));
  },
  strictRelevance: true,
  irrelevantReason: 'It serves another forest or system (not the Exchange Online coexistence domain).',
  label: (o) => text(fieldOf(o, 'ForestName')) || text(fieldOf(o, 'Name')) || undefined,
  rules,
};
