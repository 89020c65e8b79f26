import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldOf, firstFieldOf, parsePowerShellOutput } from '../src/parse/powershell-output.js';
import type { ParsedOutput, PsObject } from '../src/parse/types.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', 'ps', name), 'utf8');
const parseFixture = (name: string, knownFields?: string[]) => parsePowerShellOutput(fixture(name), knownFields ? { knownFields } : undefined);

/** The object whose `key` field equals `value`, failing the test when there is none. */
function row(out: ParsedOutput, key: string, value: string): PsObject {
  const found = out.objects.find((o) => fieldOf(o, key) === value);
  if (!found) throw new Error(`no object with ${key} = ${value} in ${JSON.stringify(out.objects)}`);
  return found;
}

describe('Format-List', () => {
  it('reads Get-FederationTrust | fl as one object per trust, exposing an outdated trust', () => {
    const out = parseFixture('get-federationtrust-fl.txt');
    expect(out.shape).toBe('list');
    expect(out.command).toBe('Get-FederationTrust');
    expect(out.objects).toEqual([
      { Name: 'WindowsLiveId', ApplicationIdentifier: '260563', ApplicationUri: 'outlook.com', TokenIssuerUri: 'uri:WindowsLiveID' },
      { Name: 'MicrosoftOnline', ApplicationIdentifier: '292841', ApplicationUri: 'outlook.live.com', TokenIssuerUri: 'urn:federation:MicrosoftOnline' },
    ]);
    expect(out.truncated).toBe(false);
  });

  it('keeps the blank lines of a printed certificate inside its value and the object whole (EMS Get-FederationTrust | fl)', () => {
    const out = parseFixture('get-federationtrust-ems-fl.txt');
    expect(out.objects).toHaveLength(1);
    const trust = out.objects[0] as PsObject;
    expect(trust.ApplicationUri).toBe('FYDIBOHF25SPDLT.contoso.com');
    expect(trust.AdminDisplayName).toBeNull();
    expect(trust.OrgCertificate).toContain('[Not After]\n3/14/2026 9:12:44 AM\n\n[Thumbprint]\n5F4E3D2C1B0A99887766554433221100FFEEDDCC');
    expect(trust.OrgNextCertificate).toBeNull();
    expect(trust.OrgPrivCertificate).toBe('5F4E3D2C1B0A99887766554433221100FFEEDDCC');
    expect(trust.TokenIssuerCertificate).toMatch(/^\[Subject\]\nCN=MicrosoftOnline\n\n\[Issuer\]/);
    expect(trust.TokenIssuerEpr).toBe('https://login.microsoftonline.com/extSTS.srf');
    expect(trust.ObjectClass).toEqual(['top', 'msExchFedTrust']);
    expect(trust.ObjectState).toBe('Unchanged');
  });

  it('reads two organization relationships with their multi-valued DomainNames and empty values as null', () => {
    const out = parseFixture('get-organizationrelationship-fl.txt');
    expect(out.objects).toHaveLength(2);
    const [cloud, fabrikam] = out.objects as [PsObject, PsObject];
    expect(cloud.DomainNames).toEqual(['contoso.mail.onmicrosoft.com', 'contoso.com']);
    expect(cloud.TargetSharingEpr).toBeNull();
    expect(cloud.FreeBusyAccessScope).toBeNull();
    expect(cloud.TargetAutodiscoverEpr).toBe('https://autodiscover.contoso.com/autodiscover/autodiscover.svc/WSSecurity');
    expect(cloud.Identity).toBe('O365 to On-premises - 5c0e1a2b-3d4f-4a6b-8c9d-0e1f2a3b4c5d');
    expect(fabrikam.DomainNames).toEqual(['fabrikam.com']);
    expect(fabrikam.TargetSharingEpr).toBe('https://mail.fabrikam.com/EWS/Exchange.asmx');
    expect(fabrikam.Enabled).toBe('False');
  });

  it('reads an empty value as null and {} as an empty list', () => {
    const out = parseFixture('get-mailbox-immutableid-fl.txt');
    expect(out.objects).toEqual([{ UserPrincipalName: 'megan@contoso.com', ImmutableId: null }]);
    const cert = parseFixture('get-exchangecertificate-fl.txt').objects[0] as PsObject;
    expect(cert.CertificateDomains).toEqual([]);
    expect(cert.Thumbprint).toBe('1A39741F8DF58D4821567DD8F899B27410F7C096');
    expect(cert.NotAfter).toBe('1/10/2030 10:20:31 AM');
    expect(cert.Services).toBe('SMTP');
  });

  it('marks a list cut by $FormatEnumerationLimit as truncated and keeps the items shown', () => {
    const out = parseFixture('get-mailbox-emailaddresses-fl.txt');
    expect(out.truncated).toBe(true);
    expect(out.objects[0]?.EmailAddresses).toEqual([
      'SMTP:megan@contoso.com',
      'smtp:megan.bowen@contoso.com',
      'SIP:megan@contoso.com',
      'SPO:SPO_4f3e2d1c-0b9a-8c7d-6e5f-4a3b2c1d0e9f@SPO_3c5e8f0a-2b1d-4e7f-9a6c-0d1e2f3a4b5c',
    ]);
  });

  it('rejoins a list wrapped over lines when the enumeration limit was lifted', () => {
    const raw = [
      'Role                    : Mailbox Server Role',
      'RequiredServicesRunning : True',
      'ServicesRunning         : {IISAdmin, MSExchangeADTopology, MSExchangeDelivery, MSExchangeFastSearch, MSExchangeHM,',
      '                          MSExchangeIS, MSExchangeMailboxAssistants, MSExchangeMailboxReplication, MSExchangeRepl,',
      '                          MSExchangeRPC, MSExchangeServiceHost, W3Svc, WinRM}',
      'ServicesNotRunning      : {}',
    ].join('\n');
    const out = parsePowerShellOutput(raw);
    expect(out.truncated).toBe(false);
    const running = out.objects[0]?.ServicesRunning;
    expect(running).toHaveLength(13);
    expect(running).toContain('MSExchangeIS');
    expect(running).toContain('W3Svc');
    expect(out.objects[0]?.ServicesNotRunning).toEqual([]);
  });

  it('keeps the full multi-line Detail of Test-OAuthConnectivity, with VERBOSE lines set apart', () => {
    const out = parseFixture('test-oauthconnectivity-fl.txt');
    expect(out.shape).toBe('list');
    expect(out.command).toBe('Test-OAuthConnectivity');
    expect(out.objects).toHaveLength(1);
    const result = out.objects[0] as PsObject;
    expect(result.Task).toBe('Checking EWS API Call Under Oauth');
    expect(result.ResultType).toBe('Error');
    expect(result.Identity).toBe('Microsoft.Exchange.Security.OAuth.ValidationResultNodeId');
    const detail = String(result.Detail);
    expect(detail.split('\n')).toHaveLength(16);
    expect(detail).toMatch(/^The configuration was last successfully loaded/);
    expect(detail).toContain("[Reason - The key was not found., Thumbprint of key used by client: '1A39741F8DF58D4821567DD8F899B27410F7C096']");
    expect(detail).toContain('System.Net.WebException: The remote server returned an error: (401) Unauthorized.');
    expect(detail).toMatch(/Boolean reloadConfig\)$/);
    expect(out.verbose).toHaveLength(4);
    expect(out.verbose[0]).toMatch(/^\[10:16:34\.826 GMT\] Test-OAuthConnectivity : Active Directory session settings/);
    expect(out.text).toContain('VERBOSE: [10:16:36.123 GMT] Test-OAuthConnectivity : Ending processing');
  });

  it('reads a value that starts on the line after its name', () => {
    const raw = 'Task   : Checking EWS API Call Under Oauth\nDetail :\n         The token cache is being cleared.\n         Exchange Outbound Oauth Log:\n         Unable to get token from Auth Server.\nResultType : Error';
    expect(parsePowerShellOutput(raw).objects[0]?.Detail).toBe('The token cache is being cleared.\nExchange Outbound Oauth Log:\nUnable to get token from Auth Server.');
  });

  it('rejoins a base64 value the console cut at its width, without inventing line breaks', () => {
    const raw = fixture('get-msolserviceprincipalcredential-fl.txt');
    const expected = raw
      .split('\n')
      .filter((l, i, all) => l.startsWith('Value     : MII') || (/^ {12}\S+$/.test(l) && all.slice(0, i).some((p) => p.startsWith('Value     : MII'))))
      .map((l) => l.replace(/^Value {5}: /, '').trim())
      .join('');
    const out = parsePowerShellOutput(raw);
    expect(out.objects).toHaveLength(2);
    const [current, old] = out.objects as [PsObject, PsObject];
    expect(current.Value).toBe(expected);
    expect(current.Value).toMatch(/^MIIDHj[A-Za-z0-9+/]{300,}=*$/);
    expect(current.EndDate).toBe('1/10/2030 10:20:31 AM');
    expect(old.Value).toBeNull();
    expect(old.KeyId).toBe('0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f');
  });

  it('reads three rooms of Get-MailboxCalendarConfiguration, one per block', () => {
    const out = parseFixture('get-mailboxcalendarconfiguration-fl.txt');
    expect(out.command).toBe('Get-DistributionGroupMember');
    expect(out.objects.map((o) => o.Identity)).toEqual(['Room 101', 'Room 102', 'Boardroom']);
    expect(row(out, 'Identity', 'Room 102').WorkingHoursTimeZone).toBeNull();
    expect(row(out, 'Identity', 'Boardroom')).toMatchObject({ WorkingHoursStartTime: '18:00:00', WorkingHoursEndTime: '08:00:00' });
  });

  it('reads Test-ServiceHealth roles with the running and stopped service lists', () => {
    const out = parseFixture('test-servicehealth.txt');
    expect(out.objects).toHaveLength(2);
    const cas = row(out, 'Role', 'Client Access Server Role');
    expect(cas.RequiredServicesRunning).toBe('False');
    expect(cas.ServicesNotRunning).toEqual(['W3Svc']);
    expect(row(out, 'Role', 'Mailbox Server Role').ServicesNotRunning).toEqual([]);
    expect(out.truncated).toBe(true);
  });

  it('starts a new object when a name repeats although the blank line between objects was lost', () => {
    const raw = 'Identity : Room 101\nWorkingHoursStartTime : 08:00:00\nIdentity : Room 102\nWorkingHoursStartTime : 09:00:00';
    expect(parsePowerShellOutput(raw).objects).toEqual([
      { Identity: 'Room 101', WorkingHoursStartTime: '08:00:00' },
      { Identity: 'Room 102', WorkingHoursStartTime: '09:00:00' },
    ]);
  });

  it('reads a Markdown-indented block whose first line lost its indentation to the paste cleaner', () => {
    const raw = [
      '   ```Output',
      '   Name : WindowsAzureACS',
      '   IssuerIdentifier : 00000001-0000-0000-c000-000000000000',
      '   TokenIssuingEndpoint : https://accounts.accesscontrol.windows.net/XXXXXXXX-5045-4d00-a59a-c7896ef052a1/tokens/OAuth/2',
      '   AuthMetadataUrl : https://accounts.accesscontrol.windows.net/contoso.com/metadata/json/1',
      '   Enabled : True',
      '   ```',
    ].join('\n');
    const out = parsePowerShellOutput(raw);
    expect(out.objects).toEqual([
      {
        Name: 'WindowsAzureACS',
        IssuerIdentifier: '00000001-0000-0000-c000-000000000000',
        TokenIssuingEndpoint: 'https://accounts.accesscontrol.windows.net/XXXXXXXX-5045-4d00-a59a-c7896ef052a1/tokens/OAuth/2',
        AuthMetadataUrl: 'https://accounts.accesscontrol.windows.net/contoso.com/metadata/json/1',
        Enabled: 'True',
      },
    ]);
  });

  it('accepts a calculated property name with spaces when its colon lines up with the block', () => {
    const raw = 'ApplicationUri     : FYDIBOHF25SPDLT.contoso.com\nOrg Cert NotAfter  : 3/14/2026 9:12:44 AM\nTokenIssuerUri     : urn:federation:MicrosoftOnline';
    expect(parsePowerShellOutput(raw).objects[0]).toEqual({
      ApplicationUri: 'FYDIBOHF25SPDLT.contoso.com',
      'Org Cert NotAfter': '3/14/2026 9:12:44 AM',
      TokenIssuerUri: 'urn:federation:MicrosoftOnline',
    });
  });

  it('marks a scalar value ending in ... as truncated and keeps what is there', () => {
    const out = parsePowerShellOutput('Description : The remote organization relationship has an incorrect value for the property Targ...');
    expect(out.truncated).toBe(true);
    expect(out.objects[0]?.Description).toBe('The remote organization relationship has an incorrect value for the property Targ...');
  });

  it('splits list items at top-level commas only (Invoke-WebRequest headers)', () => {
    const out = parseFixture('invoke-webrequest-fl.txt');
    const response = out.objects[0] as PsObject;
    expect(response.StatusCode).toBe('200');
    expect(response.Headers).toEqual([
      '[request-id, 0b9a8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d]',
      '[X-CalculatedBETarget, ex01.contoso.local]',
      '[X-DiagInfo, EX01]',
      '[X-BEServer, EX01]',
    ]);
    expect(String(response.RawContent).split('\n')).toContain('Server: Microsoft-IIS/10.0');
    expect(response.Forms).toEqual([]);
    expect(out.verbose).toEqual([
      'GET https://mail.contoso.com/autodiscover/autodiscover.svc with 0-byte payload',
      'received 1035-byte response of content type text/html; charset=UTF-8',
    ]);
    expect(out.truncated).toBe(true);
  });
});

describe('Format-Table', () => {
  it('reads the WindowsLiveId and MicrosoftOnline rows of Get-FederationTrust', () => {
    const out = parseFixture('get-federationtrust-table.txt');
    expect(out.shape).toBe('table');
    expect(out.command).toBe('Get-FederationTrust');
    expect(row(out, 'Name', 'WindowsLiveId').ApplicationIdentifier).toBe('260563');
    expect(row(out, 'Name', 'MicrosoftOnline')).toEqual({ Name: 'MicrosoftOnline', ApplicationIdentifier: '260563', ApplicationUri: 'outlook.com' });
  });

  it('cuts Get-MailboxFolderPermission by the dash row, keeping names with spaces and reading {x} as a list', () => {
    const out = parseFixture('get-mailboxfolderpermission.txt');
    expect(out.objects).toEqual([
      { FolderName: 'Calendar', User: 'Default', AccessRights: ['None'], SharingPermissionFlags: null },
      { FolderName: 'Calendar', User: 'Anonymous', AccessRights: ['None'], SharingPermissionFlags: null },
      { FolderName: 'Calendar', User: 'Megan Bowen', AccessRights: ['Editor'], SharingPermissionFlags: 'Delegate' },
    ]);
  });

  it('reads every component of Get-ServerComponentState', () => {
    const out = parseFixture('get-servercomponentstate.txt');
    expect(out.objects).toHaveLength(26);
    expect(row(out, 'Component', 'EwsProxy')).toEqual({ Server: 'EX01.contoso.local', Component: 'EwsProxy', State: 'Inactive' });
    expect(out.objects.filter((o) => o.State === 'Inactive').map((o) => o.Component)).toEqual([
      'EwsProxy',
      'ForwardSyncDaemon',
      'ProvisioningRps',
      'EdgeTransport',
    ]);
  });

  it('reads the -AutoSize role assignment table, whose Name and Role values hold spaces', () => {
    const out = parseFixture('get-managementroleassignment-ft.txt');
    expect(out.objects.map((o) => o.Role)).toEqual([
      'UserApplication',
      'ArchiveApplication',
      'LegalHoldApplication',
      'Mailbox Search',
      'TeamMailboxLifecycleApplication',
      'MailboxSearchApplication',
      'MeetingGraphApplication',
    ]);
    expect(row(out, 'Role', 'Mailbox Search').Name).toBe('Mailbox Search-Exchange Online-ApplicationAccount');
  });

  it('reads the role assignments as Format-List too', () => {
    const out = parseFixture('get-managementroleassignment-fl.txt');
    expect(out.shape).toBe('list');
    expect(out.objects).toHaveLength(5);
    expect(out.objects[3]).toEqual({ Name: 'Mailbox Search-Exchange Online-ApplicationAccount', Role: 'Mailbox Search' });
  });

  it('reads New-ExchangeCertificate after its confirmation prompt, and service flags are not a cut value', () => {
    const out = parseFixture('new-exchangecertificate.txt');
    expect(out.shape).toBe('table');
    expect(out.objects).toEqual([{ Thumbprint: '1A39741F8DF58D4821567DD8F899B27410F7C096', Services: '....S..', Subject: 'CN=Microsoft Exchange Server Auth Certificate' }]);
    expect(out.truncated).toBe(false);
    expect(out.text).toContain('Overwrite the existing default SMTP certificate?');
  });

  it('marks cut columns of Test-FederationTrustCertificate and Get-Mailbox as truncated', () => {
    const certs = parseFixture('test-federationtrustcertificate.txt');
    expect(certs.truncated).toBe(true);
    expect(row(certs, 'Server', 'EX02')).toEqual({
      Site: 'contoso.local/Configuration/Sites/Default-Fir...',
      Server: 'EX02',
      State: 'NotInstalled',
      Thumbprint: '5F4E3D2C1B0A99887766554433221100FFEEDDCC',
    });
    const mailbox = parseFixture('get-mailbox-table.txt');
    expect(mailbox.truncated).toBe(true);
    expect(mailbox.objects[0]).toMatchObject({ Name: 'Megan Bowen', ProhibitSendQuota: '99 GB (106,300,4...', ExternalDirectoryObjectId: '4f3e2d1c-0b9a-8c7d-6e5f-4a3b2c1d0e9f' });
  });

  it('reads Test-FederationTrust as a table between VERBOSE lines, last column cut at the console width', () => {
    const out = parseFixture('test-federationtrust-table.txt');
    expect(out.shape).toBe('table');
    expect(out.objects).toHaveLength(7);
    expect(out.objects.filter((o) => o.Type === 'Error').map((o) => o.Id)).toEqual(['TokenRequest', 'TokenValidation']);
    expect(row(out, 'Id', 'TokenRequest').Message).toBe('Failed to request delegation token.');
    expect(out.truncated).toBe(true);
    expect(out.verbose).toHaveLength(5);
  });

  it('reads ft output with a value holding spaces in a middle column (Get-WebServicesVirtualDirectory)', () => {
    const out = parseFixture('get-webservicesvirtualdirectory-ft.txt');
    expect(row(out, 'Server', 'EX02')).toEqual({
      Server: 'EX02',
      Name: 'EWS (Default Web Site)',
      WSSecurityAuthentication: 'False',
      OAuthAuthentication: 'True',
      ExternalUrl: 'https://mail.contoso.com/EWS/Exchange.asmx',
    });
  });

  it('reads Get-RemoteMailbox | ft UserPrincipalName,ImmutableId and Get-User found', () => {
    expect(parseFixture('get-remotemailbox-ft.txt').objects).toEqual([{ UserPrincipalName: 'megan@contoso.com', ImmutableId: 'XGuNpVunD0afQeVNfyoUIQ==' }]);
    const user = parseFixture('get-user-table.txt');
    expect(user.objects).toEqual([{ Name: 'Exchange Online-ApplicationAccount', RecipientType: 'User' }]);
    expect(user.errors).toEqual([]);
  });

  it('deals the words of a table whose padding was collapsed to single spaces', () => {
    const raw = [
      'FolderName User AccessRights SharingPermissionFlags',
      '---------- ---- ------------ ----------------------',
      'Calendar Default {AvailabilityOnly}',
      'Calendar Anonymous {None}',
    ].join('\n');
    const out = parsePowerShellOutput(raw);
    expect(out.shape).toBe('table');
    expect(out.objects).toEqual([
      { FolderName: 'Calendar', User: 'Default', AccessRights: ['AvailabilityOnly'], SharingPermissionFlags: null },
      { FolderName: 'Calendar', User: 'Anonymous', AccessRights: ['None'], SharingPermissionFlags: null },
    ]);
    const trust = parsePowerShellOutput('Name ApplicationIdentifier ApplicationUri\n---- --------------------- --------------\nWindowsLiveId 260563 outlook.com');
    expect(trust.objects).toEqual([{ Name: 'WindowsLiveId', ApplicationIdentifier: '260563', ApplicationUri: 'outlook.com' }]);
  });

  it('gives the spaces of a collapsed row to the last column, the one place they can still go', () => {
    const out = parsePowerShellOutput('Id Type Message\n-- ---- -------\nTokenRequest Error Failed to request delegation token.');
    expect(out.objects).toEqual([{ Id: 'TokenRequest', Type: 'Error', Message: 'Failed to request delegation token.' }]);
  });

  it('reads a table flattened onto one line when the words fill whole rows', () => {
    const out = parsePowerShellOutput(
      'Name ApplicationIdentifier ApplicationUri ---- --------------------- -------------- WindowsLiveId 260563 outlook.com MicrosoftOnline 292841 outlook.live.com',
    );
    expect(out.shape).toBe('table');
    expect(out.objects).toEqual([
      { Name: 'WindowsLiveId', ApplicationIdentifier: '260563', ApplicationUri: 'outlook.com' },
      { Name: 'MicrosoftOnline', ApplicationIdentifier: '292841', ApplicationUri: 'outlook.live.com' },
    ]);
  });

  it('reads the column seed 002 pasted one cell per code block', () => {
    const raw = ['```', 'Role', '```', '', '```', '----', '```', '', '```', 'UserApplication', '```', '', '```', 'Mailbox Search', '```', '', '```', 'MeetingGraphApplication', '```', '', '3) If user not present on Partner Application, follow these steps:'].join('\n');
    const out = parsePowerShellOutput(raw);
    expect(out.objects).toEqual([{ Role: 'UserApplication' }, { Role: 'Mailbox Search' }, { Role: 'MeetingGraphApplication' }]);
  });

  it('keeps the whole row when the Role header was lost from an -AutoSize paste (seed 002)', () => {
    const raw = 'Name\n----\nUserApplication-Exchange Online-ApplicationAccount      UserApplication\nMailbox Search-Exchange Online-ApplicationAccount       Mailbox Search';
    const out = parsePowerShellOutput(raw);
    expect(out.objects.map((o) => o.Name)).toEqual([
      'UserApplication-Exchange Online-ApplicationAccount      UserApplication',
      'Mailbox Search-Exchange Online-ApplicationAccount       Mailbox Search',
    ]);
    expect(out.text).toContain('Mailbox Search');
  });

  it('reads PowerShell 7 tables: ANSI-coloured headers and the … ellipsis', () => {
    const raw = '\u001b[32;1mServer             Component         State\u001b[0m\n\u001b[32;1m------             ---------         -----\u001b[0m\nEX01.contoso.local EwsProxy          Inactive\nEX02.contoso.loc…  AutoDiscoverProxy Active';
    const out = parsePowerShellOutput(raw);
    expect(out.objects).toEqual([
      { Server: 'EX01.contoso.local', Component: 'EwsProxy', State: 'Inactive' },
      { Server: 'EX02.contoso.loc…', Component: 'AutoDiscoverProxy', State: 'Active' },
    ]);
    expect(out.truncated).toBe(true);
  });

  it('does not take a Markdown heading over a rule for a table', () => {
    for (const raw of ['Resolution\n---\nRun the Hybrid Configuration Wizard again.', 'Resolution\n----------\nRun the Hybrid Configuration Wizard again.']) {
      const out = parsePowerShellOutput(raw);
      expect(out.objects).toEqual([]);
      expect(out.shape).toBe('text');
    }
  });
});

describe('bare values', () => {
  it('reads (Get-AuthConfig).CurrentCertificateThumbprint', () => {
    const out = parsePowerShellOutput('[PS] C:\\Windows\\system32>(Get-AuthConfig).CurrentCertificateThumbprint\n1A39741F8DF58D4821567DD8F899B27410F7C096\n[PS] C:\\Windows\\system32>');
    expect(out.shape).toBe('values');
    expect(out.command).toBe('Get-AuthConfig');
    expect(out.values).toEqual(['1A39741F8DF58D4821567DD8F899B27410F7C096']);
    expect(out.objects).toEqual([]);
  });

  it('reads an empty property expression as empty output of its command', () => {
    const out = parsePowerShellOutput('[PS] C:\\Windows\\system32>(Get-AuthConfig).CurrentCertificateThumbprint\n\n[PS] C:\\Windows\\system32>');
    expect(out.shape).toBe('empty');
    expect(out.command).toBe('Get-AuthConfig');
    expect(out.values).toEqual([]);
  });

  it('reads (Get-PartnerApplication).LinkedAccount, a path with spaces', () => {
    const out = parsePowerShellOutput('[PS] C:\\Windows\\system32>(Get-PartnerApplication).LinkedAccount\ncontoso.local/Users/Exchange Online-ApplicationAccount');
    expect(out.shape).toBe('values');
    expect(out.values).toEqual(['contoso.local/Users/Exchange Online-ApplicationAccount']);
    expect(parsePowerShellOutput('contoso.local/Users/Exchange Online-ApplicationAccount').values).toEqual(['contoso.local/Users/Exchange Online-ApplicationAccount']);
  });

  it('reads one domain per line from (Get-IntraOrganizationConfiguration).OnPremiseTargetAddresses', () => {
    const out = parsePowerShellOutput('PS C:\\> (Get-IntraOrganizationConfiguration).OnPremiseTargetAddresses\ncontoso.com\nfabrikam.com\ncontoso.ro\n');
    expect(out.shape).toBe('values');
    expect(out.command).toBe('Get-IntraOrganizationConfiguration');
    expect(out.values).toEqual(['contoso.com', 'fabrikam.com', 'contoso.ro']);
  });

  it('reads (Get-FederatedOrganizationIdentifier).Domains after an introduction line', () => {
    const out = parsePowerShellOutput('Here is what it printed:\ncontoso.com\nfabrikam.com');
    expect(out.shape).toBe('values');
    expect(out.values).toEqual(['contoso.com', 'fabrikam.com']);
  });

  it('takes a plain word as a value only after a property expression', () => {
    const expr = parsePowerShellOutput('PS C:\\> (Get-MailboxFolderPermission room101@contoso.com:\\Calendar -User Default).AccessRights\nAvailabilityOnly');
    expect(expr.values).toEqual(['AvailabilityOnly']);
    const alone = parsePowerShellOutput('AvailabilityOnly');
    expect(alone.shape).toBe('text');
    expect(alone.values).toEqual([]);
  });
});

describe('error records', () => {
  it('reads the ImmutableId FormatException of Test-OrganizationRelationship, message wrapped over two lines', () => {
    const out = parseFixture('test-organizationrelationship-immutableid.txt');
    expect(out.shape).toBe('error');
    expect(out.objects).toEqual([]);
    expect(out.errors).toEqual([
      {
        message:
          'The email address "XGuNpVunD0afQeVNfyoUIQ==" isn\'t correct. Please use this format: user name, the @ sign, followed by the domain name. For example, tonysmith@contoso.com or tony.smith@contoso.com.',
        cmdlet: 'Test-OrganizationRelationship',
        category: 'NotSpecified',
        exceptionType: 'FormatException',
        fullyQualifiedErrorId:
          '[Server=CH2PR04MB6872,RequestId=4a7b9c1d-2e3f-4051-8617-92a3b4c5d6e7,TimeStamp=1/10/2025 12:14:55 PM] [FailureCategory=Cmdlet-FormatException] 3B6C2D7E,Microsoft.Exchange.Management.SystemConfigurationTasks.TestOrganizationRelationship',
      },
    ]);
    expect(out.verbose).toEqual(['Retrieving the delegation token for megan@contoso.com.']);
  });

  it('rejoins a CategoryInfo the paste broke inside the cmdlet name (seed 002)', () => {
    const raw = '*The email address "XGuNpVunD0afQeVNfyoUIQ==" isn\'t correct.*\n\n```\n+ CategoryInfo          : NotSpecified: (:) [Test-  \nOrganizationRelationship], FormatException\n```';
    const out = parsePowerShellOutput(raw);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toMatchObject({ cmdlet: 'Test-OrganizationRelationship', exceptionType: 'FormatException', category: 'NotSpecified' });
  });

  it('reads Get-User not found, rejoining the FullyQualifiedErrorId the console wrapped', () => {
    const out = parseFixture('get-user-error.txt');
    expect(out.shape).toBe('error');
    expect(out.errors).toEqual([
      {
        message: "The operation couldn't be performed because object 'Exchange Online-ApplicationAccount' couldn't be found on 'DC01.contoso.local'.",
        cmdlet: 'Get-User',
        category: 'NotSpecified',
        exceptionType: 'ManagementObjectNotFoundException',
        fullyQualifiedErrorId:
          '[Server=EX01,RequestId=8c2d4e6f-1a3b-4c5d-8e9f-0a1b2c3d4e5f,TimeStamp=1/10/2025 10:31:02 AM] [FailureCategory=Cmdlet-ManagementObjectNotFoundException] 8F4B2C1D,Microsoft.Exchange.Management.RecipientTasks.GetUser',
      },
    ]);
  });

  it('reads the 405 of Get-FederationInformation (E38)', () => {
    const out = parseFixture('get-federationinformation-error.txt');
    expect(out.errors[0]).toMatchObject({
      message: 'Federation Information could not be received from the external organization.',
      cmdlet: 'Get-FederationInformation',
      exceptionType: 'GetFederationInformationFailedException',
    });
  });

  it('reads a local Windows PowerShell error: "Cmdlet : message", position and echoed command', () => {
    const out = parseFixture('invoke-webrequest-error.txt');
    expect(out.shape).toBe('error');
    expect(out.truncated).toBe(false);
    expect(out.errors).toEqual([
      {
        message: 'The remote server returned an error: (401) Unauthorized.',
        cmdlet: 'Invoke-WebRequest',
        category: 'InvalidOperation',
        exceptionType: 'WebException',
        fullyQualifiedErrorId: 'WebCmdletWebResponseException,Microsoft.PowerShell.Commands.InvokeWebRequestCommand',
      },
    ]);
  });

  it('reads the Write-ErrorMessage form of Exchange Online cmdlets, taking the cmdlet from CategoryInfo', () => {
    const raw = [
      'PS C:\\> Get-Mailbox nobody@contoso.com',
      "Write-ErrorMessage : Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object 'nobody@contoso.com' couldn't be found on 'NAMPR01A001.PROD.OUTLOOK.COM'.",
      'At C:\\Users\\admin\\AppData\\Local\\Temp\\tmpEXO_4kq1vw2a.ytd\\tmpEXO_4kq1vw2a.ytd.psm1:1204 char:13',
      '+             Write-ErrorMessage $ErrorObject',
      '+             ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~',
      '    + CategoryInfo          : NotSpecified: (:) [Get-Mailbox], ManagementObjectNotFoundException',
      '    + FullyQualifiedErrorId : [Server=BN8PR01MB5412,RequestId=2b1c9d8e-7f6a-4b5c-9d0e-1f2a3b4c5d6e,TimeStamp=1/10/2025 9:55:41 AM] [FailureCategory=Cmdlet-ManagementObjectNotFoundException] 5F1A2B3C,Microsoft.Exchange.Management.RecipientTasks.GetMailbox',
    ].join('\n');
    const out = parsePowerShellOutput(raw);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toMatchObject({
      message: "The operation couldn't be performed because object 'nobody@contoso.com' couldn't be found on 'NAMPR01A001.PROD.OUTLOOK.COM'.",
      cmdlet: 'Get-Mailbox',
      exceptionType: 'ManagementObjectNotFoundException',
    });
  });

  it('reads Write-ErrorMessage alone, with the exception type from between the bars', () => {
    const out = parsePowerShellOutput("Write-ErrorMessage : |Microsoft.Exchange.Management.Tasks.ThrottlingException|The request was throttled.");
    expect(out.shape).toBe('error');
    expect(out.errors).toEqual([{ message: 'The request was throttled.', exceptionType: 'ThrottlingException' }]);
  });

  it("reads PowerShell 7's concise error line", () => {
    const out = parsePowerShellOutput("PS /home/admin> Get-Mailbox nobody\nGet-Mailbox: The operation couldn't be performed because object 'nobody' couldn't be found on 'NAMPR01A001.PROD.OUTLOOK.COM'.");
    expect(out.command).toBe('Get-Mailbox');
    expect(out.errors).toEqual([{ message: "The operation couldn't be performed because object 'nobody' couldn't be found on 'NAMPR01A001.PROD.OUTLOOK.COM'.", cmdlet: 'Get-Mailbox' }]);
  });

  it("reads PowerShell 7's error view with a Line | block", () => {
    const raw = ['Get-Mailbox:', 'Line |', '   2 |  Get-Mailbox -Identity nobody', '     |  ~~~~~~~~~~~~~~~~~~~~~~~~~~~~', "     | The operation couldn't be performed because object 'nobody' couldn't be found."].join('\n');
    expect(parsePowerShellOutput(raw).errors).toEqual([{ message: "The operation couldn't be performed because object 'nobody' couldn't be found.", cmdlet: 'Get-Mailbox' }]);
  });

  it('keeps objects and errors when a pipeline printed both', () => {
    const raw = [
      "[PS] C:\\Windows\\system32>Get-ExchangeServer | % { Get-ExchangeCertificate -Server $_.Name -Thumbprint (Get-AuthConfig).CurrentCertificateThumbprint } | fl Identity,Thumbprint,NotAfter",
      '',
      'Identity   : EX01.contoso.local\\1A39741F8DF58D4821567DD8F899B27410F7C096',
      'Thumbprint : 1A39741F8DF58D4821567DD8F899B27410F7C096',
      'NotAfter   : 1/10/2030 10:20:31 AM',
      '',
      "The certificate with thumbprint 1A39741F8DF58D4821567DD8F899B27410F7C096 was not found on server 'EX02'.",
      '    + CategoryInfo          : NotSpecified: (:) [Get-ExchangeCertificate], ArgumentException',
      '    + FullyQualifiedErrorId : [Server=EX01,RequestId=1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f,TimeStamp=1/10/2025 11:20:00 AM] [FailureCategory=Cmdlet-ArgumentException] 9A8B7C6D,Microsoft.Exchange.Management.SystemConfigurationTasks.GetExchangeCertificate',
      '    + PSComputerName        : ex01.contoso.local',
    ].join('\n');
    const out = parsePowerShellOutput(raw);
    expect(out.shape).toBe('list');
    expect(out.command).toBe('Get-ExchangeServer');
    expect(out.objects).toEqual([
      { Identity: 'EX01.contoso.local\\1A39741F8DF58D4821567DD8F899B27410F7C096', Thumbprint: '1A39741F8DF58D4821567DD8F899B27410F7C096', NotAfter: '1/10/2030 10:20:31 AM' },
    ]);
    expect(out.errors).toEqual([expect.objectContaining({ cmdlet: 'Get-ExchangeCertificate', exceptionType: 'ArgumentException' })]);
  });

  it('does not make an error record out of a bare exception message', () => {
    const out = parsePowerShellOutput('System.Net.WebException: The remote server returned an error: (401) Unauthorized.');
    expect(out.errors).toEqual([]);
    expect(out.shape).toBe('text');
  });
});

describe('streams, prompts and Test-* output', () => {
  it('takes the command from EMS, Windows PowerShell, PowerShell 7 and remote-session prompts', () => {
    expect(parsePowerShellOutput('[PS] C:\\Windows\\system32>Get-FederationTrust | fl\n\nName : x').command).toBe('Get-FederationTrust');
    expect(parsePowerShellOutput('PS C:\\> Get-AuthServer | Format-List Name,IssuerIdentifier\n\nName : x').command).toBe('Get-AuthServer');
    expect(parsePowerShellOutput('PS /home/admin> Test-OAuthConnectivity -Service EWS -TargetUri https://mail.contoso.com/ews/exchange.asmx -Mailbox megan@contoso.com\n').command).toBe('Test-OAuthConnectivity');
    expect(parsePowerShellOutput('[ex01.contoso.local]: PS C:\\Users\\admin\\Documents> Get-AuthConfig | fl CurrentCertificateThumbprint\n\nCurrentCertificateThumbprint : 1A39741F8DF58D4821567DD8F899B27410F7C096').command).toBe('Get-AuthConfig');
  });

  it('strips prompt lines from the data and keeps the first command of several', () => {
    const raw = '[PS] C:\\>Get-AuthServer | fl Name,Enabled\n\nName    : WindowsAzureACS\nEnabled : True\n\n[PS] C:\\>Get-PartnerApplication | fl Name,Enabled\n\nName    : Exchange Online\nEnabled : True\n\n[PS] C:\\>';
    const out = parsePowerShellOutput(raw);
    expect(out.command).toBe('Get-AuthServer');
    expect(out.objects).toEqual([
      { Name: 'WindowsAzureACS', Enabled: 'True' },
      { Name: 'Exchange Online', Enabled: 'True' },
    ]);
  });

  it('takes the command from a command line pasted without its prompt, but not from a sentence', () => {
    expect(parsePowerShellOutput('Get-FederationTrust | fl\n\nName : WindowsLiveId').command).toBe('Get-FederationTrust');
    expect(parsePowerShellOutput('Get-User "Exchange Online-ApplicationAccount"\n\nName  RecipientType\n----  -------------\nx     User').command).toBe('Get-User');
    const prose = parsePowerShellOutput('Get-FederationTrust shows two trusts, is that right?');
    expect(prose.command).toBeUndefined();
    expect(prose.shape).toBe('text');
  });

  it('sets WARNING lines apart (Set-AuthConfig) and keeps them out of the objects', () => {
    const raw =
      '[PS] C:\\Windows\\system32>Set-AuthConfig -NewCertificateThumbprint 1A39741F8DF58D4821567DD8F899B27410F7C096 -NewCertificateEffectiveDate $a\n' +
      'WARNING: The certificate effective date is less than 48 hours in the future. Some servers might not be able to use the new certificate until it is published on all servers.';
    const out = parsePowerShellOutput(raw);
    expect(out.shape).toBe('text');
    expect(out.command).toBe('Set-AuthConfig');
    expect(out.warnings).toEqual([
      'The certificate effective date is less than 48 hours in the future. Some servers might not be able to use the new certificate until it is published on all servers.',
    ]);
    expect(out.objects).toEqual([]);
  });

  it('reads the warnings of Get-FederatedOrganizationIdentifier next to its object (E05)', () => {
    const out = parseFixture('get-federatedorganizationidentifier-fl.txt');
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toContain("isn't installed on server EX02.contoso.local");
    expect(out.objects[0]?.Domains).toEqual(['contoso.com', 'fabrikam.com', 'contoso.ro']);
    expect(out.objects[0]?.AccountNamespace).toBe('FYDIBOHF25SPDLT.contoso.com');
  });

  it('keeps the STEP and RESULT lines of on-premises Test-OrganizationRelationship in the text', () => {
    const out = parseFixture('test-organizationrelationship-verbose.txt');
    expect(out.shape).toBe('text');
    expect(out.objects).toEqual([]);
    expect(out.values).toEqual([]);
    expect(out.verbose).toHaveLength(3);
    expect(out.text).toContain('STEP 1: Get the delegation token from the federation trust for user admin@contoso.com.\nRESULT: Error');
    expect(out.text).toContain("Timeout occurred during 'Waiting-For-Request-Completion'.");
  });

  it('reads the result objects Exchange Online Test-OrganizationRelationship prints', () => {
    const out = parseFixture('test-organizationrelationship-exo.txt');
    expect(out.objects).toHaveLength(2);
    expect(row(out, 'Status', 'Error')).toMatchObject({ Id: 'MismatchedFederation', Identity: null });
    expect(out.verbose).toHaveLength(1);
  });

  it('reads Test-FederationTrust | fl Type,Id,Message', () => {
    const out = parseFixture('test-federationtrust-fl.txt');
    expect(out.objects).toHaveLength(4);
    expect(out.objects.map((o) => `${String(o.Id)}=${String(o.Type)}`)).toEqual([
      'FederationTrustConfiguration=Success',
      'FederationMetadata=Success',
      'TokenRequest=Error',
      'TokenValidation=Error',
    ]);
  });

  it('reads Test-MigrationServerAvailability after the Get-Credential prompt text', () => {
    const out = parseFixture('test-migrationserveravailability-fl.txt');
    expect(out.shape).toBe('list');
    const result = out.objects[0] as PsObject;
    expect(result.Result).toBe('Failed');
    expect(result.ConnectionSettings).toBeNull();
    expect(result.ErrorDetail).toContain("The call to 'https://mail.contoso.com/EWS/mrsproxy.svc' failed.");
    expect(result.ErrorDetail).toContain('(403) Forbidden.');
    expect(result.TestedEndpoint).toBe('mail.contoso.com');
  });

  it('reads objects between VERBOSE lines even without blank lines around them', () => {
    const raw = 'VERBOSE: Beginning processing &\nTask       : Checking EWS API Call Under Oauth\nResultType : Success\nVERBOSE: Ending processing &';
    const out = parsePowerShellOutput(raw);
    expect(out.objects).toEqual([{ Task: 'Checking EWS API Call Under Oauth', ResultType: 'Success' }]);
    expect(out.verbose).toEqual(['Beginning processing &', 'Ending processing &']);
  });

  it('keeps DEBUG lines of Test-FederationTrust -Debug out of the objects', () => {
    const raw = 'DEBUG: [11:02:18.120 GMT] Test-FederationTrust : Sending request : https://login.microsoftonline.com/extSTS.srf\n\nId      : TokenRequest\nType    : Success\nMessage : Request for delegation token succeeded.';
    const out = parsePowerShellOutput(raw);
    expect(out.objects).toEqual([{ Id: 'TokenRequest', Type: 'Success', Message: 'Request for delegation token succeeded.' }]);
    expect(out.text).toContain('DEBUG:');
  });
});

describe('every cmdlet the walks read', () => {
  // [cmdlet, fixture, the command its prompt shows, shape, a field the walks read, its value]
  const cases: Array<[string, string, string, ParsedOutput['shape'], string, string | string[] | null]> = [
    ['Get-FederationTrust', 'get-federationtrust-table.txt', 'Get-FederationTrust', 'table', 'ApplicationUri', 'outlook.com'],
    ['Test-FederationTrust', 'test-federationtrust-table.txt', 'Test-FederationTrust', 'table', 'Type', 'Success'],
    ['Test-FederationTrustCertificate', 'test-federationtrustcertificate.txt', 'Test-FederationTrustCertificate', 'table', 'State', 'Installed'],
    ['Get-FederatedOrganizationIdentifier', 'get-federatedorganizationidentifier-fl.txt', 'Get-FederatedOrganizationIdentifier', 'list', 'Enabled', 'True'],
    ['Get-FederationInformation', 'get-federationinformation-fl.txt', 'Get-FederationInformation', 'list', 'TokenIssuerUris', ['urn:federation:MicrosoftOnline']],
    ['Get-OrganizationRelationship', 'get-organizationrelationship-fl.txt', 'Get-OrganizationRelationship', 'list', 'FreeBusyAccessLevel', 'LimitedDetails'],
    ['Test-OrganizationRelationship', 'test-organizationrelationship-exo.txt', 'Test-OrganizationRelationship', 'list', 'Status', 'Error'],
    ['Get-IntraOrganizationConnector', 'get-intraorganizationconnector-fl.txt', 'Get-IntraOrganizationConnector', 'list', 'TargetAddressDomains', ['contoso.mail.onmicrosoft.com']],
    ['Get-AutodiscoverVirtualDirectory', 'get-autodiscovervirtualdirectory-fl.txt', 'Get-AutodiscoverVirtualDirectory', 'list', 'WSSecurityAuthentication', 'True'],
    ['Get-WebServicesVirtualDirectory', 'get-webservicesvirtualdirectory-ft.txt', 'Get-WebServicesVirtualDirectory', 'table', 'WSSecurityAuthentication', 'True'],
    ['Test-MigrationServerAvailability', 'test-migrationserveravailability-fl.txt', 'Test-MigrationServerAvailability', 'list', 'Result', 'Failed'],
    ['Get-Mailbox', 'get-mailbox-immutableid-fl.txt', 'Get-Mailbox', 'list', 'ImmutableId', null],
    ['Get-RemoteMailbox', 'get-remotemailbox-ft.txt', 'Get-RemoteMailbox', 'table', 'ImmutableId', 'XGuNpVunD0afQeVNfyoUIQ=='],
    ['Get-MailboxFolderPermission', 'get-mailboxfolderpermission.txt', 'Get-MailboxFolderPermission', 'table', 'AccessRights', ['None']],
    ['Get-AuthConfig', 'get-authconfig-fl.txt', 'Get-AuthConfig', 'list', 'ServiceName', '00000002-0000-0ff1-ce00-000000000000'],
    ['Get-ExchangeCertificate', 'get-exchangecertificate-fl.txt', 'Get-ExchangeCertificate', 'list', 'NotBefore', '1/10/2025 10:20:31 AM'],
    ['New-ExchangeCertificate', 'new-exchangecertificate.txt', 'New-ExchangeCertificate', 'table', 'Thumbprint', '1A39741F8DF58D4821567DD8F899B27410F7C096'],
    ['Get-AuthServer', 'get-authserver-fl.txt', 'Get-AuthServer', 'list', 'IssuerIdentifier', '00000001-0000-0000-c000-000000000000'],
    ['Test-OAuthConnectivity', 'test-oauthconnectivity-fl.txt', 'Test-OAuthConnectivity', 'list', 'ResultType', 'Error'],
    ['Get-PartnerApplication', 'get-partnerapplication-fl.txt', 'Get-PartnerApplication', 'list', 'LinkedAccount', 'contoso.local/Users/Exchange Online-ApplicationAccount'],
    ['Get-User', 'get-user-table.txt', 'Get-User', 'table', 'RecipientType', 'User'],
    ['Get-ManagementRoleAssignment', 'get-managementroleassignment-ft.txt', 'Get-ManagementRoleAssignment', 'table', 'Role', 'UserApplication'],
    ['Get-MailboxCalendarConfiguration', 'get-mailboxcalendarconfiguration-fl.txt', 'Get-DistributionGroupMember', 'list', 'WorkingHoursTimeZone', 'Pacific Standard Time'],
    ['Get-AvailabilityAddressSpace', 'get-availabilityaddressspace-fl.txt', 'Get-AvailabilityAddressSpace', 'list', 'AccessMethod', 'OrgWideFBBasic'],
    ['Test-ServiceHealth', 'test-servicehealth.txt', 'Test-ServiceHealth', 'list', 'RequiredServicesRunning', 'True'],
    ['Get-ServerComponentState', 'get-servercomponentstate.txt', 'Get-ServerComponentState', 'table', 'Component', 'ServerWideOffline'],
    ['Get-HybridApplication', 'get-hybridapplication-fl.txt', 'Get-HybridApplication', 'list', 'InternalUrl', 'https://mail.contoso.com/'],
    ['Get-MsolServicePrincipalCredential', 'get-msolserviceprincipalcredential-fl.txt', 'Get-MsolServicePrincipalCredential', 'list', 'Usage', 'Verify'],
    ['Invoke-WebRequest', 'invoke-webrequest-fl.txt', 'Invoke-WebRequest', 'list', 'StatusDescription', 'OK'],
  ];

  it.each(cases)('%s (%s)', (_cmdlet, file, command, shape, field, value) => {
    const out = parseFixture(file);
    expect(out.command).toBe(command);
    expect(out.shape).toBe(shape);
    expect(firstFieldOf(out, field)).toEqual(value);
    expect(out.text).toBe(out.text.trim());
    expect(out.text.length).toBeGreaterThan(0);
  });

  it('reads the Get-IntraOrganizationConfiguration expression listed in the catalog as values', () => {
    // the thirtieth read cmdlet only ever appears as (Get-IntraOrganizationConfiguration).OnPremiseTargetAddresses
    const out = parsePowerShellOutput('PS C:\\> (Get-IntraOrganizationConfiguration).OnPremiseTargetAddresses\ncontoso.com');
    expect(out.command).toBe('Get-IntraOrganizationConfiguration');
    expect(out.values).toEqual(['contoso.com']);
  });

  it('reads the AuthServer objects, ACS and EvoSTS', () => {
    const out = parseFixture('get-authserver-fl.txt');
    expect(out.objects.map((o) => o.Name)).toEqual(['WindowsAzureACS', 'EvoSts - 3c5e8f0a-2b1d-4e7f-9a6c-0d1e2f3a4b5c']);
    expect(out.objects[1]?.IssuerIdentifier).toBe('https://sts.windows.net/3c5e8f0a-2b1d-4e7f-9a6c-0d1e2f3a4b5c/');
  });

  it('reads the virtual directories of two servers with their authentication lists', () => {
    const out = parseFixture('get-autodiscovervirtualdirectory-fl.txt');
    expect(out.objects).toHaveLength(2);
    const ex02 = row(out, 'Server', 'EX02');
    expect(ex02.WSSecurityAuthentication).toBe('False');
    expect(ex02.ExternalAuthenticationMethods).toEqual(['Basic', 'Ntlm', 'WindowsIntegrated', 'OAuth']);
    expect(ex02.Identity).toBe('EX02\\Autodiscover (Default Web Site)');
    expect(ex02.InternalUrl).toBeNull();
  });

  it('shows a wrong-cmdlet paste for what it is: Get-Mailbox output when Get-FederationTrust was asked', () => {
    const out = parseFixture('get-mailbox-table.txt');
    expect(out.command).toBe('Get-Mailbox');
    expect(firstFieldOf(out, 'ApplicationIdentifier')).toBeUndefined();
    expect(firstFieldOf(out, 'Alias')).toBe('megan');
    const unprompted = parsePowerShellOutput('Name        Alias Database\n----        ----- --------\nMegan Bowen megan NAMPR01DG123-db045');
    expect(unprompted.command).toBeUndefined();
    expect(Object.keys(unprompted.objects[0] ?? {})).toEqual(['Name', 'Alias', 'Database']);
  });
});

describe('chat pastes', () => {
  it('reads a Teams HTML paste of Format-List with &nbsp; padding and an @mention', () => {
    const html =
      '<p><at id="0">FreeBusy Doctor</at>&nbsp;here you go</p>' +
      '<p>Name&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; : WindowsAzureACS</p>' +
      '<p>IssuerIdentifier&nbsp;&nbsp;&nbsp; : 00000001-0000-0000-c000-000000000000</p>' +
      '<p>Enabled&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; : True</p>';
    const out = parsePowerShellOutput(html);
    expect(out.shape).toBe('list');
    expect(out.objects).toEqual([{ Name: 'WindowsAzureACS', IssuerIdentifier: '00000001-0000-0000-c000-000000000000', Enabled: 'True' }]);
    expect(out.text).not.toContain('<p>');
    expect(out.text).not.toContain('FreeBusy Doctor');
  });

  it('reads a Teams <pre> paste of a table with <br> breaks and &quot; in the prompt', () => {
    const html =
      '<pre>[PS] C:\\Windows\\system32&gt;Get-User &quot;Exchange Online-ApplicationAccount&quot;<br><br>' +
      'Name&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; RecipientType<br>' +
      '----&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; -------------<br>' +
      'Exchange Online-ApplicationAccount User</pre>';
    const out = parsePowerShellOutput(html);
    expect(out.command).toBe('Get-User');
    expect(out.objects).toEqual([{ Name: 'Exchange Online-ApplicationAccount', RecipientType: 'User' }]);
  });

  it('reads three rooms pasted in Teams paragraphs without blank lines between them', () => {
    const rooms = ['Room 101', 'Room 102', 'Boardroom'].map((r) => `<p>Identity : ${r}</p><p>WorkingHoursStartTime : 08:00:00</p><p>WorkingHoursEndTime : 17:00:00</p><p>WorkingHoursTimeZone : </p>`);
    const out = parsePowerShellOutput(rooms.join(''));
    expect(out.objects).toHaveLength(3);
    expect(out.objects.map((o) => o.Identity)).toEqual(['Room 101', 'Room 102', 'Boardroom']);
    expect(out.objects.every((o) => o.WorkingHoursTimeZone === null)).toBe(true);
  });

  it('reads a Slack paste: fences, &lt; &gt; &amp;, <url|label> links and <mailto:> addresses', () => {
    const slack = [
      '```[PS] C:\\Windows\\system32&gt;Get-OrganizationRelationship | fl Identity,DomainNames,TargetAutodiscoverEpr,OrganizationContact',
      '',
      'Identity              : On-premises to O365 - 5c0e1a2b',
      'DomainNames           : {contoso.mail.onmicrosoft.com, contoso.onmicrosoft.com}',
      'TargetAutodiscoverEpr : <https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc/WSSecurity|https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc/WSSecurity>',
      'OrganizationContact   : <mailto:admin@contoso.com|admin@contoso.com>',
      'AdminDisplayName      : R&amp;D &lt;hybrid&gt;```',
    ].join('\n');
    const out = parsePowerShellOutput(slack);
    expect(out.command).toBe('Get-OrganizationRelationship');
    expect(out.objects).toEqual([
      {
        Identity: 'On-premises to O365 - 5c0e1a2b',
        DomainNames: ['contoso.mail.onmicrosoft.com', 'contoso.onmicrosoft.com'],
        TargetAutodiscoverEpr: 'https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc/WSSecurity',
        OrganizationContact: 'admin@contoso.com',
        AdminDisplayName: 'R&D <hybrid>',
      },
    ]);
  });

  it('reads a Slack paste of an error record with CRLF line ends', () => {
    const slack = "```Get-User : The operation couldn't be performed because object 'Exchange Online-ApplicationAccount' couldn't be found.\r\nAt line:1 char:1\r\n+ Get-User &quot;Exchange Online-ApplicationAccount&quot;\r\n+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\r\n    + CategoryInfo          : NotSpecified: (:) [Get-User], ManagementObjectNotFoundException\r\n    + FullyQualifiedErrorId : 8F4B2C1D,Microsoft.Exchange.Management.RecipientTasks.GetUser```";
    const out = parsePowerShellOutput(slack);
    expect(out.shape).toBe('error');
    expect(out.errors).toEqual([
      {
        message: "The operation couldn't be performed because object 'Exchange Online-ApplicationAccount' couldn't be found.",
        cmdlet: 'Get-User',
        category: 'NotSpecified',
        exceptionType: 'ManagementObjectNotFoundException',
        fullyQualifiedErrorId: '8F4B2C1D,Microsoft.Exchange.Management.RecipientTasks.GetUser',
      },
    ]);
  });
});

describe('flattened Format-List', () => {
  const acs = {
    Name: 'WindowsAzureACS',
    IssuerIdentifier: '00000001-0000-0000-c000-000000000000',
    TokenIssuingEndpoint: 'https://accounts.accesscontrol.windows.net/3c5e8f0a-2b1d-4e7f-9a6c-0d1e2f3a4b5c/tokens/OAuth/2',
    AuthMetadataUrl: 'https://accounts.accesscontrol.windows.net/contoso.com/metadata/json/1',
    Enabled: 'True',
  };
  const oneLine =
    'Name : WindowsAzureACS IssuerIdentifier : 00000001-0000-0000-c000-000000000000 TokenIssuingEndpoint : https://accounts.accesscontrol.windows.net/3c5e8f0a-2b1d-4e7f-9a6c-0d1e2f3a4b5c/tokens/OAuth/2 AuthMetadataUrl : https://accounts.accesscontrol.windows.net/contoso.com/metadata/json/1 Enabled : True';

  it('splits a one-line Get-AuthServer on the known field names', () => {
    const out = parsePowerShellOutput(oneLine, { knownFields: ['Name', 'IssuerIdentifier', 'TokenIssuingEndpoint', 'AuthMetadataUrl', 'Enabled'] });
    expect(out.shape).toBe('list');
    expect(out.objects).toEqual([acs]);
  });

  it('splits it on CamelCase names when no fields are known', () => {
    expect(parsePowerShellOutput(oneLine).objects).toEqual([acs]);
  });

  it('reads the padded one-line paste of seed 002 row 25, command included', () => {
    const html =
      '<pre>Get-AuthServer   fl Name, IssuerIdentifier, TokenIssuingEndpoint, AuthMetadataUrl, Enabled  Name                : WindowsAzureACS IssuerIdentifier     : 00000001-0000-0000-c000-000000000000 TokenIssuingEndpoint : https://accounts.accesscontrol.windows.net/3c5e8f0a-2b1d-4e7f-9a6c-0d1e2f3a4b5c/tokens/OAuth/2 AuthMetadataUrl     : https://accounts.accesscontrol.windows.net/contoso.com/metadata/json/1 Enabled              : True</pre>';
    const out = parsePowerShellOutput(html);
    expect(out.command).toBe('Get-AuthServer');
    expect(out.objects).toEqual([acs]);
  });

  it('uses only the known names when given, so a capitalised word inside a value stays there', () => {
    const line = 'Id : MismatchedFederation Status : Error Description : Step 3 Result : the relationships differ.';
    expect(parsePowerShellOutput(line, { knownFields: ['Id', 'Status', 'Description'] }).objects).toEqual([
      { Id: 'MismatchedFederation', Status: 'Error', Description: 'Step 3 Result : the relationships differ.' },
    ]);
    expect(parsePowerShellOutput(line).objects[0]).toHaveProperty('Result', 'the relationships differ.');
  });

  it('splits two objects flattened onto one line at the repeated name, with empty values and lists', () => {
    const out = parsePowerShellOutput('Name : O365 to On-premises DomainNames : {contoso.com, contoso.ro} TargetSharingEpr : Name : Fabrikam DomainNames : {fabrikam.com} TargetSharingEpr :');
    expect(out.objects).toEqual([
      { Name: 'O365 to On-premises', DomainNames: ['contoso.com', 'contoso.ro'], TargetSharingEpr: null },
      { Name: 'Fabrikam', DomainNames: ['fabrikam.com'], TargetSharingEpr: null },
    ]);
  });

  it('does not split ordinary Format-List values on a single capitalised word', () => {
    const raw = 'Id          : MismatchedFederation\nDescription : The check of Step : 3 failed.\nStatus      : Error';
    expect(parsePowerShellOutput(raw).objects[0]?.Description).toBe('The check of Step : 3 failed.');
  });
});

describe('prose, empty and hostile input', () => {
  it('reads empty and whitespace-only pastes as empty', () => {
    for (const raw of ['', '   \n\t \n', '```\n```', '<p>&nbsp;</p>']) {
      const out = parsePowerShellOutput(raw);
      expect(out.shape).toBe('empty');
      expect(out.objects).toEqual([]);
      expect(out.truncated).toBe(false);
    }
  });

  it('reads prose as text, also when it holds " : " or "Word: "', () => {
    const raw =
      'Hi, free/busy between our on-prem and cloud users stopped working yesterday.\nThe error says : unable to connect to the remote server\nNote: we changed the firewall last week. Any idea?';
    const out = parsePowerShellOutput(raw);
    expect(out.shape).toBe('text');
    expect(out.objects).toEqual([]);
    expect(out.values).toEqual([]);
    expect(out.errors).toEqual([]);
    expect(out.text).toBe(raw);
  });

  it('does not make objects of a sentence with two "Word : value" pairs in it', () => {
    const out = parsePowerShellOutput('After the change the Status : Error and the Result : Failed, same as before.');
    expect(out.objects).toEqual([]);
    expect(out.shape).toBe('text');
  });

  it('reads a free/busy error string with "Discovery URL : …, EmailAddress : …" inside as text', () => {
    const raw =
      'Exception: Autodiscover failed for email address user@Notes.Domain.com with error Microsoft.Exchange.InfoWorker.Common.Availability.AutoDiscoverFailedException: The underlying connection was closed: An unexpected error occurred on a send.. The request information is Discovery URL : https://notes.server.com/AutoDiscover/AutoDiscover.xml, EmailAddress : SMTP:user@notes.domain.com System.Net.WebException: The underlying connection was closed. LID: 43532';
    const out = parsePowerShellOutput(raw);
    expect(out.shape).toBe('text');
    expect(out.objects).toEqual([]);
  });

  it('reads a stack trace as text', () => {
    const raw = [
      'System.Net.WebException: The remote server returned an error: (401) Unauthorized.',
      '   at System.Net.HttpWebRequest.GetResponse()',
      '   at Microsoft.Exchange.Security.OAuth.ValidationResultCollector.GetResponse(HttpWebRequest request, StringBuilder sb, String target)',
      '   at Microsoft.Exchange.InfoWorker.Common.Availability.Proxy.Service.EndGetUserAvailability(IAsyncResult asyncResult)',
    ].join('\n');
    const out = parsePowerShellOutput(raw);
    expect(out.shape).toBe('text');
    expect(out.objects).toEqual([]);
    expect(out.errors).toEqual([]);
  });

  it('reads a tab-padded property line', () => {
    expect(parsePowerShellOutput('Name\t: WindowsAzureACS\nEnabled\t: True').objects).toEqual([{ Name: 'WindowsAzureACS', Enabled: 'True' }]);
  });

  it('ends a table at a Format-List line right under it, and keeps a property line above a stray rule', () => {
    const out = parsePowerShellOutput('Name  Role\n----  ----\na     b\nName : x\nEnabled : True');
    expect(out.objects).toEqual([{ Name: 'a', Role: 'b' }, { Name: 'x', Enabled: 'True' }]);
    expect(parsePowerShellOutput('Name : x\n----\nRole : y').objects).toEqual([{ Name: 'x' }, { Role: 'y' }]);
  });

  it('keeps a property named __proto__ as a property', () => {
    const out = parsePowerShellOutput('__proto__ : polluted\nName      : x');
    const obj = out.objects[0] as PsObject;
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect(Object.keys(obj)).toEqual(['__proto__', 'Name']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never throws, whatever it is given', () => {
    let seed = 20250110;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ['Name', ' : ', ':', '{', '}', ',', '...', '-', '----', ' ', '  ', '\n', '\n\n', '+ CategoryInfo', '[Get-User]', 'VERBOSE:', 'PS C:\\>', '|', '<p>', '&nbsp;', '\t', 'Get-Mailbox', '~', '"', '\u2026'];
    for (let n = 0; n < 300; n++) {
      const raw = Array.from({ length: Math.floor(random() * 60) }, () => alphabet[Math.floor(random() * alphabet.length)] ?? '').join('');
      const out = parsePowerShellOutput(raw);
      expect(['list', 'table', 'values', 'error', 'text', 'empty']).toContain(out.shape);
      expect(Array.isArray(out.objects)).toBe(true);
    }
    expect(parsePowerShellOutput(undefined as unknown as string).shape).toBe('empty');
  });

  it('parses a 1 MB paste well under a second', () => {
    const block = fixture('get-organizationrelationship-fl.txt');
    const raw = block.repeat(Math.ceil(1_000_000 / block.length));
    const start = performance.now();
    const out = parsePowerShellOutput(raw);
    const elapsed = performance.now() - start;
    expect(raw.length).toBeGreaterThanOrEqual(1_000_000);
    expect(out.objects.length).toBeGreaterThan(500);
    expect(elapsed).toBeLessThan(1000);
  });

  it('reads a paste of very many short lines without overflowing', () => {
    const out = parsePowerShellOutput('contoso.com\n'.repeat(200_000));
    expect(out.shape).toBe('values');
    expect(out.values).toHaveLength(200_000);
  });

  it('rejoins a value wrapped over very many lines in linear time', () => {
    const list = `ServicesRunning : {IISAdmin,\n${'                  MSExchangeRPC,\n'.repeat(30_000)}                  W3Svc}`;
    const start = performance.now();
    const out = parsePowerShellOutput(list);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(out.objects[0]?.ServicesRunning).toHaveLength(30_002);
  });

  it('parses long lines without newlines quickly: letters, base64, dashes, braces, brackets, a flattened list', () => {
    // Long runs of spaces are left out: cleanPaste's trailing-space pass is quadratic on them.
    const lines = ['A'.repeat(1_000_000), `Value : ${'QUJD'.repeat(250_000)}`, `Name ${'-'.repeat(500_000)} x`, '{a, '.repeat(250_000), '+ CategoryInfo : ['.repeat(50_000), 'Name : x '.repeat(30_000)];
    for (const raw of lines) {
      const start = performance.now();
      parsePowerShellOutput(raw);
      expect(performance.now() - start).toBeLessThan(1000);
    }
  });
});

describe('fieldOf', () => {
  it('finds a property whatever the case of its name', () => {
    const obj: PsObject = { ImmutableId: null, UserPrincipalName: 'megan@contoso.com' };
    expect(fieldOf(obj, 'immutableID')).toBeNull();
    expect(fieldOf(obj, 'userprincipalname')).toBe('megan@contoso.com');
    expect(fieldOf(obj, 'Missing')).toBeUndefined();
  });

  it('reads the first object that has the property with firstFieldOf', () => {
    const out = parsePowerShellOutput('Name : A\n\nName : B\nLinkedAccount : contoso.local/Users/Exchange Online-ApplicationAccount');
    expect(firstFieldOf(out, 'name')).toBe('A');
    expect(firstFieldOf(out, 'linkedaccount')).toBe('contoso.local/Users/Exchange Online-ApplicationAccount');
  });
});
