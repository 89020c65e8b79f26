/**
 * Get-FederationTrust (DAuth). On-premises: the trust with the Microsoft Federation Gateway and
 * its certificates (FreeBusyChecker D14–D19). Exchange Online: the two gateway rows, whose
 * application must be the current one (260563 / outlook.com), not the retired 292841 /
 * outlook.live.com that breaks DAuth in both directions.
 */
import { fail, notExpired, pass, skip, textIs, urlIs, warn } from '../expect.js';
import type { CmdletSpec, FieldRule, Outcome, RuleEnv } from '../types.js';
import type { PsObject, PsValue } from '../../parse/types.js';
import { fieldOf, lower, normDomain, sameText, text } from '../values.js';
import {
  ACCOUNT_NAMESPACE_PREFIX, EXO_APPLICATION_URI, EXO_TRUST_APP_ID, EXO_TRUST_APP_ID_OUTDATED, EXO_TRUST_APP_URI_OUTDATED,
  MFG_METADATA_EPR, MFG_TOKEN_ISSUER_EPR, MFG_TOKEN_ISSUER_URI,
} from '../well-known.js';

const REFRESH = 'Get-FederationTrust | Set-FederationTrust -RefreshMetadata\nGet-FederationTrust | Set-FederationTrust -RefreshMetadata   # twice: the second run settles the certificate roll-over';
const SUPPORT = 'Exchange Online\'s federation trust is Microsoft\'s to update: open a case with Microsoft support and quote this value.';

function sideOf(o: PsObject): 'ems' | 'exo' | undefined {
  const uri = text(fieldOf(o, 'ApplicationUri'));
  const name = lower(text(fieldOf(o, 'Name')));
  if (uri.toUpperCase().startsWith(ACCOUNT_NAMESPACE_PREFIX)) return 'ems';
  if (['tokenissuerepr', 'tokenissuermetadataepr', 'orgcertificate', 'orgcertnotafter'].some((f) => fieldOf(o, f) !== undefined)) return 'ems';
  if (sameText(uri, EXO_APPLICATION_URI) || sameText(uri, EXO_TRUST_APP_URI_OUTDATED) || name === 'windowsliveid' || name === 'microsoftonline') return 'exo';
  return undefined;
}

/** FYDIBOHF25SPDLT.<domain>: the on-premises organization's name at the federation gateway. */
export function onPremApplicationUri(v: PsValue, env: RuleEnv): Outcome {
  const domain = env.context.onPremDomain;
  const expected = `${ACCOUNT_NAMESPACE_PREFIX}${domain !== undefined ? normDomain(domain) : '<your federated domain>'}`;
  const value = text(v);
  if (!value.toUpperCase().startsWith(ACCOUNT_NAMESPACE_PREFIX)) return fail(expected);
  if (domain === undefined) return skip(expected, 'onPremDomain');
  // FreeBusyChecker insists on the users' SMTP domain, but the namespace is built from whichever
  // domain federation was first set up with; another federated domain is valid.
  return sameText(value.slice(ACCOUNT_NAMESPACE_PREFIX.length), normDomain(domain))
    ? pass(expected)
    : warn(expected, 'It names another domain; that is fine if it is one of your federated domains (Domains of Get-FederatedOrganizationIdentifier) and the Exchange Online organization relationship uses the same value.');
}

function exoApplicationId(v: PsValue): Outcome {
  if (sameText(text(v), EXO_TRUST_APP_ID)) return pass(EXO_TRUST_APP_ID);
  if (sameText(text(v), EXO_TRUST_APP_ID_OUTDATED)) return { ...fail(EXO_TRUST_APP_ID, 'This is the retired application: the trust is outdated.'), fix: SUPPORT };
  return warn(EXO_TRUST_APP_ID);
}

function exoApplicationUri(v: PsValue): Outcome {
  if (sameText(text(v), EXO_APPLICATION_URI)) return pass(EXO_APPLICATION_URI);
  if (sameText(text(v), EXO_TRUST_APP_URI_OUTDATED)) return { ...fail(EXO_APPLICATION_URI, 'outlook.live.com is the retired application: the trust is outdated.'), fix: SUPPORT };
  return warn(EXO_APPLICATION_URI);
}

const ON_PREM = ['ems'] as const;
const CLOUD = ['exo'] as const;

const NEW_ORG_CERT = [
  '$ski = [System.Guid]::NewGuid().ToString("N")',
  '$cert = New-ExchangeCertificate -DomainName Federation -FriendlyName "Exchange Delegated Federation" -Services Federation -SubjectKeyIdentifier $ski -PrivateKeyExportable $true',
  'Set-FederationTrust -Identity "Microsoft Federation Gateway" -Thumbprint $cert.Thumbprint',
  'Set-FederationTrust -Identity "Microsoft Federation Gateway" -PublishFederationCertificate',
].join('\n');

const rules: FieldRule[] = [
  {
    id: 'fedtrust.application-uri', ref: 'D14', field: 'ApplicationUri', auth: 'dauth', variants: ON_PREM,
    check: onPremApplicationUri,
    why: 'This is the name the federation gateway knows your organization by; Exchange Online asks for delegation tokens addressed to it.',
    fix: 'Run the Hybrid Configuration Wizard again; if that does not correct it, remove and recreate the federation trust (Remove-FederationTrust, then the HCW).',
  },
  {
    id: 'fedtrust.token-issuer-uri', ref: 'D15', field: 'TokenIssuerUri', auth: 'dauth', variants: ON_PREM,
    check: (v) => textIs(v, MFG_TOKEN_ISSUER_URI),
    why: 'Delegation tokens from the business federation gateway name this issuer; with another value on-premises Exchange distrusts every token.',
    fix: REFRESH,
  },
  {
    id: 'fedtrust.org-certificate-expiry', ref: 'D16', field: 'OrgCertificate', aliases: ['OrgCertNotAfter', 'OrgCertificateNotAfter'], auth: 'dauth', variants: ON_PREM,
    check: (v, env) => notExpired(v, env),
    why: 'On-premises Exchange proves itself to the federation gateway with this certificate; once it expires no delegation token is issued and DAuth free/busy stops.',
    fix: NEW_ORG_CERT,
  },
  {
    id: 'fedtrust.token-issuer-certificate-expiry', ref: 'D17', field: 'TokenIssuerCertificate', aliases: ['TokenIssuerCertNotAfter', 'TokenIssuerCertificateNotAfter'], auth: 'dauth', variants: ON_PREM,
    check: (v, env) => notExpired(v, env),
    why: "This is the gateway's signing certificate as last downloaded; an expired copy means the metadata has not been refreshed and new tokens fail validation.",
    fix: REFRESH,
  },
  {
    id: 'fedtrust.token-issuer-metadata-epr', ref: 'D18', field: 'TokenIssuerMetadataEpr', auth: 'dauth', variants: ON_PREM,
    check: (v) => urlIs(v, MFG_METADATA_EPR),
    why: "Exchange refreshes the gateway's certificates from this metadata address; a wrong one leaves it with stale keys.",
    fix: `Set-FederationTrust -Identity "Microsoft Federation Gateway" -MetadataUrl ${MFG_METADATA_EPR}\n${REFRESH}`,
  },
  {
    id: 'fedtrust.token-issuer-epr', ref: 'D19', field: 'TokenIssuerEpr', auth: 'dauth', variants: ON_PREM,
    check: (v) => urlIs(v, MFG_TOKEN_ISSUER_EPR),
    why: 'On-premises Exchange requests delegation tokens at this endpoint; it comes from the gateway metadata.',
    fix: REFRESH,
  },
  {
    id: 'fedtrust.exo.application-identifier', field: 'ApplicationIdentifier', auth: 'dauth', variants: CLOUD,
    check: exoApplicationId,
    why: 'Exchange Online must be registered with the federation gateway as the current application; the retired one makes DAuth free/busy fail with 401 or "invalid user" errors.',
    fix: SUPPORT,
  },
  {
    id: 'fedtrust.exo.application-uri', field: 'ApplicationUri', auth: 'dauth', variants: CLOUD,
    check: exoApplicationUri,
    why: 'Exchange Online must be registered with the federation gateway as outlook.com; outlook.live.com is the retired application and breaks DAuth free/busy.',
    fix: SUPPORT,
  },
];

export const federationTrust: CmdletSpec = {
  cmdlet: 'Get-FederationTrust',
  sides: ['ems', 'exo'],
  signatures: [
    { all: ['ApplicationIdentifier', 'ApplicationUri'] },
    { all: ['TokenIssuerMetadataEpr'] },
    { all: ['TokenIssuerEpr'] },
    { all: ['TokenIssuerUri'] },
    { all: ['OrgCertificate'] },
    { all: ['OrgCertNotAfter'] },
    { all: ['TokenIssuerCertificate'] },
  ],
  // The fields say which side a trust is from more reliably than the conversation does.
  variantOf: (o, { side }) => sideOf(o) ?? side,
  variantQuestion: { needs: 'side', what: 'whether this trust is the on-premises one or Exchange Online\'s' },
  rules,
};
