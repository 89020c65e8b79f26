import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParsedOutput, PsObject } from '../src/parse/types.js';
import { parsePowerShellOutput } from '../src/parse/powershell-output.js';
import { CHECKED_CMDLETS, CHECKED_FIELDS, checkConfiguration, describeChecks, type CheckContext, type CheckResult, type ConfigReport } from '../src/config-check/index.js';
import { parseDate } from '../src/config-check/values.js';

// ---- helpers ---------------------------------------------------------------------------------

const NOW = new Date('2026-05-01T00:00:00Z');

function out(objects: PsObject[], extra: Partial<ParsedOutput> = {}): ParsedOutput {
  return { shape: objects.length > 0 ? 'list' : 'empty', objects, errors: [], warnings: [], verbose: [], values: [], text: '', truncated: false, ...extra };
}

const TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';
const THUMBPRINT = '7C2D1E4F9A0B3C5D6E7F8091A2B3C4D5E6F70819';

/** What the conversation knows about the healthy tenant. */
const CONTEXT: CheckContext = {
  onPremDomain: 'contoso.com',
  tenantRoutingDomain: 'contoso.mail.onmicrosoft.com',
  tenantDomain: 'contoso.onmicrosoft.com',
  tenantId: TENANT_ID,
  onPremEwsUrl: 'https://mail.contoso.com/EWS/Exchange.asmx',
  onPremAutodiscoverUrl: 'https://autodiscover.contoso.com/autodiscover/autodiscover.svc',
};
const EMS: CheckContext = { ...CONTEXT, side: 'ems' };
const EXO: CheckContext = { ...CONTEXT, side: 'exo' };

function check(parsed: ParsedOutput, context: CheckContext = CONTEXT): ConfigReport {
  const report = checkConfiguration(parsed, context, { now: NOW });
  expect(report, 'the output should be recognised').toBeDefined();
  return report as ConfigReport;
}

const problems = (r: ConfigReport) => r.results.filter((x) => x.status === 'fail' || x.status === 'warn');
const find = (r: ConfigReport, checkId: string, object?: string) =>
  r.results.find((x) => x.checkId === checkId && (object === undefined || x.object === object));

interface Expected {
  checkId: string;
  field: string;
  status: 'fail' | 'warn';
  actual: string;
  object?: string;
}

/** Every expected deviation is reported as such, with why and fix; nothing else deviates. */
function expectDeviations(report: ConfigReport, expected: Expected[]): void {
  for (const e of expected) {
    const r = find(report, e.checkId, e.object);
    expect(r, `${e.checkId} should be reported`).toBeDefined();
    const got = r as CheckResult;
    expect({ checkId: got.checkId, field: got.field, status: got.status, actual: got.actual }).toEqual({ checkId: e.checkId, field: e.field, status: e.status, actual: e.actual });
    if (e.object !== undefined) expect(got.object).toBe(e.object);
  }
  for (const p of problems(report)) {
    expect(p.why.trim(), `${p.checkId} why`).not.toBe('');
    expect(p.fix?.trim() ?? '', `${p.checkId} fix`).not.toBe('');
    expect(p.expected.trim()).not.toBe('');
  }
  expect(problems(report).map((p) => `${p.checkId}@${p.object ?? ''}`).sort()).toEqual(expected.map((e) => `${e.checkId}@${e.object ?? ''}`).sort());
}

// ---- a healthy hybrid tenant: contoso.com / contoso.mail.onmicrosoft.com ---------------------

const HEALTHY_ORGREL_ONPREM: PsObject = {
  Name: 'On-premises to O365 - 6ad6d7a3-7d4d-4b6b-9c62-0e5f8b3f1a2c',
  Enabled: 'True',
  DomainNames: ['contoso.mail.onmicrosoft.com'],
  FreeBusyAccessEnabled: 'True',
  FreeBusyAccessLevel: 'LimitedDetails',
  FreeBusyAccessScope: null,
  TargetApplicationUri: 'outlook.com',
  TargetAutodiscoverEpr: 'https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc/WSSecurity',
  TargetSharingEpr: null,
  TargetOwaURL: 'https://outlook.office.com/mail',
  MailboxMoveEnabled: 'False',
};

const HEALTHY_ORGREL_EXO: PsObject = {
  Name: 'O365 to On-premises - 6ad6d7a3-7d4d-4b6b-9c62-0e5f8b3f1a2c',
  Enabled: 'True',
  DomainNames: ['contoso.com'],
  FreeBusyAccessEnabled: 'True',
  FreeBusyAccessLevel: 'LimitedDetails',
  FreeBusyAccessScope: null,
  TargetApplicationUri: 'FYDIBOHF25SPDLT.contoso.com',
  TargetAutodiscoverEpr: 'https://autodiscover.contoso.com/autodiscover/autodiscover.svc/WSSecurity',
  TargetSharingEpr: null,
  TargetOwaURL: 'https://mail.contoso.com/owa',
};

const HEALTHY_IOC_ONPREM: PsObject = {
  Name: 'HybridIOC - 6ad6d7a3-7d4d-4b6b-9c62-0e5f8b3f1a2c',
  Enabled: 'True',
  TargetAddressDomains: ['contoso.mail.onmicrosoft.com'],
  DiscoveryEndpoint: 'https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc',
  TargetSharingEpr: null,
};

const HEALTHY_IOC_EXO: PsObject = {
  Name: 'HybridIOC - 6ad6d7a3-7d4d-4b6b-9c62-0e5f8b3f1a2c',
  Enabled: 'True',
  TargetAddressDomains: ['contoso.com'],
  DiscoveryEndpoint: 'https://autodiscover.contoso.com/autodiscover/autodiscover.svc',
  TargetSharingEpr: null,
};

const HEALTHY_ACS: PsObject = {
  Name: 'WindowsAzureACS',
  IssuerIdentifier: '00000001-0000-0000-c000-000000000000',
  TokenIssuingEndpoint: `https://accounts.accesscontrol.windows.net/${TENANT_ID}/tokens/OAuth/2`,
  AuthMetadataUrl: 'https://accounts.accesscontrol.windows.net/contoso.onmicrosoft.com/metadata/json/1',
  Realm: TENANT_ID,
  Enabled: 'True',
};

const HEALTHY_EVOSTS: PsObject = {
  Name: `EvoSts - ${TENANT_ID}`,
  IssuerIdentifier: `https://sts.windows.net/${TENANT_ID}/`,
  TokenIssuingEndpoint: 'https://login.windows.net/common/oauth2/token',
  AuthMetadataUrl: 'https://login.windows.net/contoso.onmicrosoft.com/federationmetadata/2007-06/federationmetadata.xml',
  Realm: TENANT_ID,
  Enabled: 'True',
};

const HEALTHY_PARTNER_APPS: PsObject[] = [
  {
    Name: 'Exchange Online',
    Enabled: 'True',
    ApplicationIdentifier: '00000002-0000-0ff1-ce00-000000000000',
    AuthMetadataUrl: null,
    Realm: null,
    LinkedAccount: 'corp.contoso.local/Users/Exchange Online-ApplicationAccount',
    UseAuthServer: 'True',
  },
  {
    Name: 'Lync Server',
    Enabled: 'True',
    ApplicationIdentifier: '00000004-0000-0ff1-ce00-000000000000',
    AuthMetadataUrl: 'https://lync.contoso.com/metadata/json/1',
    Realm: null,
    LinkedAccount: null,
    UseAuthServer: 'False',
  },
];

const authCert = (server: string): PsObject => ({
  Identity: `${server}\\${THUMBPRINT}`,
  Subject: 'CN=Microsoft Exchange Server Auth Certificate',
  Issuer: 'CN=Microsoft Exchange Server Auth Certificate',
  Services: 'SMTP',
  Status: 'Valid',
  NotAfter: '3/14/2029 10:12:45 AM',
  HasPrivateKey: 'True',
  Thumbprint: THUMBPRINT,
});

const HEALTHY_FEDTRUST_ONPREM: PsObject = {
  Name: 'Microsoft Federation Gateway',
  ApplicationUri: 'FYDIBOHF25SPDLT.contoso.com',
  TokenIssuerUri: 'urn:federation:MicrosoftOnline',
  TokenIssuerMetadataEpr: 'https://nexus.microsoftonline-p.com/FederationMetadata/2006-12/FederationMetadata.xml',
  TokenIssuerEpr: 'https://login.microsoftonline.com/extSTS.srf',
  OrgCertNotAfter: '11/2/2030 8:00:00 AM',
  TokenIssuerCertNotAfter: '7/20/2028 5:30:00 PM',
};

const HEALTHY_FEDTRUST_EXO: PsObject[] = [
  { Name: 'WindowsLiveId', ApplicationIdentifier: '260563', ApplicationUri: 'outlook.com' },
  { Name: 'MicrosoftOnline', ApplicationIdentifier: '260563', ApplicationUri: 'outlook.com' },
];

const ewsVdir = (server: string): PsObject => ({
  Server: server,
  Identity: `${server}\\EWS (Default Web Site)`,
  InternalUrl: `https://${server.toLowerCase()}.contoso.com/EWS/Exchange.asmx`,
  ExternalUrl: 'https://mail.contoso.com/EWS/Exchange.asmx',
  InternalAuthenticationMethods: ['Ntlm', 'WindowsIntegrated', 'WSSecurity', 'OAuth'],
  ExternalAuthenticationMethods: ['Ntlm', 'WindowsIntegrated', 'WSSecurity', 'OAuth'],
  WSSecurityAuthentication: 'True',
  WindowsAuthentication: 'True',
  OAuthAuthentication: 'True',
});

const autodVdir = (server: string): PsObject => ({
  Server: server,
  Identity: `${server}\\Autodiscover (Default Web Site)`,
  InternalAuthenticationMethods: ['Basic', 'Ntlm', 'WindowsIntegrated', 'WSSecurity', 'OAuth'],
  ExternalAuthenticationMethods: ['Basic', 'Ntlm', 'WindowsIntegrated', 'WSSecurity', 'OAuth'],
  WSSecurityAuthentication: 'True',
  WindowsAuthentication: 'True',
  OAuthAuthentication: 'True',
});

const ROLES = ['UserApplication', 'ArchiveApplication', 'LegalHoldApplication', 'Mailbox Search', 'TeamMailboxLifecycleApplication', 'MailboxSearchApplication', 'MeetingGraphApplication'];
const roleRow = (role: string, extra: PsObject = {}): PsObject => ({
  Name: `${role}-Exchange Online-ApplicationAccount`,
  Role: role,
  RoleAssigneeName: 'Exchange Online-ApplicationAccount',
  RoleAssigneeType: 'User',
  AssignmentMethod: 'Direct',
  ...extra,
});

interface Healthy {
  name: string;
  cmdlet: string;
  context: CheckContext;
  output: ParsedOutput;
}

/** One coherent set of outputs for a healthy hybrid with OAuth (and DAuth configured as fallback). */
const HEALTHY: Healthy[] = [
  { name: 'on-premises organization relationship', cmdlet: 'Get-OrganizationRelationship', context: EMS, output: out([HEALTHY_ORGREL_ONPREM], { command: 'Get-OrganizationRelationship' }) },
  { name: 'Exchange Online organization relationship', cmdlet: 'Get-OrganizationRelationship', context: EXO, output: out([HEALTHY_ORGREL_EXO], { command: 'Get-OrganizationRelationship' }) },
  { name: 'on-premises intra-organization connector', cmdlet: 'Get-IntraOrganizationConnector', context: EMS, output: out([HEALTHY_IOC_ONPREM], { command: 'Get-IntraOrganizationConnector' }) },
  { name: 'Exchange Online intra-organization connector', cmdlet: 'Get-IntraOrganizationConnector', context: EXO, output: out([HEALTHY_IOC_EXO], { command: 'Get-IntraOrganizationConnector' }) },
  { name: 'on-premises auth servers', cmdlet: 'Get-AuthServer', context: EMS, output: out([HEALTHY_ACS, HEALTHY_EVOSTS], { command: 'Get-AuthServer' }) },
  {
    name: 'Exchange Online auth server',
    cmdlet: 'Get-AuthServer',
    context: EXO,
    output: out([{ Name: '00000001-0000-0000-c000-000000000000', IssuerIdentifier: '00000001-0000-0000-c000-000000000000', Enabled: 'True' }], { command: 'Get-AuthServer' }),
  },
  { name: 'partner applications', cmdlet: 'Get-PartnerApplication', context: EMS, output: out(HEALTHY_PARTNER_APPS, { command: 'Get-PartnerApplication' }) },
  {
    name: 'auth config',
    cmdlet: 'Get-AuthConfig',
    context: EMS,
    output: out([{ CurrentCertificateThumbprint: THUMBPRINT, PreviousCertificateThumbprint: null, NextCertificateThumbprint: null, ServiceName: '00000002-0000-0ff1-ce00-000000000000', Realm: null }], { command: 'Get-AuthConfig' }),
  },
  { name: 'auth certificate on every server', cmdlet: 'Get-ExchangeCertificate', context: EMS, output: out([authCert('EXCH01'), authCert('EXCH02')], { command: 'Get-ExchangeCertificate' }) },
  { name: 'on-premises federation trust', cmdlet: 'Get-FederationTrust', context: EMS, output: out([HEALTHY_FEDTRUST_ONPREM], { command: 'Get-FederationTrust' }) },
  { name: 'Exchange Online federation trust', cmdlet: 'Get-FederationTrust', context: EXO, output: out(HEALTHY_FEDTRUST_EXO, { shape: 'table', command: 'Get-FederationTrust' }) },
  {
    name: 'on-premises federated organization identifier',
    cmdlet: 'Get-FederatedOrganizationIdentifier',
    context: EMS,
    output: out(
      [{ AccountNamespace: 'FYDIBOHF25SPDLT.contoso.com', Domains: ['contoso.com', 'fabrikam.com'], Enabled: 'True', OrganizationContact: 'admin@contoso.com', DelegationTrustLink: 'Microsoft Federation Gateway' }],
      { command: 'Get-FederatedOrganizationIdentifier' },
    ),
  },
  {
    name: 'Exchange Online federated organization identifier',
    cmdlet: 'Get-FederatedOrganizationIdentifier',
    context: EXO,
    output: out([{ AccountNamespace: 'contoso.onmicrosoft.com', Domains: ['contoso.mail.onmicrosoft.com', 'contoso.onmicrosoft.com'], Enabled: 'True' }], { command: 'Get-FederatedOrganizationIdentifier' }),
  },
  {
    name: 'federation information of the tenant',
    cmdlet: 'Get-FederationInformation',
    context: EMS,
    output: out(
      [
        {
          DomainNames: ['contoso.mail.onmicrosoft.com', 'contoso.onmicrosoft.com'],
          TargetApplicationUri: 'outlook.com',
          TargetAutodiscoverEpr: 'https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc/WSSecurity',
          TokenIssuerUris: ['urn:federation:MicrosoftOnline'],
        },
      ],
      { command: 'Get-FederationInformation' },
    ),
  },
  {
    name: 'federation information of the on-premises domain',
    cmdlet: 'Get-FederationInformation',
    context: EXO,
    output: out(
      [
        {
          DomainNames: ['contoso.com', 'fabrikam.com'],
          TargetApplicationUri: 'FYDIBOHF25SPDLT.contoso.com',
          TargetAutodiscoverEpr: 'https://autodiscover.contoso.com/autodiscover/autodiscover.svc/WSSecurity',
          TokenIssuerUris: ['urn:federation:MicrosoftOnline'],
        },
      ],
      { command: 'Get-FederationInformation' },
    ),
  },
  {
    name: 'availability address space',
    cmdlet: 'Get-AvailabilityAddressSpace',
    context: EMS,
    output: out(
      [
        { Name: 'contoso.mail.onmicrosoft.com', ForestName: 'contoso.mail.onmicrosoft.com', AccessMethod: 'InternalProxy', UseServiceAccount: 'True', UserName: null, ProxyUrl: 'https://mail.contoso.com/EWS/Exchange.asmx' },
      ],
      { command: 'Get-AvailabilityAddressSpace' },
    ),
  },
  { name: 'EWS virtual directories', cmdlet: 'Get-WebServicesVirtualDirectory', context: EMS, output: out([ewsVdir('EXCH01'), ewsVdir('EXCH02')], { command: 'Get-WebServicesVirtualDirectory' }) },
  { name: 'Autodiscover virtual directories', cmdlet: 'Get-AutodiscoverVirtualDirectory', context: EMS, output: out([autodVdir('EXCH01'), autodVdir('EXCH02')], { command: 'Get-AutodiscoverVirtualDirectory' }) },
  {
    name: 'application account',
    cmdlet: 'Get-User',
    context: EMS,
    output: out(
      [{ Identity: 'corp.contoso.local/Users/Exchange Online-ApplicationAccount', RecipientType: 'User', RecipientTypeDetails: 'LinkedUser', UserAccountControl: 'AccountDisabled, PasswordNotRequired, NormalAccount' }],
      { command: 'Get-User' },
    ),
  },
  { name: 'application account roles', cmdlet: 'Get-ManagementRoleAssignment', context: EMS, output: out(ROLES.map((r) => roleRow(r)), { shape: 'table', command: 'Get-ManagementRoleAssignment' }) },
  {
    name: 'calendar permissions',
    cmdlet: 'Get-MailboxFolderPermission',
    context: EMS,
    output: out(
      [
        { FolderName: 'Calendar', User: 'Default', AccessRights: ['AvailabilityOnly'] },
        { FolderName: 'Calendar', User: 'Anonymous', AccessRights: ['None'] },
      ],
      { shape: 'table', command: 'Get-MailboxFolderPermission' },
    ),
  },
];

/** Checks that report only when something is missing, so a healthy output never shows them. */
const ONLY_WHEN_MISSING = ['authserver.present', 'partnerapp.present', 'authcert.present', 'appaccount.exists', 'calendarperm.default-present'];

describe('a healthy hybrid configuration', () => {
  for (const h of HEALTHY) {
    it(`passes every check: ${h.name}`, () => {
      const report = check(h.output, { ...h.context, authType: 'oauth' });
      expect(report.cmdlet).toBe(h.cmdlet);
      expect(report.results.length).toBeGreaterThan(0);
      expect(report.results.filter((r) => r.status !== 'pass').map((r) => `${r.checkId}: ${r.status} ${r.actual ?? ''} / ${r.expected}`)).toEqual([]);
      for (const r of report.results) expect(r.fix).toBeUndefined();
    });
  }

  it('covers every cmdlet the module checks', () => {
    expect(new Set(HEALTHY.map((h) => h.cmdlet))).toEqual(new Set(CHECKED_CMDLETS));
  });

  it('passes every value check at least once, so every expected value is proven', () => {
    const passed = new Set(HEALTHY.flatMap((h) => check(h.output, h.context).results.filter((r) => r.status === 'pass').map((r) => r.checkId)));
    const missing = describeChecks()
      .map((c) => c.checkId)
      .filter((id) => !ONLY_WHEN_MISSING.includes(id) && !passed.has(id));
    expect(missing).toEqual([]);
  });

  it('is also healthy under DAuth, apart from the connector that makes it OAuth', () => {
    for (const h of HEALTHY) {
      const report = check(h.output, { ...h.context, authType: 'dauth' });
      const off = report.results.filter((r) => r.status !== 'pass').map((r) => r.checkId);
      expect(off).toEqual(h.cmdlet === 'Get-IntraOrganizationConnector' ? ['ioc.enabled'] : []);
    }
  });
});

// ---- every deviation, per cmdlet --------------------------------------------------------------

describe('Get-OrganizationRelationship', () => {
  it('reports every deviation of the on-premises relationship', () => {
    const report = check(
      out([
        {
          Name: 'On-premises to O365 - 6ad6d7a3',
          Enabled: 'False',
          DomainNames: ['contoso.onmicrosoft.com'],
          FreeBusyAccessEnabled: 'False',
          FreeBusyAccessLevel: 'None',
          FreeBusyAccessScope: 'FB-Sharing-Group',
          TargetApplicationUri: 'FYDIBOHF25SPDLT.contoso.com',
          TargetAutodiscoverEpr: 'https://autodiscover.contoso.com/autodiscover/autodiscover.svc/WSSecurity',
          TargetSharingEpr: 'https://mail.contoso.com/EWS/Exchange.asmx',
          TargetOwaURL: 'https://mail.contoso.com/owa',
        },
      ]),
      { ...EMS, authType: 'dauth' },
    );
    expect(report.side).toBe('ems');
    expectDeviations(report, [
      { checkId: 'orgrel.enabled', field: 'Enabled', status: 'fail', actual: 'False' },
      { checkId: 'orgrel.onprem.domain-names', field: 'DomainNames', status: 'fail', actual: 'contoso.onmicrosoft.com' },
      { checkId: 'orgrel.freebusy-access-enabled', field: 'FreeBusyAccessEnabled', status: 'fail', actual: 'False' },
      { checkId: 'orgrel.freebusy-access-level', field: 'FreeBusyAccessLevel', status: 'fail', actual: 'None' },
      { checkId: 'orgrel.freebusy-access-scope', field: 'FreeBusyAccessScope', status: 'warn', actual: 'FB-Sharing-Group' },
      { checkId: 'orgrel.onprem.target-application-uri', field: 'TargetApplicationUri', status: 'fail', actual: 'FYDIBOHF25SPDLT.contoso.com' },
      { checkId: 'orgrel.onprem.target-autodiscover-epr', field: 'TargetAutodiscoverEpr', status: 'fail', actual: 'https://autodiscover.contoso.com/autodiscover/autodiscover.svc/WSSecurity' },
      { checkId: 'orgrel.onprem.target-sharing-epr', field: 'TargetSharingEpr', status: 'fail', actual: 'https://mail.contoso.com/EWS/Exchange.asmx' },
      { checkId: 'orgrel.onprem.target-owa-url', field: 'TargetOwaURL', status: 'warn', actual: 'https://mail.contoso.com/owa' },
    ]);
    expect(find(report, 'orgrel.onprem.domain-names')?.fix).toContain('{{tenantRoutingDomain}}');
    expect(find(report, 'orgrel.enabled')?.fix).toBe('Set-OrganizationRelationship -Identity "On-premises to O365 - 6ad6d7a3" -Enabled $true');
    expect(find(report, 'orgrel.onprem.target-sharing-epr')?.ref).toBe('D4');
  });

  it('reports every deviation of the Exchange Online relationship', () => {
    const report = check(
      out([
        {
          Name: 'O365 to On-premises - 6ad6d7a3',
          Enabled: 'False',
          DomainNames: ['fabrikam.com'],
          FreeBusyAccessEnabled: 'True',
          FreeBusyAccessLevel: 'AvailabilityOnly',
          TargetApplicationUri: 'outlook.com',
          TargetAutodiscoverEpr: 'https://autodiscover.contoso.com/autodiscover/autodiscover.svc/WSSecurity',
          TargetSharingEpr: 'https://outlook.office365.com/EWS/Exchange.asmx',
        },
      ]),
      { ...EXO, authType: 'dauth' },
    );
    expectDeviations(report, [
      { checkId: 'orgrel.enabled', field: 'Enabled', status: 'fail', actual: 'False' },
      { checkId: 'orgrel.exo.domain-names', field: 'DomainNames', status: 'fail', actual: 'fabrikam.com' },
      { checkId: 'orgrel.exo.target-application-uri', field: 'TargetApplicationUri', status: 'fail', actual: 'outlook.com' },
      { checkId: 'orgrel.exo.target-sharing-epr', field: 'TargetSharingEpr', status: 'fail', actual: 'https://outlook.office365.com/EWS/Exchange.asmx' },
    ]);
    // With TargetSharingEpr set, Autodiscover is not used, so its value cannot hurt.
    expect(find(report, 'orgrel.exo.target-autodiscover-epr')?.status).toBe('pass');
    expect(find(report, 'orgrel.exo.domain-names')?.fix).toContain('@{Add="{{onPremDomain}}"}');
  });

  it('reports the Exchange Online Autodiscover pointing at the cloud, a hand-set EWS URL and another namespace', () => {
    const report = check(
      out([
        {
          ...HEALTHY_ORGREL_EXO,
          TargetApplicationUri: 'FYDIBOHF25SPDLT.contoso.net',
          TargetAutodiscoverEpr: 'https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc/WSSecurity',
        },
      ]),
      EXO,
    );
    expectDeviations(report, [
      { checkId: 'orgrel.exo.target-application-uri', field: 'TargetApplicationUri', status: 'warn', actual: 'FYDIBOHF25SPDLT.contoso.net' },
      { checkId: 'orgrel.exo.target-autodiscover-epr', field: 'TargetAutodiscoverEpr', status: 'fail', actual: 'https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc/WSSecurity' },
    ]);
    const manual = check(out([{ ...HEALTHY_ORGREL_EXO, TargetSharingEpr: 'https://hybrid.contoso.com/EWS/Exchange.asmx' }]), EXO);
    expectDeviations(manual, [{ checkId: 'orgrel.exo.target-sharing-epr', field: 'TargetSharingEpr', status: 'warn', actual: 'https://hybrid.contoso.com/EWS/Exchange.asmx' }]);
    // The on-premises external EWS URL set by hand is valid (FreeBusyChecker flags it).
    const own = check(out([{ ...HEALTHY_ORGREL_EXO, TargetSharingEpr: 'https://MAIL.contoso.com/ews/exchange.asmx/' }]), EXO);
    expect(problems(own)).toEqual([]);
  });

  it('accepts the Hybrid Agent values and says so', () => {
    const report = check(
      out([
        {
          ...HEALTHY_ORGREL_EXO,
          TargetApplicationUri: 'http://outlook.office.com/',
          TargetAutodiscoverEpr: 'https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc/',
          TargetSharingEpr: 'https://2b1f5a6c-0d3e-4f7a-9b8c-1d2e3f4a5b6c.resource.mailboxmigration.his.msappproxy.net/EWS/Exchange.asmx',
        },
      ]),
      EXO,
    );
    expect(problems(report)).toEqual([]);
    expect(find(report, 'orgrel.exo.target-sharing-epr')?.why).toMatch(/Hybrid Agent/);
  });

  it('treats a disabled relationship as a warning under OAuth and when the method is unknown', () => {
    const off = out([{ ...HEALTHY_ORGREL_ONPREM, Enabled: 'False' }]);
    expect(find(check(off, { ...EMS, authType: 'oauth' }), 'orgrel.enabled')?.status).toBe('warn');
    expect(find(check(off, EMS), 'orgrel.enabled')?.status).toBe('warn');
    expect(find(check(off, { ...EMS, authType: 'dauth' }), 'orgrel.enabled')?.status).toBe('fail');
  });

  it('turns a DAuth failure into a warning when free/busy uses OAuth, and says why', () => {
    const report = check(out([{ ...HEALTHY_ORGREL_ONPREM, TargetApplicationUri: 'outlook.live.com' }]), { ...EMS, authType: 'oauth' });
    const r = find(report, 'orgrel.onprem.target-application-uri');
    expect(r?.status).toBe('warn');
    expect(r?.why).toMatch(/uses OAuth/);
  });
});

describe('Get-IntraOrganizationConnector', () => {
  it('reports every deviation of the on-premises connector', () => {
    const report = check(
      out([
        {
          Name: 'HybridIOC - 6ad6d7a3',
          Enabled: 'False',
          TargetAddressDomains: ['contoso.com'],
          DiscoveryEndpoint: 'https://autodiscover.contoso.com/autodiscover/autodiscover.svc',
          TargetSharingEpr: 'https://mail.contoso.com/EWS/Exchange.asmx',
        },
      ]),
      { ...EMS, authType: 'oauth' },
    );
    expectDeviations(report, [
      { checkId: 'ioc.enabled', field: 'Enabled', status: 'fail', actual: 'False' },
      { checkId: 'ioc.onprem.target-address-domains', field: 'TargetAddressDomains', status: 'fail', actual: 'contoso.com' },
      { checkId: 'ioc.onprem.discovery-endpoint', field: 'DiscoveryEndpoint', status: 'fail', actual: 'https://autodiscover.contoso.com/autodiscover/autodiscover.svc' },
      { checkId: 'ioc.onprem.target-sharing-epr', field: 'TargetSharingEpr', status: 'fail', actual: 'https://mail.contoso.com/EWS/Exchange.asmx' },
    ]);
    expect(find(report, 'ioc.enabled')?.fix).toBe('Set-IntraOrganizationConnector -Identity "HybridIOC - 6ad6d7a3" -Enabled $true');
  });

  it('reports every deviation of the Exchange Online connector', () => {
    const report = check(
      out([
        {
          Name: 'HybridIOC - 6ad6d7a3',
          Enabled: 'True',
          TargetAddressDomains: ['contoso.mail.onmicrosoft.com'],
          DiscoveryEndpoint: 'https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc',
          TargetSharingEpr: 'https://hybrid.contoso.com/EWS/Exchange.asmx',
        },
      ]),
      { ...EXO, authType: 'oauth' },
    );
    expectDeviations(report, [
      { checkId: 'ioc.exo.target-address-domains', field: 'TargetAddressDomains', status: 'fail', actual: 'contoso.mail.onmicrosoft.com' },
      { checkId: 'ioc.exo.discovery-endpoint', field: 'DiscoveryEndpoint', status: 'fail', actual: 'https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc' },
      { checkId: 'ioc.exo.target-sharing-epr', field: 'TargetSharingEpr', status: 'warn', actual: 'https://hybrid.contoso.com/EWS/Exchange.asmx' },
    ]);
  });

  it('reads a disabled connector as the DAuth choice, and an enabled one as contradicting DAuth', () => {
    const off = out([{ ...HEALTHY_IOC_ONPREM, Enabled: 'False' }]);
    expect(find(check(off, { ...EMS, authType: 'dauth' }), 'ioc.enabled')?.status).toBe('pass');
    expect(find(check(off, EMS), 'ioc.enabled')?.status).toBe('warn');
    expect(find(check(out([HEALTHY_IOC_ONPREM]), { ...EMS, authType: 'dauth' }), 'ioc.enabled')?.status).toBe('warn');
  });

  it('accepts the Hybrid Agent discovery endpoint, and outlook.office365.com on-premises', () => {
    const agent = 'https://2b1f5a6c-0d3e-4f7a-9b8c-1d2e3f4a5b6c.resource.mailboxmigration.his.msappproxy.net/autodiscover/autodiscover.svc';
    expect(problems(check(out([{ ...HEALTHY_IOC_EXO, DiscoveryEndpoint: agent }]), EXO))).toEqual([]);
    expect(problems(check(out([{ ...HEALTHY_IOC_ONPREM, DiscoveryEndpoint: 'https://outlook.office365.com/autodiscover/autodiscover.svc' }]), EMS))).toEqual([]);
  });

  it('warns instead of failing when the domain list was cut off', () => {
    const report = check(out([{ ...HEALTHY_IOC_EXO, TargetAddressDomains: ['fabrikam.com', 'contoso.n...'] }], { truncated: true }), EXO);
    const r = find(report, 'ioc.exo.target-address-domains');
    expect(r?.status).toBe('warn');
    expect(r?.why).toMatch(/cut off/);
  });
});

describe('Get-AuthServer', () => {
  const ADFS: PsObject = { Name: 'ADFS', IssuerIdentifier: 'http://adfs.contoso.com/adfs/services/trust', TokenIssuingEndpoint: 'https://adfs.contoso.com/adfs/oauth2/token', AuthMetadataUrl: 'https://adfs.contoso.com/FederationMetadata/2007-06/FederationMetadata.xml', Enabled: 'True' };

  it('reports every deviation of the ACS and EvoSTS servers, and leaves other servers alone', () => {
    const report = check(
      out([
        {
          Name: 'WindowsAzureACS',
          IssuerIdentifier: '00000001-0000-0000-c000-000000000001',
          TokenIssuingEndpoint: 'https://accounts.accesscontrol.windows.net/11111111-2222-3333-4444-555555555555/tokens/OAuth/2',
          AuthMetadataUrl: 'https://accounts.accesscontrol.windows.net/fabrikam.onmicrosoft.com/metadata/json/1',
          Enabled: 'False',
        },
        {
          Name: `EvoSts - ${TENANT_ID}`,
          IssuerIdentifier: `https://sts.windows.net/${TENANT_ID}`,
          TokenIssuingEndpoint: 'https://login.windows.net/oauth2/authorize',
          AuthMetadataUrl: 'https://login.windows.net/contoso.com/federationmetadata/2007-06/federationmetadata.xml',
          Enabled: 'False',
        },
        ADFS,
      ]),
      EMS,
    );
    const evo = `EvoSts - ${TENANT_ID}`;
    expectDeviations(report, [
      { checkId: 'authserver.acs.issuer-identifier', field: 'IssuerIdentifier', status: 'fail', actual: '00000001-0000-0000-c000-000000000001', object: 'WindowsAzureACS' },
      { checkId: 'authserver.acs.token-issuing-endpoint', field: 'TokenIssuingEndpoint', status: 'fail', actual: 'https://accounts.accesscontrol.windows.net/11111111-2222-3333-4444-555555555555/tokens/OAuth/2', object: 'WindowsAzureACS' },
      { checkId: 'authserver.acs.auth-metadata-url', field: 'AuthMetadataUrl', status: 'fail', actual: 'https://accounts.accesscontrol.windows.net/fabrikam.onmicrosoft.com/metadata/json/1', object: 'WindowsAzureACS' },
      { checkId: 'authserver.acs.enabled', field: 'Enabled', status: 'fail', actual: 'False', object: 'WindowsAzureACS' },
      { checkId: 'authserver.evosts.issuer-identifier', field: 'IssuerIdentifier', status: 'warn', actual: `https://sts.windows.net/${TENANT_ID}`, object: evo },
      { checkId: 'authserver.evosts.token-issuing-endpoint', field: 'TokenIssuingEndpoint', status: 'fail', actual: 'https://login.windows.net/oauth2/authorize', object: evo },
      { checkId: 'authserver.evosts.auth-metadata-url', field: 'AuthMetadataUrl', status: 'warn', actual: 'https://login.windows.net/contoso.com/federationmetadata/2007-06/federationmetadata.xml', object: evo },
      { checkId: 'authserver.evosts.enabled', field: 'Enabled', status: 'fail', actual: 'False', object: evo },
    ]);
    expect(report.notChecked).toEqual([{ object: 'ADFS', reason: expect.stringMatching(/not an Entra ID/) }]);
    expect(find(report, 'authserver.acs.token-issuing-endpoint')?.fix).toContain('-RefreshAuthMetadata');
  });

  it('checks AuthMetadataUrl on its own (FreeBusyChecker tests TokenIssuingEndpoint instead)', () => {
    const report = check(out([{ ...HEALTHY_ACS, AuthMetadataUrl: 'https://login.windows.net/contoso.onmicrosoft.com/metadata/json/1' }]), EMS);
    expectDeviations(report, [{ checkId: 'authserver.acs.auth-metadata-url', field: 'AuthMetadataUrl', status: 'fail', actual: 'https://login.windows.net/contoso.onmicrosoft.com/metadata/json/1' }]);
  });

  it('reports a missing Entra ID server, and a disabled one in Exchange Online', () => {
    expectDeviations(check(out([ADFS], { command: 'Get-AuthServer' }), EMS), [{ checkId: 'authserver.present', field: 'IssuerIdentifier', status: 'fail', actual: undefined as unknown as string }]);
    const exo = check(out([{ Name: '00000001-0000-0000-c000-000000000000', IssuerIdentifier: '00000001-0000-0000-c000-000000000000', Enabled: 'False' }]), EXO);
    expectDeviations(exo, [{ checkId: 'authserver.exo.enabled', field: 'Enabled', status: 'fail', actual: 'False' }]);
  });

  it('only warns about a disabled server while another Entra server is enabled', () => {
    const report = check(out([{ ...HEALTHY_ACS, Enabled: 'False' }, HEALTHY_EVOSTS]), EMS);
    expectDeviations(report, [{ checkId: 'authserver.acs.enabled', field: 'Enabled', status: 'warn', actual: 'False', object: 'WindowsAzureACS' }]);
  });

  it('falls back on the Realm for the tenant ID, and skips naming tenantId without either', () => {
    const { tenantId: _t, ...noTenantId } = EMS;
    expect(problems(check(out([HEALTHY_ACS]), noTenantId))).toEqual([]);
    const { Realm: _r, ...noRealm } = HEALTHY_ACS;
    const r = find(check(out([noRealm]), noTenantId), 'authserver.acs.token-issuing-endpoint');
    expect(r?.status).toBe('skip');
    expect(r?.needs).toBe('tenantId');
    expect(r?.why).toMatch(/tenant ID/);
  });
});

describe('Get-PartnerApplication', () => {
  it('reports every deviation of the Exchange Online application and ignores the others', () => {
    const report = check(
      out([
        { Name: 'Exchange Online', Enabled: 'False', ApplicationIdentifier: '00000002-0000-0ff1-ce00-000000000001', AuthMetadataUrl: 'https://accounts.accesscontrol.windows.net/contoso.onmicrosoft.com/metadata/json/1', Realm: 'contoso.com', LinkedAccount: null },
        HEALTHY_PARTNER_APPS[1] as PsObject,
      ]),
      EMS,
    );
    expectDeviations(report, [
      { checkId: 'partnerapp.enabled', field: 'Enabled', status: 'fail', actual: 'False', object: 'Exchange Online' },
      { checkId: 'partnerapp.application-identifier', field: 'ApplicationIdentifier', status: 'fail', actual: '00000002-0000-0ff1-ce00-000000000001', object: 'Exchange Online' },
      { checkId: 'partnerapp.auth-metadata-url', field: 'AuthMetadataUrl', status: 'fail', actual: 'https://accounts.accesscontrol.windows.net/contoso.onmicrosoft.com/metadata/json/1', object: 'Exchange Online' },
      { checkId: 'partnerapp.realm', field: 'Realm', status: 'fail', actual: 'contoso.com', object: 'Exchange Online' },
      { checkId: 'partnerapp.linked-account', field: 'LinkedAccount', status: 'fail', actual: '', object: 'Exchange Online' },
    ]);
    expect(find(report, 'partnerapp.linked-account')?.fix).toContain('{{rootDomainFqdn}}/Users/Exchange Online-ApplicationAccount');
    expect(report.notChecked?.map((n) => n.object)).toEqual(['Lync Server']);
  });

  it('reports a missing Exchange Online application and a linked account outside Users', () => {
    expectDeviations(check(out([HEALTHY_PARTNER_APPS[1] as PsObject]), EMS), [{ checkId: 'partnerapp.present', field: 'ApplicationIdentifier', status: 'fail', actual: undefined as unknown as string }]);
    const moved = check(out([{ ...(HEALTHY_PARTNER_APPS[0] as PsObject), LinkedAccount: 'contoso.com/Service Accounts/Exchange Online-ApplicationAccount' }]), EMS);
    expectDeviations(moved, [{ checkId: 'partnerapp.linked-account', field: 'LinkedAccount', status: 'warn', actual: 'contoso.com/Service Accounts/Exchange Online-ApplicationAccount' }]);
  });
});

describe('Get-AuthConfig', () => {
  it('reports every deviation', () => {
    const report = check(out([{ CurrentCertificateThumbprint: null, ServiceName: '00000002-0000-0ff1-ce00-000000000001', Realm: 'contoso.com' }]), EMS);
    expectDeviations(report, [
      { checkId: 'authconfig.current-certificate', field: 'CurrentCertificateThumbprint', status: 'fail', actual: '' },
      { checkId: 'authconfig.service-name', field: 'ServiceName', status: 'fail', actual: '00000002-0000-0ff1-ce00-000000000001' },
      { checkId: 'authconfig.realm', field: 'Realm', status: 'fail', actual: 'contoso.com' },
    ]);
    expect(find(report, 'authconfig.current-certificate')?.fix).toContain('Set-AuthConfig -PublishCertificate');
  });

  it('reads the bare value of (Get-AuthConfig).CurrentCertificateThumbprint, and nothing printed as blank', () => {
    const value = check(out([], { shape: 'values', values: [THUMBPRINT], command: 'Get-AuthConfig', text: `[PS] C:\\>(Get-AuthConfig).CurrentCertificateThumbprint\n${THUMBPRINT}` }), EMS);
    expect(value.results.map((r) => [r.checkId, r.status])).toEqual([['authconfig.current-certificate', 'pass']]);
    const none = check(out([], { command: 'Get-AuthConfig', text: '[PS] C:\\>(Get-AuthConfig).CurrentCertificateThumbprint\n' }), EMS);
    expect(none.results.map((r) => [r.checkId, r.status])).toEqual([['authconfig.current-certificate', 'fail']]);
  });
});

describe('Get-ExchangeCertificate', () => {
  it('reports every deviation of the auth certificate', () => {
    const report = check(
      out([
        {
          Identity: 'EXCH01\\ABCDEF',
          Subject: 'CN=mail.contoso.com',
          Issuer: 'CN=Contoso Issuing CA, DC=contoso, DC=com',
          Services: 'IIS',
          Status: 'RevocationCheckFailure',
          NotAfter: '2/1/2026 9:00:00 AM',
          HasPrivateKey: 'False',
          Thumbprint: 'ABCDEF',
        },
      ]),
      EMS,
    );
    expectDeviations(report, [
      { checkId: 'authcert.subject', field: 'Subject', status: 'warn', actual: 'CN=mail.contoso.com' },
      { checkId: 'authcert.issuer', field: 'Issuer', status: 'warn', actual: 'CN=Contoso Issuing CA, DC=contoso, DC=com' },
      { checkId: 'authcert.services', field: 'Services', status: 'warn', actual: 'IIS' },
      { checkId: 'authcert.status', field: 'Status', status: 'fail', actual: 'RevocationCheckFailure' },
      { checkId: 'authcert.not-after', field: 'NotAfter', status: 'fail', actual: '2/1/2026 9:00:00 AM' },
      { checkId: 'authcert.private-key', field: 'HasPrivateKey', status: 'fail', actual: 'False' },
    ]);
    expect(find(report, 'authcert.not-after')?.why).toMatch(/2026-02-01/);
  });

  it('reads the services as Format-Table prints them', () => {
    expect(find(check(out([{ ...authCert('EXCH01'), Services: '....S..' }], { shape: 'table' }), EMS), 'authcert.services')?.status).toBe('pass');
    expect(find(check(out([{ ...authCert('EXCH01'), Services: '...W...' }], { shape: 'table' }), EMS), 'authcert.services')?.status).toBe('warn');
  });

  it('warns before the certificate expires and reads European dates', () => {
    const soon = check(out([{ ...authCert('EXCH01'), NotAfter: '20.06.2026 10:00:00' }]), EMS);
    expectDeviations(soon, [{ checkId: 'authcert.not-after', field: 'NotAfter', status: 'warn', actual: '20.06.2026 10:00:00' }]);
  });

  it('reports a server without the certificate and a list without an auth certificate', () => {
    const empty = check(out([], { command: 'Get-ExchangeCertificate', text: '[PS] C:\\>Get-ExchangeServer | % { Get-ExchangeCertificate -Server $_.Name -Thumbprint (Get-AuthConfig).CurrentCertificateThumbprint }\n' }), EMS);
    expectDeviations(empty, [{ checkId: 'authcert.present', field: 'Thumbprint', status: 'fail', actual: undefined as unknown as string }]);
    const others = check(out([{ ...authCert('EXCH01'), Subject: 'CN=mail.contoso.com' }, { ...authCert('EXCH01'), Subject: 'CN=EXCH01', Thumbprint: 'B' }]), EMS);
    expect(find(others, 'authcert.present')?.status).toBe('warn');
  });
});

describe('Get-FederationTrust', () => {
  it('reports every deviation of the on-premises trust', () => {
    const report = check(
      out([
        {
          Name: 'Microsoft Federation Gateway',
          ApplicationUri: 'contoso.com',
          TokenIssuerUri: 'uri:WindowsLiveID',
          TokenIssuerMetadataEpr: 'https://nexus.passport.com/FederationMetadata/2006-12/FederationMetadata.xml',
          TokenIssuerEpr: 'https://login.live.com/rst2.srf',
          OrgCertNotAfter: '15.03.2026 10:00:00',
          TokenIssuerCertNotAfter: '5/20/2026 8:00:00 AM',
        },
      ]),
      EMS,
    );
    expectDeviations(report, [
      { checkId: 'fedtrust.application-uri', field: 'ApplicationUri', status: 'fail', actual: 'contoso.com' },
      { checkId: 'fedtrust.token-issuer-uri', field: 'TokenIssuerUri', status: 'fail', actual: 'uri:WindowsLiveID' },
      { checkId: 'fedtrust.token-issuer-metadata-epr', field: 'TokenIssuerMetadataEpr', status: 'fail', actual: 'https://nexus.passport.com/FederationMetadata/2006-12/FederationMetadata.xml' },
      { checkId: 'fedtrust.token-issuer-epr', field: 'TokenIssuerEpr', status: 'fail', actual: 'https://login.live.com/rst2.srf' },
      { checkId: 'fedtrust.org-certificate-expiry', field: 'OrgCertNotAfter', status: 'fail', actual: '15.03.2026 10:00:00' },
      { checkId: 'fedtrust.token-issuer-certificate-expiry', field: 'TokenIssuerCertNotAfter', status: 'warn', actual: '5/20/2026 8:00:00 AM' },
    ]);
    expect(find(report, 'fedtrust.token-issuer-epr')?.fix).toContain('-RefreshMetadata');
  });

  it('reads the expiry out of a whole certificate printed by Format-List', () => {
    const cert = '[Subject]\n  CN=Federation\n\n[Issuer]\n  CN=Federation\n\n[Not Before]\n  1/5/2021 9:00:00 AM\n\n[Not After]\n  1/5/2025 9:00:00 AM\n\n[Thumbprint]\n  0A1B';
    const { OrgCertNotAfter: _dropped, ...rest } = HEALTHY_FEDTRUST_ONPREM;
    const report = check(out([{ ...rest, OrgCertificate: cert }]), EMS);
    expect(find(report, 'fedtrust.org-certificate-expiry')).toMatchObject({ status: 'fail', field: 'OrgCertificate', actual: '1/5/2025 9:00:00 AM' });
  });

  it("reports Exchange Online's outdated trust row by row", () => {
    const report = check(
      out(
        [
          { Name: 'WindowsLiveId', ApplicationIdentifier: '292841', ApplicationUri: 'outlook.live.com' },
          { Name: 'MicrosoftOnline', ApplicationIdentifier: '260563', ApplicationUri: 'outlook.com' },
        ],
        { shape: 'table' },
      ),
      EXO,
    );
    expectDeviations(report, [
      { checkId: 'fedtrust.exo.application-identifier', field: 'ApplicationIdentifier', status: 'fail', actual: '292841', object: 'WindowsLiveId' },
      { checkId: 'fedtrust.exo.application-uri', field: 'ApplicationUri', status: 'fail', actual: 'outlook.live.com', object: 'WindowsLiveId' },
    ]);
    expect(find(report, 'fedtrust.exo.application-uri')?.fix).toMatch(/Microsoft support/);
  });
});

describe('Get-FederatedOrganizationIdentifier', () => {
  it('reports every deviation on-premises', () => {
    const report = check(out([{ AccountNamespace: null, Domains: ['fabrikam.com'], Enabled: 'False', OrganizationContact: null, DelegationTrustLink: null }]), EMS);
    expectDeviations(report, [
      { checkId: 'foi.enabled', field: 'Enabled', status: 'fail', actual: 'False' },
      { checkId: 'foi.account-namespace', field: 'AccountNamespace', status: 'fail', actual: '' },
      { checkId: 'foi.domains', field: 'Domains', status: 'fail', actual: 'fabrikam.com' },
      { checkId: 'foi.delegation-trust-link', field: 'DelegationTrustLink', status: 'fail', actual: '' },
    ]);
  });

  it('reports every deviation in Exchange Online', () => {
    const report = check(out([{ AccountNamespace: 'contoso.onmicrosoft.com', Domains: ['contoso.onmicrosoft.com'], Enabled: 'False' }]), EXO);
    expectDeviations(report, [
      { checkId: 'foi.enabled', field: 'Enabled', status: 'fail', actual: 'False' },
      { checkId: 'foi.exo.domains', field: 'Domains', status: 'fail', actual: 'contoso.onmicrosoft.com' },
    ]);
  });

  it('reads (Get-FederatedOrganizationIdentifier).Domains printed as bare values', () => {
    const report = check(
      out([], { shape: 'values', values: ['fabrikam.com'], command: 'Get-FederatedOrganizationIdentifier', text: '[PS] C:\\>(Get-FederatedOrganizationIdentifier).Domains\nfabrikam.com' }),
      EMS,
    );
    expectDeviations(report, [{ checkId: 'foi.domains', field: 'Domains', status: 'fail', actual: 'fabrikam.com' }]);
  });
});

describe('Get-FederationInformation', () => {
  it("reports every deviation of the tenant's answer", () => {
    const report = check(
      out([
        {
          DomainNames: ['contoso.onmicrosoft.com'],
          TargetApplicationUri: 'outlook.live.com',
          TargetAutodiscoverEpr: 'https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc',
          TokenIssuerUris: ['uri:WindowsLiveID'],
        },
      ]),
      EMS,
    );
    expectDeviations(report, [
      { checkId: 'fedinfo.domain-names', field: 'DomainNames', status: 'fail', actual: 'contoso.onmicrosoft.com' },
      { checkId: 'fedinfo.token-issuer-uris', field: 'TokenIssuerUris', status: 'fail', actual: 'uri:WindowsLiveID' },
      { checkId: 'fedinfo.target-application-uri', field: 'TargetApplicationUri', status: 'fail', actual: 'outlook.live.com' },
      { checkId: 'fedinfo.target-autodiscover-epr', field: 'TargetAutodiscoverEpr', status: 'fail', actual: 'https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc' },
    ]);
  });

  it("reports every deviation of the on-premises domain's answer", () => {
    const report = check(
      out([
        {
          DomainNames: ['fabrikam.com'],
          TargetApplicationUri: 'FYDIBOHF25SPDLT.fabrikam.com',
          TargetAutodiscoverEpr: 'https://autodiscover.contoso.com/autodiscover/autodiscover.svc',
          TokenIssuerUris: null,
        },
      ]),
      EXO,
    );
    expectDeviations(report, [
      { checkId: 'fedinfo.onprem.domain-names', field: 'DomainNames', status: 'fail', actual: 'fabrikam.com' },
      { checkId: 'fedinfo.onprem.target-application-uri', field: 'TargetApplicationUri', status: 'warn', actual: 'FYDIBOHF25SPDLT.fabrikam.com' },
      { checkId: 'fedinfo.onprem.target-autodiscover-epr', field: 'TargetAutodiscoverEpr', status: 'fail', actual: 'https://autodiscover.contoso.com/autodiscover/autodiscover.svc' },
      { checkId: 'fedinfo.onprem.token-issuer-uris', field: 'TokenIssuerUris', status: 'fail', actual: '' },
    ]);
  });
});

describe('Get-AvailabilityAddressSpace', () => {
  it('reports every deviation of the hybrid address space and leaves a Notes one alone', () => {
    const report = check(
      out([
        { Name: 'contoso.onmicrosoft.com', ForestName: 'contoso.onmicrosoft.com', AccessMethod: 'OrgWideFB', UseServiceAccount: 'False', UserName: 'CONTOSO\\svc-fb', ProxyUrl: 'https://mail.contoso.com/owa' },
        { Name: 'notes.contoso.com', ForestName: 'notes.contoso.com', AccessMethod: 'OrgWideFB', UseServiceAccount: 'False', UserName: 'CONTOSO\\notes', ProxyUrl: null },
      ]),
      EMS,
    );
    const o = 'contoso.onmicrosoft.com';
    expectDeviations(report, [
      { checkId: 'aas.forest-name', field: 'ForestName', status: 'fail', actual: 'contoso.onmicrosoft.com', object: o },
      { checkId: 'aas.access-method', field: 'AccessMethod', status: 'fail', actual: 'OrgWideFB', object: o },
      { checkId: 'aas.use-service-account', field: 'UseServiceAccount', status: 'fail', actual: 'False', object: o },
      { checkId: 'aas.user-name', field: 'UserName', status: 'fail', actual: 'CONTOSO\\svc-fb', object: o },
      { checkId: 'aas.proxy-url', field: 'ProxyUrl', status: 'fail', actual: 'https://mail.contoso.com/owa', object: o },
    ]);
    expect(report.notChecked?.map((n) => n.object)).toEqual(['notes.contoso.com']);
  });
});

describe('virtual directories', () => {
  const broken = (v: PsObject): PsObject => ({
    ...v,
    WSSecurityAuthentication: 'False',
    WindowsAuthentication: 'False',
    OAuthAuthentication: 'False',
    InternalAuthenticationMethods: ['Ntlm', 'WindowsIntegrated'],
    ExternalAuthenticationMethods: ['Ntlm'],
  });

  it('reports every deviation of an EWS directory, per server', () => {
    const report = check(out([ewsVdir('EXCH01'), broken(ewsVdir('EXCH02'))]), { ...EMS, authType: 'oauth' });
    const o = 'EXCH02\\EWS (Default Web Site)';
    expectDeviations(report, [
      { checkId: 'ewsvdir.wssecurity', field: 'WSSecurityAuthentication', status: 'warn', actual: 'False', object: o },
      { checkId: 'ewsvdir.windows-auth', field: 'WindowsAuthentication', status: 'fail', actual: 'False', object: o },
      { checkId: 'ewsvdir.oauth', field: 'OAuthAuthentication', status: 'fail', actual: 'False', object: o },
      { checkId: 'ewsvdir.internal-methods-oauth', field: 'InternalAuthenticationMethods', status: 'fail', actual: 'Ntlm, WindowsIntegrated', object: o },
      { checkId: 'ewsvdir.external-methods-oauth', field: 'ExternalAuthenticationMethods', status: 'fail', actual: 'Ntlm', object: o },
    ]);
    expect(find(report, 'ewsvdir.oauth', o)?.fix).toContain('Set-WebServicesVirtualDirectory -Identity "EXCH02\\EWS (Default Web Site)" -OAuthAuthentication $true');
  });

  it('reports every deviation of an Autodiscover directory', () => {
    const report = check(out([broken(autodVdir('EXCH01'))]), { ...EMS, authType: 'dauth' });
    expectDeviations(report, [
      { checkId: 'autodvdir.wssecurity', field: 'WSSecurityAuthentication', status: 'fail', actual: 'False' },
      { checkId: 'autodvdir.windows-auth', field: 'WindowsAuthentication', status: 'fail', actual: 'False' },
      { checkId: 'autodvdir.oauth', field: 'OAuthAuthentication', status: 'warn', actual: 'False' },
      { checkId: 'autodvdir.internal-methods-oauth', field: 'InternalAuthenticationMethods', status: 'warn', actual: 'Ntlm, WindowsIntegrated' },
      { checkId: 'autodvdir.external-methods-oauth', field: 'ExternalAuthenticationMethods', status: 'warn', actual: 'Ntlm' },
    ]);
  });
});

describe('the Exchange Online-ApplicationAccount', () => {
  it('reports every deviation of the account (Get-User)', () => {
    const report = check(
      out([{ Identity: 'corp.contoso.local/Users/Exchange Online-ApplicationAccount', RecipientType: 'UserMailbox', RecipientTypeDetails: 'UserMailbox', UserAccountControl: 'NormalAccount' }]),
      EMS,
    );
    expectDeviations(report, [
      { checkId: 'appaccount.recipient-type', field: 'RecipientType', status: 'fail', actual: 'UserMailbox' },
      { checkId: 'appaccount.recipient-type-details', field: 'RecipientTypeDetails', status: 'fail', actual: 'UserMailbox' },
      { checkId: 'appaccount.user-account-control', field: 'UserAccountControl', status: 'warn', actual: 'NormalAccount' },
    ]);
  });

  it('reports a missing account from the error record', () => {
    const message = "The operation couldn't be performed because object 'Exchange Online-ApplicationAccount' couldn't be found on 'DC01.contoso.com'.";
    const report = check(
      out([], { shape: 'error', errors: [{ message, cmdlet: 'Get-User', category: 'NotSpecified' }], text: `Get-User "Exchange Online-ApplicationAccount"\n${message}` }),
      EMS,
    );
    expectDeviations(report, [{ checkId: 'appaccount.exists', field: 'Identity', status: 'fail', actual: message }]);
  });

  it('reports every missing or disabled role (Get-ManagementRoleAssignment)', () => {
    const rows = ROLES.filter((r) => r !== 'UserApplication' && r !== 'MeetingGraphApplication').map((r) => roleRow(r, { Enabled: r === 'ArchiveApplication' ? 'False' : 'True' }));
    const report = check(out(rows), EMS);
    expectDeviations(report, [
      { checkId: 'approles.userapplication', field: 'Role', status: 'fail', actual: '(not assigned)' },
      { checkId: 'approles.meetinggraphapplication', field: 'Role', status: 'warn', actual: '(not assigned)' },
      { checkId: 'approles.archiveapplication', field: 'Role', status: 'warn', actual: 'ArchiveApplication (disabled)' },
    ]);
    expect(find(report, 'approles.userapplication')?.fix).toBe('New-ManagementRoleAssignment -Role "UserApplication" -User "Exchange Online-ApplicationAccount"');
    expect(find(report, 'approles.userapplication')?.ref).toBe('O16');
  });

  it('reports all seven roles missing when the command printed nothing', () => {
    const report = check(out([], { command: 'Get-ManagementRoleAssignment', text: '[PS] C:\\>Get-ManagementRoleAssignment -RoleAssignee "Exchange Online-ApplicationAccount" | ft Name,Role\n' }), EMS);
    expect(report.results.map((r) => r.status)).toEqual(['fail', 'warn', 'warn', 'warn', 'warn', 'warn', 'warn']);
  });

  it('matches role names cut by Format-Table and ignores other assignees', () => {
    const rows = [...ROLES.map((r) => roleRow(r.length > 24 ? `${r.slice(0, 22)}...` : r)), roleRow('UserApplication', { Name: 'UserApplication-Someone', RoleAssigneeName: 'Someone' })];
    expect(problems(check(out(rows, { shape: 'table' }), EMS))).toEqual([]);
  });
});

describe('Get-MailboxFolderPermission', () => {
  it('reports a Default entry of None', () => {
    const report = check(
      out(
        [
          { FolderName: 'Calendar', User: 'Default', AccessRights: ['None'] },
          { FolderName: 'Calendar', User: 'Megan Bowen', AccessRights: ['Editor'] },
        ],
        { shape: 'table' },
      ),
      EXO,
    );
    expectDeviations(report, [{ checkId: 'calendarperm.default-access', field: 'AccessRights', status: 'fail', actual: 'None', object: 'Calendar' }]);
    expect(find(report, 'calendarperm.default-access')?.fix).toContain('-User Default -AccessRights AvailabilityOnly');
  });

  it('warns when the output has no Default entry', () => {
    const report = check(out([{ FolderName: 'Calendar', User: 'Megan Bowen', AccessRights: ['Editor'] }], { shape: 'table' }), EXO);
    expectDeviations(report, [{ checkId: 'calendarperm.default-present', field: 'User', status: 'warn', actual: '(no Default entry listed)' }]);
  });
});

// ---- recognition, context, many objects, case --------------------------------------------------

describe('recognition', () => {
  it('recognises every healthy output from its property set alone', () => {
    for (const h of HEALTHY) {
      const { command: _c, ...noCommand } = h.output;
      const report = checkConfiguration(noCommand, CONTEXT, { now: NOW });
      expect(report?.cmdlet, h.name).toBe(h.cmdlet);
      expect(problems(report as ConfigReport), h.name).toEqual([]);
    }
  });

  it('tells the side from the values when the conversation does not know it', () => {
    const { side: _s, ...noSide } = EMS;
    expect(check(out([HEALTHY_ORGREL_ONPREM]), noSide).side).toBe('ems');
    expect(check(out([HEALTHY_ORGREL_EXO]), noSide).side).toBe('exo');
    expect(check(out([HEALTHY_IOC_EXO]), noSide).side).toBe('exo');
    expect(check(out(HEALTHY_FEDTRUST_EXO), noSide).side).toBe('exo');
  });

  it('takes the side from the EO prefix of FreeBusyChecker sessions', () => {
    const report = check(out([HEALTHY_ORGREL_EXO], { command: 'Get-EOOrganizationRelationship' }), CONTEXT);
    expect(report).toMatchObject({ cmdlet: 'Get-OrganizationRelationship', side: 'exo' });
  });

  it('recognises characteristic property sets', () => {
    expect(check(out([{ TokenIssuingEndpoint: HEALTHY_ACS.TokenIssuingEndpoint as string, AuthMetadataUrl: HEALTHY_ACS.AuthMetadataUrl as string }]), EMS).cmdlet).toBe('Get-AuthServer');
    expect(check(out([{ ApplicationIdentifier: '260563', ApplicationUri: 'outlook.com' }]), CONTEXT).cmdlet).toBe('Get-FederationTrust');
    expect(check(out([{ TargetAddressDomains: ['contoso.com'] }]), CONTEXT).cmdlet).toBe('Get-IntraOrganizationConnector');
    expect(check(out([{ LinkedAccount: 'contoso.com/Users/Exchange Online-ApplicationAccount' }]), CONTEXT).cmdlet).toBe('Get-PartnerApplication');
    expect(check(out([{ WSSecurityAuthentication: 'True', Identity: 'EXCH01\\Autodiscover (Default Web Site)' }]), CONTEXT).cmdlet).toBe('Get-AutodiscoverVirtualDirectory');
  });

  it('returns undefined for output it does not check', () => {
    expect(checkConfiguration(out([{ DisplayName: 'Megan Bowen', PrimarySmtpAddress: 'megan@contoso.com' }], { command: 'Get-Mailbox' }), CONTEXT)).toBeUndefined();
    expect(checkConfiguration(out([{ Foo: 'bar' }]), CONTEXT)).toBeUndefined();
    expect(checkConfiguration(out([]), CONTEXT)).toBeUndefined();
    expect(checkConfiguration(out([], { shape: 'text', text: 'RESULT: Success.', command: 'Test-OrganizationRelationship' }), CONTEXT)).toBeUndefined();
    // A known property set under a command of another cmdlet is that cmdlet's output, not ours.
    expect(checkConfiguration(out([{ TargetAddressDomains: ['contoso.com'] }], { command: 'Get-IntraOrganizationConfiguration' }), CONTEXT)).toBeUndefined();
    // New-ExchangeCertificate prints a certificate, but not the configuration.
    expect(checkConfiguration(out([{ Thumbprint: THUMBPRINT, Services: '....S..', Subject: 'CN=Microsoft Exchange Server Auth Certificate' }], { command: 'New-ExchangeCertificate' }), CONTEXT)).toBeUndefined();
    // Get-User for an ordinary user is not the application account.
    expect(checkConfiguration(out([{ Identity: 'contoso.com/Users/Megan Bowen', RecipientType: 'UserMailbox', RecipientTypeDetails: 'UserMailbox', UserAccountControl: 'NormalAccount' }], { command: 'Get-User' }), CONTEXT)).toBeUndefined();
  });
});

describe('missing context', () => {
  it('skips the checks that need a value the bot does not have, naming it', () => {
    const report = check(out([HEALTHY_ORGREL_ONPREM]), { side: 'ems' });
    const r = find(report, 'orgrel.onprem.domain-names');
    expect(r).toMatchObject({ status: 'skip', needs: 'tenantRoutingDomain' });
    expect(r?.why).toMatch(/coexistence domain/);
    expect(r?.fix).toBeUndefined();
    expect(find(check(out([HEALTHY_ORGREL_EXO]), { side: 'exo' }), 'orgrel.exo.domain-names')).toMatchObject({ status: 'skip', needs: 'onPremDomain' });
    expect(find(check(out([HEALTHY_ORGREL_EXO]), { side: 'exo' }), 'orgrel.exo.target-autodiscover-epr')).toMatchObject({ status: 'skip', needs: 'onPremDomain' });
  });

  it('still fails what is wrong whatever the context', () => {
    const report = check(out([{ ...HEALTHY_ORGREL_ONPREM, DomainNames: ['fabrikam.com'] }]), { side: 'ems' });
    expect(find(report, 'orgrel.onprem.domain-names')?.status).toBe('fail');
  });

  it('asks for the side when the values do not tell it', () => {
    const report = check(out([{ FreeBusyAccessEnabled: 'True', TargetSharingEpr: null }]), {});
    expect(find(report, 'orgrel.freebusy-access-enabled')?.status).toBe('pass');
    expect(find(report, 'orgrel.onprem.target-sharing-epr')).toMatchObject({ status: 'skip', needs: 'side' });
    // One question per field, not one for each side's rule.
    expect(report.results.filter((r) => r.field === 'TargetSharingEpr')).toHaveLength(1);
  });
});

describe('several objects', () => {
  it('checks each hybrid relationship and sets a partner organization aside', () => {
    const partner: PsObject = { ...HEALTHY_ORGREL_ONPREM, Name: 'Fabrikam', DomainNames: ['fabrikam.com'], TargetApplicationUri: 'FYDIBOHF25SPDLT.fabrikam.com', TargetAutodiscoverEpr: 'https://autodiscover.fabrikam.com/autodiscover/autodiscover.svc/WSSecurity' };
    const report = check(out([HEALTHY_ORGREL_ONPREM, partner, { ...HEALTHY_ORGREL_ONPREM, Name: 'Second to O365', FreeBusyAccessEnabled: 'False' }]), EMS);
    expect(new Set(report.results.map((r) => r.object))).toEqual(new Set([HEALTHY_ORGREL_ONPREM.Name, 'Second to O365']));
    expectDeviations(report, [{ checkId: 'orgrel.freebusy-access-enabled', field: 'FreeBusyAccessEnabled', status: 'fail', actual: 'False', object: 'Second to O365' }]);
    expect(report.notChecked).toEqual([{ object: 'Fabrikam', reason: expect.any(String) }]);
  });
});

describe('several objects, side unknown', () => {
  it("sets aside a relationship that lists none of the deployment's domains", () => {
    const { side: _s, ...noSide } = CONTEXT;
    const partner: PsObject = { Name: 'Fabrikam sharing', DomainNames: ['fabrikam.com'], Enabled: 'False', FreeBusyAccessEnabled: 'True', TargetApplicationUri: 'outlook.com', TargetSharingEpr: 'https://mail.fabrikam.com/EWS/Exchange.asmx' };
    const report = check(out([HEALTHY_ORGREL_EXO, partner]), noSide);
    expect(report.side).toBe('exo');
    expect(problems(report)).toEqual([]);
    expect(report.notChecked?.map((n) => n.object)).toEqual(['Fabrikam sharing']);
  });

  it('gives the side of the auth servers from their kind', () => {
    const { side: _s, ...noSide } = CONTEXT;
    expect(check(out([HEALTHY_ACS, HEALTHY_EVOSTS]), noSide).side).toBe('ems');
  });
});

describe('case and formatting', () => {
  it('compares names and values without case, URLs without a trailing slash, "{a, b}" lists as lists', () => {
    const shouted: PsObject = {
      name: 'ON-PREMISES TO O365',
      enabled: 'TRUE',
      domainnames: '{CONTOSO.MAIL.ONMICROSOFT.COM, contoso.onmicrosoft.com}',
      freebusyaccessenabled: '$true',
      freebusyaccesslevel: 'limiteddetails',
      targetapplicationuri: 'OUTLOOK.COM',
      targetautodiscoverepr: 'HTTPS://AUTODISCOVER-S.OUTLOOK.COM/AUTODISCOVER/AUTODISCOVER.SVC/WSSECURITY/',
      targetsharingepr: 'https://outlook.office365.com/ews/exchange.asmx/',
    };
    const report = check(out([shouted]), { ...CONTEXT, tenantRoutingDomain: 'Contoso.Mail.OnMicrosoft.com' });
    expect(report.side).toBe('ems');
    expect(report.results).toHaveLength(7);
    expect(problems(report)).toEqual([]);
    expect(find(report, 'orgrel.onprem.domain-names')?.field).toBe('DomainNames');
  });

  it('reads the date formats Exchange prints', () => {
    const day = (s: string) => parseDate(s)?.date.toISOString().slice(0, 10);
    expect(day('1/15/2029 3:45:12 PM')).toBe('2029-01-15');
    expect(day('15.01.2029 15:45:12')).toBe('2029-01-15');
    expect(day('15/01/2029 15:45:12')).toBe('2029-01-15');
    expect(day('2029-01-15T15:45:12')).toBe('2029-01-15');
    expect(day('Monday, January 15, 2029 3:45:12 PM')).toBe('2029-01-15');
    expect(day('15 January 2029 15:45:12')).toBe('2029-01-15');
    expect(parseDate('03/04/2029')?.alternative?.toISOString().slice(0, 10)).toBe('2029-04-03');
    expect(parseDate('not a date')).toBeUndefined();
  });

  it('warns when a day/month-ambiguous date could be read either side of today', () => {
    const report = check(out([{ ...authCert('EXCH01'), NotAfter: '04/06/2026 10:00:00' }]), EMS);
    expect(find(report, 'authcert.not-after')).toMatchObject({ status: 'warn', why: expect.stringMatching(/read as/) });
  });
});

// ---- end to end: real pastes through the parser ------------------------------------------------

describe('pasted output, parsed and checked', () => {
  const paste = (name: string) => parsePowerShellOutput(readFileSync(join(import.meta.dirname, 'fixtures', 'config', name), 'utf8'), { knownFields: [...CHECKED_FIELDS] });
  const { side: _s, ...noSide } = CONTEXT;
  const summary = (r: ConfigReport) => problems(r).map((p) => [p.checkId, p.status, p.object ?? '', p.actual ?? '']);

  it('passes a healthy on-premises relationship', () => {
    const report = check(paste('onprem-orgrel-healthy.txt'), noSide);
    expect(report).toMatchObject({ cmdlet: 'Get-OrganizationRelationship', side: 'ems' });
    expect(report.results).toHaveLength(9);
    expect(summary(report)).toEqual([]);
  });

  it('reads the EO prefix and finds the Exchange Online relationship pointing at the cloud', () => {
    const report = check(paste('exo-orgrel-eo-prefix.txt'), noSide);
    expect(report.side).toBe('exo');
    expect(summary(report)).toEqual([
      ['orgrel.exo.target-application-uri', 'fail', '', 'outlook.com'],
      ['orgrel.exo.target-autodiscover-epr', 'fail', '', 'https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc/WSSecurity'],
    ]);
  });

  it("finds the outdated row of Exchange Online's federation trust in a table", () => {
    expect(summary(check(paste('exo-federationtrust-outdated.txt'), noSide))).toEqual([
      ['fedtrust.exo.application-identifier', 'fail', 'WindowsLiveId', '292841'],
      ['fedtrust.exo.application-uri', 'fail', 'WindowsLiveId', 'outlook.live.com'],
    ]);
  });

  it('recognises a Get-AuthServer list flattened onto one line', () => {
    const report = check(paste('authserver-flattened.txt'), noSide);
    expect(report).toMatchObject({ cmdlet: 'Get-AuthServer', side: 'ems' });
    expect(report.results.map((r) => r.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('matches roles in a cut -AutoSize table and misses only the absent one', () => {
    expect(summary(check(paste('roles-autosize.txt'), noSide))).toEqual([['approles.meetinggraphapplication', 'warn', '', '(not assigned)']]);
  });

  it('reports the missing application account from the error record', () => {
    const report = check(paste('app-account-missing.txt'), noSide);
    expect(report.cmdlet).toBe('Get-User');
    expect(summary(report)).toEqual([['appaccount.exists', 'fail', '', expect.stringContaining("couldn't be found")]]);
  });

  it('reads an empty (Get-AuthConfig).CurrentCertificateThumbprint as no certificate', () => {
    expect(summary(check(paste('authconfig-no-certificate.txt'), noSide))).toEqual([['authconfig.current-certificate', 'fail', '', '']]);
  });

  it('takes the certificate cmdlet, not Get-ExchangeServer, from the pipeline and finds it expired', () => {
    const report = check(paste('auth-certificate-expired.txt'), noSide);
    expect(report.cmdlet).toBe('Get-ExchangeCertificate');
    expect(summary(report)).toEqual([['authcert.not-after', 'fail', '', '2/14/2026 10:12:45 AM']]);
  });

  it('finds the Default calendar entry of None', () => {
    expect(summary(check(paste('calendar-default-none.txt'), noSide))).toEqual([['calendarperm.default-access', 'fail', 'Calendar', 'None']]);
  });

  it('checks every server of the EWS virtual directories', () => {
    expect(summary(check(paste('ews-vdirs.txt'), { ...noSide, authType: 'oauth' }))).toEqual([
      ['ewsvdir.oauth', 'fail', 'EXCH02\\EWS (Default Web Site)', 'False'],
      ['ewsvdir.internal-methods-oauth', 'fail', 'EXCH02\\EWS (Default Web Site)', 'Ntlm, WindowsIntegrated, WSSecurity'],
      ['ewsvdir.external-methods-oauth', 'fail', 'EXCH02\\EWS (Default Web Site)', 'Ntlm, WindowsIntegrated, WSSecurity'],
    ]);
  });
});
