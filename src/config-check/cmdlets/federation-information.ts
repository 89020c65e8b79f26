/**
 * Get-FederationInformation (DAuth): what an organization publishes about itself through
 * Autodiscover. For the tenant's coexistence domain it must be Exchange Online's values
 * (FreeBusyChecker D8–D11); for the on-premises domain it is what the Exchange Online
 * relationship has to copy (the script's reference value C5).
 */
import { listsDomain, listsItem, textIs, urlIs } from '../expect.js';
import { checkOnPremAutodiscover } from '../endpoints.js';
import type { CmdletSpec, FieldRule } from '../types.js';
import type { PsObject } from '../../parse/types.js';
import { fieldOf, hostOf, isOnMicrosoftDomain, items, listHasDomain, sameText, text } from '../values.js';
import { ACCOUNT_NAMESPACE_PREFIX, EXO_APPLICATION_URI, EXO_AUTODISCOVER_HOST, EXO_AUTODISCOVER_WSSECURITY, MFG_TOKEN_ISSUER_URI } from '../well-known.js';
import { onPremApplicationUri } from './federation-trust.js';

type Target = 'tenant' | 'onprem';

/** Which organization was asked: its answer names itself. */
function targetOf(o: PsObject, onPremDomain: string | undefined): Target | undefined {
  const hints: Target[] = [];
  const domains = fieldOf(o, 'DomainNames');
  if (items(domains).some(isOnMicrosoftDomain)) hints.push('tenant');
  else if (onPremDomain !== undefined && listHasDomain(domains, onPremDomain)) hints.push('onprem');
  const uri = text(fieldOf(o, 'TargetApplicationUri'));
  if (sameText(uri, EXO_APPLICATION_URI)) hints.push('tenant');
  else if (uri.toUpperCase().startsWith(ACCOUNT_NAMESPACE_PREFIX)) hints.push('onprem');
  const host = hostOf(text(fieldOf(o, 'TargetAutodiscoverEpr')));
  if (host !== undefined) hints.push(host === EXO_AUTODISCOVER_HOST ? 'tenant' : 'onprem');
  const tenant = hints.filter((h) => h === 'tenant').length;
  const onprem = hints.length - tenant;
  return tenant > onprem ? 'tenant' : onprem > tenant ? 'onprem' : undefined;
}

const TENANT = ['tenant'] as const;
const ON_PREM = ['onprem'] as const;

const NOT_FROM_EXO =
  'The answer did not come from Exchange Online. Check the outbound proxy of the server (Get-ExchangeServer | fl Name,InternetWebProxy) and its DNS, then query again:\nGet-FederationInformation -DomainName {{tenantRoutingDomain}} -BypassAdditionalDomainValidation | fl';

const rules: FieldRule[] = [
  {
    id: 'fedinfo.domain-names', ref: 'D8', field: 'DomainNames', auth: 'dauth', variants: TENANT,
    check: (v, env) => listsDomain(v, env.context.tenantRoutingDomain, 'tenantRoutingDomain', env),
    why: 'The HCW builds the on-premises organization relationship from this answer; if the coexistence domain is not in it, the relationship cannot cover cloud mailboxes.',
    fix: 'Get-FederationInformation -DomainName {{tenantRoutingDomain}} -BypassAdditionalDomainValidation | fl   # ask for the coexistence domain itself',
  },
  {
    id: 'fedinfo.token-issuer-uris', ref: 'D9', field: 'TokenIssuerUris', auth: 'dauth', variants: TENANT,
    check: (v, env) => listsItem(v, MFG_TOKEN_ISSUER_URI, env),
    why: 'Exchange Online trusts delegation tokens from the business federation gateway; without that issuer the two sides share no token issuer.',
    fix: NOT_FROM_EXO,
  },
  {
    id: 'fedinfo.target-application-uri', ref: 'D10', field: 'TargetApplicationUri', auth: 'dauth', variants: TENANT,
    check: (v) => textIs(v, EXO_APPLICATION_URI),
    why: 'Exchange Online is known to the federation gateway as outlook.com; the on-premises relationship must use the same name.',
    fix: NOT_FROM_EXO,
  },
  {
    id: 'fedinfo.target-autodiscover-epr', ref: 'D11', field: 'TargetAutodiscoverEpr', auth: 'dauth', variants: TENANT,
    check: (v) => urlIs(v, EXO_AUTODISCOVER_WSSECURITY),
    why: "This is Exchange Online's Autodiscover endpoint for federated requests, which the on-premises relationship must use.",
    fix: NOT_FROM_EXO,
  },
  {
    id: 'fedinfo.onprem.domain-names', field: 'DomainNames', auth: 'dauth', variants: ON_PREM,
    check: (v, env) => listsDomain(v, env.context.onPremDomain, 'onPremDomain', env),
    why: 'Exchange Online builds its relationship to on-premises from this answer; your on-premises domain must be among the federated domains.',
    fix: 'Add-FederatedDomain -DomainName {{onPremDomain}}',
  },
  {
    id: 'fedinfo.onprem.token-issuer-uris', field: 'TokenIssuerUris', auth: 'dauth', variants: ON_PREM,
    check: (v, env) => listsItem(v, MFG_TOKEN_ISSUER_URI, env),
    why: 'On-premises must trust the business federation gateway, the issuer Exchange Online gets its tokens from.',
    fix: 'Get-FederationTrust | Set-FederationTrust -RefreshMetadata',
  },
  {
    id: 'fedinfo.onprem.target-application-uri', field: 'TargetApplicationUri', auth: 'dauth', variants: ON_PREM,
    check: onPremApplicationUri,
    why: 'This is the name Exchange Online must request delegation tokens for; it must equal the on-premises federation trust ApplicationUri.',
    fix: 'Run the Hybrid Configuration Wizard again; it sets the account namespace with the federation trust.',
  },
  {
    id: 'fedinfo.onprem.target-autodiscover-epr', field: 'TargetAutodiscoverEpr', auth: 'dauth', variants: ON_PREM,
    check: (v, env) => checkOnPremAutodiscover(v, env, 'wssecurity'),
    why: 'Exchange Online will send Autodiscover requests for on-premises mailboxes to this endpoint; it must be your published Autodiscover with WS-Security.',
    fix: 'Publish https://autodiscover.{{onPremDomain}}/autodiscover/autodiscover.svc to the internet and enable WS-Security on it:\nGet-AutodiscoverVirtualDirectory | Set-AutodiscoverVirtualDirectory -WSSecurityAuthentication $true',
  },
];

export const federationInformation: CmdletSpec = {
  cmdlet: 'Get-FederationInformation',
  sides: ['ems', 'exo'],
  signatures: [{ all: ['TokenIssuerUris'] }],
  variantOf: (o, { context }) => targetOf(o, context.onPremDomain),
  variantQuestion: { needs: 'tenantRoutingDomain', what: 'which domain was queried (the coexistence domain or your on-premises domain)' },
  rules,
};
