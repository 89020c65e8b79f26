/**
 * Get-AutodiscoverVirtualDirectory and Get-WebServicesVirtualDirectory: the authentication the
 * cloud's requests arrive with must be accepted. WS-Security carries DAuth (FreeBusyChecker
 * D20–D23), OAuth needs the OAuth method (O31–O38). The script never evaluates
 * OAuthAuthentication and reads only the local server; every server in the output is checked.
 */
import { isTrue, listsItem } from '../expect.js';
import type { CmdletSpec, FieldRule, RuleEnv } from '../types.js';
import type { PsObject } from '../../parse/types.js';
import { fieldOf, text } from '../values.js';

interface VdirKind {
  cmdlet: string;
  prefix: string;
  noun: string;
  /** how the default identity reads, for fixes when the output has none */
  identity: string;
  refs: { wss: string; windows: string; internal: string; external: string };
  /** words in Identity/Name/URLs that show the output is this kind */
  pattern: RegExp;
}

const AUTODISCOVER: VdirKind = {
  cmdlet: 'Get-AutodiscoverVirtualDirectory',
  prefix: 'autodvdir',
  noun: 'AutodiscoverVirtualDirectory',
  identity: '{{serverName}}\\Autodiscover (Default Web Site)',
  refs: { wss: 'D20/O33', windows: 'D21/O34', internal: 'O31', external: 'O32' },
  pattern: /autodiscover/i,
};

const EWS: VdirKind = {
  cmdlet: 'Get-WebServicesVirtualDirectory',
  prefix: 'ewsvdir',
  noun: 'WebServicesVirtualDirectory',
  identity: '{{serverName}}\\EWS (Default Web Site)',
  refs: { wss: 'D22/O37', windows: 'D23/O38', internal: 'O35', external: 'O36' },
  pattern: /\bews\b|exchange\.asmx/i,
};

function identityText(o: PsObject): string {
  return ['Identity', 'Name', 'InternalUrl', 'ExternalUrl', 'Path'].map((f) => text(fieldOf(o, f))).join(' ');
}

function vdirSpec(kind: VdirKind): CmdletSpec {
  const set = (env: RuleEnv, params: string) => {
    const id = text(fieldOf(env.object, 'Identity'));
    return `Set-${kind.noun} -Identity "${id !== '' && !/["`$]/.test(id) ? id : kind.identity}" ${params}`;
  };
  const rules: FieldRule[] = [
    {
      id: `${kind.prefix}.wssecurity`, ref: kind.refs.wss, field: 'WSSecurityAuthentication', auth: 'dauth',
      check: isTrue,
      why: 'DAuth free/busy requests carry a WS-Security delegation token; with WS-Security off the virtual directory refuses them with 401.',
      fix: (env) => `${set(env, '-WSSecurityAuthentication $true')}\niisreset /noforce`,
    },
    {
      id: `${kind.prefix}.windows-auth`, ref: kind.refs.windows, field: 'WindowsAuthentication', auth: 'both',
      check: isTrue,
      why: 'Exchange servers proxy free/busy requests to each other with Windows authentication; with it off, the request dies inside your own organization.',
      fix: (env) => `${set(env, '-WindowsAuthentication $true')}\niisreset /noforce`,
    },
    {
      id: `${kind.prefix}.oauth`, field: 'OAuthAuthentication', auth: 'oauth',
      check: isTrue,
      why: 'OAuth free/busy requests from Exchange Online carry a bearer token; with OAuth off the virtual directory answers them with 401.',
      fix: (env) => `${set(env, '-OAuthAuthentication $true')}\niisreset /noforce`,
    },
    {
      id: `${kind.prefix}.internal-methods-oauth`, ref: kind.refs.internal, field: 'InternalAuthenticationMethods', auth: 'oauth',
      check: (v, env) => listsItem(v, 'OAuth', env),
      why: 'The authentication methods IIS offers must include OAuth, or bearer tokens from Exchange Online are not accepted.',
      fix: (env) => `${set(env, '-OAuthAuthentication $true')}\niisreset /noforce`,
    },
    {
      id: `${kind.prefix}.external-methods-oauth`, ref: kind.refs.external, field: 'ExternalAuthenticationMethods', auth: 'oauth',
      check: (v, env) => listsItem(v, 'OAuth', env),
      why: 'Requests from Exchange Online come in from outside; the external methods must include OAuth for them to be accepted.',
      fix: (env) => `${set(env, '-OAuthAuthentication $true')}\niisreset /noforce`,
    },
  ];
  return {
    cmdlet: kind.cmdlet,
    sides: ['ems'],
    signatures: [
      { all: ['WSSecurityAuthentication'] },
      { all: ['OAuthAuthentication'] },
      { all: ['InternalAuthenticationMethods'] },
      { all: ['ExternalAuthenticationMethods'] },
      ...(kind === EWS ? [{ all: ['MRSProxyEnabled'] }, { all: ['InternalNLBBypassUrl'] }] : []),
    ],
    claims: (objects) => objects.some((o) => kind.pattern.test(identityText(o))),
    label: (o) => text(fieldOf(o, 'Identity')) || text(fieldOf(o, 'Server')) || undefined,
    rules,
  };
}

export const autodiscoverVirtualDirectory = vdirSpec(AUTODISCOVER);
export const webServicesVirtualDirectory = vdirSpec(EWS);
