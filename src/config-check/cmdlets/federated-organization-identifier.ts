/**
 * Get-FederatedOrganizationIdentifier (DAuth): whether the organization is federated and for
 * which domains. FreeBusyChecker reads only the Exchange Online side (X8, X9) and leaves
 * AccountNamespace alone; the on-premises identifier matters just as much, so it is checked too.
 */
import { fail, isNotBlank, isTrue, listsDomain, pass, skip, warn } from '../expect.js';
import { domainsSide, vote } from '../endpoints.js';
import type { CmdletSpec, FieldRule, Outcome, RuleEnv } from '../types.js';
import type { PsValue } from '../../parse/types.js';
import { fieldOf, isBlank, isOnMicrosoftDomain, listHasDomain, normDomain, sameText, text } from '../values.js';
import { ACCOUNT_NAMESPACE_PREFIX } from '../well-known.js';

function accountNamespace(v: PsValue, env: RuleEnv): Outcome {
  const expected = `${ACCOUNT_NAMESPACE_PREFIX}<one of your federated domains>`;
  if (isBlank(v)) return fail(expected, 'The organization is not federated.');
  const value = text(v);
  if (!value.toUpperCase().startsWith(ACCOUNT_NAMESPACE_PREFIX)) return warn(expected);
  const domain = normDomain(value.slice(ACCOUNT_NAMESPACE_PREFIX.length));
  const own = env.context.onPremDomain;
  if (own !== undefined && sameText(domain, normDomain(own))) return pass(expected);
  const domains = fieldOf(env.object, 'Domains');
  if (domains !== undefined && listHasDomain(domains, domain)) return pass(expected);
  if (own === undefined && domains === undefined) return skip(expected, 'onPremDomain');
  return warn(expected, `${domain} is not among the federated domains listed; the federation trust may have been set up with a domain that is no longer federated.`);
}

const ON_PREM = ['ems'] as const;
const CLOUD = ['exo'] as const;

const rules: FieldRule[] = [
  {
    id: 'foi.enabled', ref: 'X9', field: 'Enabled', auth: 'dauth',
    check: isTrue,
    why: 'A disabled organization identifier switches federation off: no delegation tokens are issued or accepted, so DAuth free/busy fails.',
    fix: 'Set-FederatedOrganizationIdentifier -Enabled $true',
  },
  {
    id: 'foi.account-namespace', field: 'AccountNamespace', auth: 'dauth', variants: ON_PREM,
    check: accountNamespace,
    why: 'The account namespace is the name your organization has at the federation gateway; the Exchange Online organization relationship must target the same FYDIBOHF25SPDLT name.',
    fix: 'Run the Hybrid Configuration Wizard again; it sets the account namespace with the federation trust.',
  },
  {
    id: 'foi.domains', field: 'Domains', auth: 'dauth', variants: ON_PREM,
    check: (v, env) => listsDomain(v, env.context.onPremDomain, 'onPremDomain', env),
    why: 'Only federated domains can take part in DAuth free/busy; a user whose domain is not federated gets no delegation token.',
    fix: 'Add-FederatedDomain -DomainName {{onPremDomain}}   # the domain needs its proof TXT record in public DNS first (Get-FederatedDomainProof)',
  },
  {
    id: 'foi.delegation-trust-link', field: 'DelegationTrustLink', auth: 'dauth', variants: ON_PREM,
    check: (v) => isNotBlank(v, 'the federation trust (Microsoft Federation Gateway)'),
    why: 'The identifier must be linked to the federation trust; without the link no delegation token can be requested.',
    fix: 'Set-FederatedOrganizationIdentifier -DelegationFederationTrust "Microsoft Federation Gateway" -AccountNamespace {{onPremDomain}} -Enabled $true',
  },
  {
    id: 'foi.exo.domains', ref: 'X8', field: 'Domains', auth: 'dauth', variants: CLOUD,
    check: (v, env) => listsDomain(v, env.context.tenantRoutingDomain, 'tenantRoutingDomain', env),
    why: 'Exchange Online takes part in DAuth free/busy with its coexistence domain; if that domain is not federated, on-premises Exchange cannot get tokens for cloud mailboxes.',
    fix: 'Run the Hybrid Configuration Wizard again; it federates the coexistence domain {{tenantRoutingDomain}} in Exchange Online.',
  },
];

export const federatedOrganizationIdentifier: CmdletSpec = {
  cmdlet: 'Get-FederatedOrganizationIdentifier',
  sides: ['ems', 'exo'],
  signatures: [{ all: ['AccountNamespace'] }, { all: ['DelegationTrustLink'] }, { all: ['Domains', 'OrganizationContact'] }],
  variantOf: (o, { context, side }) => {
    if (side) return side;
    const ns = text(fieldOf(o, 'AccountNamespace'));
    const nsDomain = ns.toUpperCase().startsWith(ACCOUNT_NAMESPACE_PREFIX) ? ns.slice(ACCOUNT_NAMESPACE_PREFIX.length) : ns;
    // Unlike relationships, the identifier lists its own domains: onmicrosoft.com ones mean Exchange Online.
    const byDomains = domainsSide(fieldOf(o, 'Domains'), context);
    const own = byDomains === 'ems' ? 'exo' : byDomains === 'exo' ? 'ems' : undefined;
    return vote([own, nsDomain === '' ? undefined : isOnMicrosoftDomain(nsDomain) ? 'exo' : 'ems']);
  },
  variantQuestion: { needs: 'side', what: 'whether this came from Exchange Online or on-premises' },
  rules,
};
