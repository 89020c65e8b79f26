/**
 * Get-AuthServer (OAuth): the token issuers on-premises Exchange trusts. The HCW creates the
 * classic ACS object (FreeBusyChecker O4–O7), newer HCWs also an EvoSTS (Entra ID) object,
 * which only an open FreeBusyChecker pull request checks. In Exchange Online only the ACS
 * issuer's IssuerIdentifier and Enabled are read (Y5, Y6). Both on-premises kinds are checked
 * here, and AuthMetadataUrl on its own (FreeBusyChecker tests TokenIssuingEndpoint twice).
 */
import { fail, isTrue, pass, skip, textIs, warn } from '../expect.js';
import { identityOr } from '../run-rules.js';
import type { PsObject, PsValue } from '../../parse/types.js';
import type { CmdletSpec, FieldRule, Outcome, RuleEnv } from '../types.js';
import { asBool, fieldOf, hostOf, isGuid, isOnMicrosoftDomain, lower, normDomain, sameText, text } from '../values.js';
import { ACS_HOST, ACS_ISSUER, EVOSTS_ISSUER_PREFIX } from '../well-known.js';

type Kind = 'acs' | 'evosts' | 'exo';

function kindOf(o: PsObject, side: string | undefined): Kind | undefined {
  const name = lower(text(fieldOf(o, 'Name')) || text(fieldOf(o, 'Identity')));
  const issuer = text(fieldOf(o, 'IssuerIdentifier'));
  const endpointHost = hostOf(text(fieldOf(o, 'TokenIssuingEndpoint'))) ?? hostOf(text(fieldOf(o, 'AuthMetadataUrl')));
  const acs = sameText(issuer, ACS_ISSUER) || sameText(name, ACS_ISSUER) || endpointHost === ACS_HOST || /^(windowsazureacs|acs)/.test(name);
  if (side === 'exo') return acs ? 'exo' : undefined;
  // Exchange Online names its ACS object by the issuer GUID and has no token endpoint of its own to show.
  if (side === undefined && sameText(name, ACS_ISSUER) && fieldOf(o, 'TokenIssuingEndpoint') === undefined) return 'exo';
  if (acs) return 'acs';
  if (name.startsWith('evosts') || lower(issuer).startsWith(EVOSTS_ISSUER_PREFIX) || endpointHost === 'login.windows.net' || endpointHost === 'login.microsoftonline.com') return 'evosts';
  return undefined;
}

/** The object's Realm is the tenant ID the HCW used; FreeBusyChecker compares with it when it has nothing better. */
function tenantGuid(env: RuleEnv): { id: string; fromRealm: boolean } | undefined {
  if (env.context.tenantId !== undefined) return { id: env.context.tenantId, fromRealm: false };
  const realm = text(fieldOf(env.object, 'Realm'));
  return isGuid(realm) ? { id: realm, fromRealm: true } : undefined;
}

/** The tenant part of a metadata or token URL: a tenant ID or one of the tenant's domains. */
function tenantSegment(segment: string, env: RuleEnv, expected: string): Outcome {
  if (isGuid(segment)) {
    const tenant = tenantGuid(env);
    if (tenant === undefined) return skip(expected, 'tenantId');
    if (sameText(segment, tenant.id)) return pass(expected);
    return fail(expected, tenant.fromRealm ? 'It names another tenant ID than the Realm of this object.' : 'It names another tenant ID than yours.');
  }
  const domain = normDomain(segment);
  const known = [env.context.tenantDomain, env.context.tenantRoutingDomain].filter((d): d is string => d !== undefined).map(normDomain);
  if (known.includes(domain)) return pass(expected);
  if (known.length === 0) return skip(expected, 'tenantDomain');
  if (isOnMicrosoftDomain(domain)) return fail(expected, 'It names another tenant.');
  return warn(expected, 'It names a custom domain; that works only if the domain is verified in your tenant.');
}

function acsTokenEndpoint(v: PsValue, env: RuleEnv): Outcome {
  const expected = `https://${ACS_HOST}/${env.context.tenantId ?? '<tenant ID>'}/tokens/OAuth/2`;
  const m = new RegExp(`^https://${ACS_HOST.replace(/\./g, '\\.')}/([^/]+)/tokens/oauth/2/?$`, 'i').exec(text(v));
  return m ? tenantSegment(m[1] ?? '', env, expected) : fail(expected);
}

function acsMetadataUrl(v: PsValue, env: RuleEnv): Outcome {
  const expected = `https://${ACS_HOST}/${env.context.tenantDomain ?? '<tenant>.onmicrosoft.com'}/metadata/json/1`;
  const m = new RegExp(`^https://${ACS_HOST.replace(/\./g, '\\.')}/([^/]+)/metadata/json/1/?$`, 'i').exec(text(v));
  return m ? tenantSegment(m[1] ?? '', env, expected) : fail(expected);
}

function evoIssuer(v: PsValue, env: RuleEnv): Outcome {
  const tenant = tenantGuid(env);
  const expected = `${EVOSTS_ISSUER_PREFIX}${tenant?.id ?? '<tenant ID>'}/`;
  const m = /^https:\/\/sts\.windows\.net\/([^/]+)\/?$/i.exec(text(v));
  if (!m) return fail(expected);
  const o = tenantSegment(m[1] ?? '', env, expected);
  // The issuer claim in Entra tokens ends in a slash and is compared as text.
  return o.status === 'pass' && !text(v).endsWith('/') ? warn(expected, 'The trailing slash is missing; tokens carry the issuer with it.') : o;
}

function evoTokenEndpoint(v: PsValue, env: RuleEnv): Outcome {
  const expected = 'https://login.windows.net/common/oauth2/token';
  const m = /^https:\/\/login\.(?:windows\.net|microsoftonline\.com)\/([^/]+)\/oauth2\/token\/?$/i.exec(text(v));
  if (!m) return fail(expected);
  return sameText(m[1] ?? '', 'common') ? pass(expected) : tenantSegment(m[1] ?? '', env, expected);
}

function evoMetadataUrl(v: PsValue, env: RuleEnv): Outcome {
  const expected = `https://login.windows.net/${env.context.tenantDomain ?? '<tenant>.onmicrosoft.com'}/federationmetadata/2007-06/federationmetadata.xml`;
  const m = /^https:\/\/login\.(?:windows\.net|microsoftonline\.com)\/([^/]+)\/federationmetadata\/2007-06\/federationmetadata\.xml\/?$/i.exec(text(v));
  return m ? tenantSegment(m[1] ?? '', env, expected) : fail(expected);
}

/** A disabled issuer is tolerable while another Entra issuer in the same output is enabled. */
function enabledOutcome(v: PsValue, env: RuleEnv): Outcome {
  if (asBool(v) === true) return pass('True');
  const otherOn = env.objects.some((o) => o !== env.object && kindOf(o, env.side) !== undefined && asBool(fieldOf(o, 'Enabled')) === true);
  return otherOn ? warn('True', 'Another Entra ID authorization server in this output is enabled, so this may be intended.') : fail('True');
}

const refresh = (env: RuleEnv) => `Set-AuthServer -Identity ${identityOr(env, '{{authServerName}}')} -RefreshAuthMetadata\niisreset /noforce`;

const ACS = ['acs'] as const;
const EVO = ['evosts'] as const;
const EXO = ['exo'] as const;

const rules: FieldRule[] = [
  {
    id: 'authserver.acs.issuer-identifier', ref: 'O4', field: 'IssuerIdentifier', auth: 'oauth', variants: ACS,
    check: (v) => textIs(v, ACS_ISSUER),
    why: 'Exchange accepts a token only if its issuer matches this value; Azure ACS always signs as 00000001-0000-0000-c000-000000000000.',
    fix: refresh,
  },
  {
    id: 'authserver.acs.token-issuing-endpoint', ref: 'O5', field: 'TokenIssuingEndpoint', auth: 'oauth', variants: ACS,
    check: acsTokenEndpoint,
    why: "On-premises Exchange fetches its tokens for Exchange Online here. It has to be your tenant's ACS endpoint, or no token is issued.",
    fix: refresh,
  },
  {
    id: 'authserver.acs.auth-metadata-url', ref: 'O6', field: 'AuthMetadataUrl', auth: 'oauth', variants: ACS,
    check: acsMetadataUrl,
    why: "Exchange reads the signing keys and endpoints of your tenant's ACS from this URL. A wrong tenant or host leaves it with keys that do not match the tokens.",
    fix: (env) => `Set-AuthServer -Identity ${identityOr(env, '{{authServerName}}')} -AuthMetadataUrl https://${ACS_HOST}/{{tenantDomain}}/metadata/json/1\n${refresh(env)}`,
  },
  {
    id: 'authserver.acs.enabled', ref: 'O7', field: 'Enabled', auth: 'oauth', variants: ACS,
    check: enabledOutcome,
    why: 'A disabled authorization server is not trusted, so OAuth tokens from it are refused.',
    fix: (env) => `Set-AuthServer -Identity ${identityOr(env, '{{authServerName}}')} -Enabled $true`,
  },
  {
    id: 'authserver.evosts.issuer-identifier', ref: 'O4 (EvoSTS)', field: 'IssuerIdentifier', auth: 'oauth', variants: EVO,
    check: evoIssuer,
    why: 'Entra ID tokens name their issuer as https://sts.windows.net/<tenant ID>/; Exchange accepts them only if this value is exactly that.',
    fix: refresh,
  },
  {
    id: 'authserver.evosts.token-issuing-endpoint', ref: 'O5 (EvoSTS)', field: 'TokenIssuingEndpoint', auth: 'oauth', variants: EVO,
    check: evoTokenEndpoint,
    why: 'On-premises Exchange requests its tokens from Entra ID at this endpoint.',
    fix: refresh,
  },
  {
    id: 'authserver.evosts.auth-metadata-url', ref: 'O6 (EvoSTS)', field: 'AuthMetadataUrl', auth: 'oauth', variants: EVO,
    check: evoMetadataUrl,
    why: "Exchange reads your tenant's Entra ID signing keys from this URL; it must name your tenant.",
    fix: (env) => `Set-AuthServer -Identity ${identityOr(env, '{{authServerName}}')} -AuthMetadataUrl https://login.windows.net/{{tenantDomain}}/federationmetadata/2007-06/federationmetadata.xml\n${refresh(env)}`,
  },
  {
    id: 'authserver.evosts.enabled', ref: 'O7 (EvoSTS)', field: 'Enabled', auth: 'oauth', variants: EVO,
    check: enabledOutcome,
    why: 'A disabled authorization server is not trusted, so OAuth tokens from it are refused.',
    fix: (env) => `Set-AuthServer -Identity ${identityOr(env, '{{authServerName}}')} -Enabled $true`,
  },
  {
    id: 'authserver.exo.issuer-identifier', ref: 'Y5', field: 'IssuerIdentifier', auth: 'oauth', variants: EXO,
    check: (v) => textIs(v, ACS_ISSUER),
    why: 'Exchange Online trusts tokens from on-premises through this authorization server object.',
    fix: 'This object belongs to Microsoft\'s side of your tenant and cannot be changed by an admin: open a case with Microsoft support.',
  },
  {
    id: 'authserver.exo.enabled', ref: 'Y6', field: 'Enabled', auth: 'oauth', variants: EXO,
    check: isTrue,
    why: 'Disabled, Exchange Online refuses the OAuth tokens this authorization server vouches for.',
    fix: 'This object belongs to Microsoft\'s side of your tenant and cannot be changed by an admin: open a case with Microsoft support.',
  },
];

export const authServer: CmdletSpec = {
  cmdlet: 'Get-AuthServer',
  sides: ['ems', 'exo'],
  signatures: [
    { all: ['TokenIssuingEndpoint'] },
    { all: ['IssuerIdentifier', 'AuthMetadataUrl'], none: ['ApplicationIdentifier', 'LinkedAccount'] },
    { all: ['IssuerIdentifier', 'Enabled'], none: ['ApplicationIdentifier', 'LinkedAccount'] },
  ],
  variantOf: (o, { side }) => kindOf(o, side),
  variantSide: { acs: 'ems', evosts: 'ems', exo: 'exo' },
  relevant: (_o, { variant }) => variant !== undefined,
  strictRelevance: true,
  irrelevantReason: 'It is not an Entra ID (ACS or EvoSTS) authorization server, so hybrid free/busy does not use it.',
  rules,
  collectionRules: [
    {
      id: 'authserver.present', field: 'IssuerIdentifier', auth: 'oauth',
      check: (env) => {
        if (env.objects.length > 0) return undefined;
        const expected = env.side === 'exo' ? `an authorization server with IssuerIdentifier ${ACS_ISSUER}` : 'an ACS (WindowsAzureACS) or EvoSTS authorization server';
        return fail(expected);
      },
      why: 'Without an Entra ID authorization server on-premises Exchange can neither get OAuth tokens for Exchange Online nor trust the tokens Exchange Online sends.',
      fix: `New-AuthServer -Name WindowsAzureACS -AuthMetadataUrl https://${ACS_HOST}/{{tenantDomain}}/metadata/json/1   # or run the Hybrid Configuration Wizard again`,
    },
  ],
};
