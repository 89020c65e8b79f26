import type { Story } from './types.js';

/** The bare catalog text: every hybrid 401 shows it, so the bot asks "did you mean". */
const BARE_401 = 'Proxy web request failed. ,inner exception: The request failed with HTTP status 401: Unauthorized.';
/** The same failure with its exception type and originating server, as an EWS trace or the RCA shows it. */
const EWS_401 =
  'Microsoft.Exchange.InfoWorker.Common.Availability.ProxyWebRequestProcessingException: Proxy web request failed. , inner exception: System.Net.WebException: The request failed with HTTP status 401: Unauthorized. Name of the server where exception originated: DM6PR11MB4316.';
const AUTODISCOVER_401 = 'Autodiscover failed for email address d.kim@tailspintoys.com with error System.Net.WebException: The request failed with HTTP status 401: Unauthorized.';
const TITLE = 'Proxy web request failed: HTTP status 401';

const IOC = (enabled: 'True' | 'False') => `Identity             : HybridIOC - 5d8e1c2a-7b3f-4e9d-a1c6-2f0b8e4d7a93
Enabled              : ${enabled}
DiscoveryEndpoint    : https://autodiscover.tailspintoys.com/autodiscover/autodiscover.svc
TargetAddressDomains : {tailspintoys.com}
TargetSharingEpr     :`;

/** Both virtual directories of both servers; EXCH02's EWS directory carries the given values. */
function vdirs(ews02: { oauth: 'True' | 'False'; wssecurity: 'True' | 'False' }): string {
  let out = String.raw`[PS] C:\Windows\system32>Get-AutodiscoverVirtualDirectory | FL Server,Identity,WSSecurityAuthentication,OAuthAuthentication; Get-WebServicesVirtualDirectory | FL Server,Identity,WSSecurityAuthentication,OAuthAuthentication` + '\n\n\n';
  for (const vdir of ['Autodiscover', 'EWS']) {
    for (const server of ['EXCH01', 'EXCH02']) {
      const odd = vdir === 'EWS' && server === 'EXCH02';
      out += `Server                   : ${server}
Identity                 : ${server}\\${vdir} (Default Web Site)
WSSecurityAuthentication : ${odd ? ews02.wssecurity : 'True'}
OAuthAuthentication      : ${odd ? ews02.oauth : 'True'}

`;
    }
  }
  return out;
}

const SHARING_EPR_BLANK = `Identity              : O365 to On-premises - 5d8e1c2a-7b3f-4e9d-a1c6-2f0b8e4d7a93
DomainNames           : {tailspintoys.com}
TargetAutodiscoverEpr : https://autodiscover.tailspintoys.com/autodiscover/autodiscover.svc/WSSecurity
TargetSharingEpr      :

Identity             : HybridIOC - 5d8e1c2a-7b3f-4e9d-a1c6-2f0b8e4d7a93
TargetAddressDomains : {tailspintoys.com}
DiscoveryEndpoint    : https://autodiscover.tailspintoys.com/autodiscover/autodiscover.svc
TargetSharingEpr     :`;

const SHARING_EPR_SET = `Identity              : O365 to On-premises - 5d8e1c2a-7b3f-4e9d-a1c6-2f0b8e4d7a93
DomainNames           : {tailspintoys.com}
TargetAutodiscoverEpr : https://autodiscover.tailspintoys.com/autodiscover/autodiscover.svc/WSSecurity
TargetSharingEpr      : https://mail.tailspintoys.com/EWS/Exchange.asmx

Identity             : HybridIOC - 5d8e1c2a-7b3f-4e9d-a1c6-2f0b8e4d7a93
TargetAddressDomains : {tailspintoys.com}
DiscoveryEndpoint    : https://autodiscover.tailspintoys.com/autodiscover/autodiscover.svc
TargetSharingEpr     : https://mail.tailspintoys.com/EWS/Exchange.asmx`;

const TRUST_OUTDATED = `Name                  : MicrosoftOnline
ApplicationIdentifier : 260563
ApplicationUri        : outlook.com

Name                  : WindowsLiveId
ApplicationIdentifier : 292841
ApplicationUri        : outlook.live.com`;

const TRUST_CURRENT = `Name                  : MicrosoftOnline
ApplicationIdentifier : 260563
ApplicationUri        : outlook.com

Name                  : WindowsLiveId
ApplicationIdentifier : 260563
ApplicationUri        : outlook.com`;

/** The turns from the error to the virtual directory check, with IIS in the logs and the connector as given. */
function toVdirCheck(connector: 'True' | 'False'): [string, string[]][] {
  return [
    [EWS_401, ['**Proxy web request failed: HTTP status 401**', 'testconnectivity.microsoft.com/tests/FreeBusy', 'Is the pass-through authentication check red or green?']],
    ['Green', ['false positive', 'HttpProxy', 'Do you find the Autodiscover or EWS free/busy entries (with 401)']],
    ['Yes, the requests are in the logs with 401', ['refused by Exchange itself', 'Get-IntraOrganizationConnector | FL Identity,Enabled,DiscoveryEndpoint,TargetAddressDomains,TargetSharingEpr']],
    [
      IOC(connector),
      connector === 'True'
        ? ['Found: An intra-organization connector is enabled in Exchange Online, so free/busy toward on-premises uses OAuth', 'Get-AutodiscoverVirtualDirectory | FL Server,Identity,WSSecurityAuthentication,OAuthAuthentication']
        : ['Found: No enabled intra-organization connector exists', 'DAuth/WSSecurity', 'Get-WebServicesVirtualDirectory | FL Server,Identity,WSSecurityAuthentication,OAuthAuthentication'],
    ],
  ];
}

export const stories: Story[] = [
  {
    name: 'bare 401 is ambiguous: the admin picks the title, the RCA shows pass-through red, pre-authentication is turned off',
    errorId: 'proxy-401-preauth',
    turns: [
      [BARE_401, ['fits more than one known error', `[${TITLE}]`, '[The request failed with HTTP status 401: Unauthorized (key was not found)]']],
      [TITLE, ['**Proxy web request failed: HTTP status 401**', 'Remote Connectivity Analyzer', 'Is the pass-through authentication check red or green?']],
      ['Red, pass-through authentication fails', ['something pre-authenticates', 'Fix: Turn off pre-authentication for Autodiscover and EWS', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Fix: Turn off pre-authentication for Autodiscover and EWS']],
    ],
    ends: 'resolved',
  },
  {
    name: 'connector Enabled True makes it OAuth; OAuthAuthentication False on EXCH02 EWS: OAuth is enabled on the directories',
    errorId: 'proxy-401-preauth',
    turns: [
      ...toVdirCheck('True'),
      [vdirs({ oauth: 'False', wssecurity: 'True' }), ['Found: OAuthAuthentication is False on at least one Autodiscover or EWS virtual directory', 'Get-WebServicesVirtualDirectory -ShowMailboxVirtualDirectories | Set-WebServicesVirtualDirectory -OAuthAuthentication $true', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Enable OAuth on the Autodiscover and EWS virtual directories']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'connector Enabled False makes it DAuth; WSSecurityAuthentication False on EXCH02 EWS: WSSecurity is enabled on the directories',
    errorId: 'proxy-401-preauth',
    turns: [
      ...toVdirCheck('False'),
      [vdirs({ oauth: 'False', wssecurity: 'False' }), ['Found: WSSecurityAuthentication is False on at least one Autodiscover or EWS virtual directory', 'Set-WebServicesVirtualDirectory -WSSecurityAuthentication $true']],
      ['Yes, it works now', ['fixed', 'Enable WSSecurity on the Autodiscover and EWS virtual directories']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'nothing on-premises helps, TargetSharingEpr is blank, and the tenant federation trust shows ApplicationIdentifier 292841: Microsoft Support',
    errorId: 'proxy-401-preauth',
    turns: [
      ...toVdirCheck('True'),
      [vdirs({ oauth: 'True', wssecurity: 'True' }), ['Found: The authentication method in use is enabled on every virtual directory shown', 'Do the IIS authentication settings of Autodiscover and EWS match the defaults?']],
      ['Yes, they are the defaults', ['Fix: Refresh the federation metadata twice', 'Get-FederationTrust | Set-FederationTrust -RefreshMetadata']],
      ['No, still broken', ['from what you told me: **OAuth (Exchange 2013 or later with the intra-organization connector)**', 'What is the name of one of your on-premises Exchange servers?']],
      ['EXCH01', ['Fix: Switch OAuth off and on again', 'Set-WebServicesVirtualDirectory "EXCH01\\ews (Exchange Back End)" -OAuthAuthentication:$False', 'Set-AutodiscoverVirtualDirectory "EXCH01\\Autodiscover (Exchange Back End)" -OAuthAuthentication:$True']],
      ['No, still broken', ['Fix: Restart IIS on every on-premises Exchange server', 'iisreset /noforce']],
      ['No, still broken', ['Fix: Restart all on-premises Exchange servers']],
      ['No, still broken', ['Look for time-skew events', 'Microsoft-Windows-Time-Service']],
      ['No', ['What is the on-premises SMTP domain of the users involved']],
      ['tailspintoys.com', ['Get-OrganizationRelationship | FL Identity,DomainNames,TargetAutodiscoverEpr,TargetSharingEpr; Get-IntraOrganizationConnector']],
      [SHARING_EPR_BLANK, ['Found: TargetSharingEpr is blank, so Exchange Online goes through on-premises Autodiscover first', 'What is the external EWS URL']],
      ['https://mail.tailspintoys.com/EWS/Exchange.asmx', ['Fix: Bypass Autodiscover with TargetSharingEpr', 'Set-IntraOrganizationConnector "HybridIOC*" -TargetSharingEpr https://mail.tailspintoys.com/EWS/Exchange.asmx']],
      ['No, still broken', ['Which Exchange Online (cloud) mailbox is affected?']],
      ['r.okafor@tailspintoys.com', ['Compare TargetApplicationUri with AccountNamespace', 'Get-FederatedOrganizationIdentifier | FL AccountNamespace,Domains,Enabled', 'Test-OrganizationRelationship -Identity "O365 to On-premises*" -UserIdentity r.okafor@tailspintoys.com']],
      ['Yes', ['Get-FederationTrust | FL Name,ApplicationIdentifier,ApplicationUri']],
      [TRUST_OUTDATED, ['Found: ApplicationIdentifier is 292841 on a cloud federation trust', '**Escalation**', 'This needs Microsoft Support']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
  {
    name: 'Autodiscover leg, TargetSharingEpr already set, trust current (260563 / outlook.com): escalated to an engineer',
    errorId: 'proxy-401-preauth',
    turns: [
      [AUTODISCOVER_401, ['fits more than one known error', `[${TITLE}]`]],
      [TITLE, ['**Proxy web request failed: HTTP status 401**', 'Is the pass-through authentication check red or green?']],
      ['Green', ['Do you find the Autodiscover or EWS free/busy entries (with 401)']],
      ['Yes, the requests are in the logs with 401', ['Get-IntraOrganizationConnector']],
      [IOC('False'), ['Found: No enabled intra-organization connector exists', 'Get-AutodiscoverVirtualDirectory']],
      [vdirs({ oauth: 'False', wssecurity: 'True' }), ['Found: The authentication method in use is enabled on every virtual directory shown']],
      ['No, something was changed', ['Fix: Restore the default IIS authentication']],
      ['No, still broken', ['Fix: Refresh the federation metadata twice']],
      ['No, still broken', ['from what you told me: **WSSecurity (Exchange 2010 or organization relationship only)**', 'Set-AutodiscoverVirtualDirectory -WSSecurityAuthentication $false']],
      ['No, still broken', ['Fix: Restart IIS on every on-premises Exchange server']],
      ['No, still broken', ['Fix: Restart all on-premises Exchange servers']],
      ['No, still broken', ['Look for time-skew events']],
      ['Yes', ['Fix: Correct the server time', 'w32tm /resync']],
      ['No, still broken', ['What is the on-premises SMTP domain of the users involved']],
      ['tailspintoys.com', ['TargetSharingEpr']],
      [SHARING_EPR_SET, ['Found: TargetSharingEpr is already https://mail.tailspintoys.com/EWS/Exchange.asmx', 'Which Exchange Online (cloud) mailbox is affected?']],
      ['r.okafor@tailspintoys.com', ['Does TargetApplicationUri equal AccountNamespace?']],
      ['No', ['Fix: Align TargetApplicationUri with AccountNamespace', 'Set-OrganizationRelationship "O365 to On-premises*" -TargetApplicationUri']],
      ['No, still broken', ['Get-FederationTrust | FL Name,ApplicationIdentifier,ApplicationUri']],
      [TRUST_CURRENT, ['Found: Both trusts show ApplicationIdentifier 260563 and ApplicationUri outlook.com', '**Escalation**', 'Pre-authentication was tested']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
];

/**
 * Realistic conversations the engine gets wrong today (the runner ignores this array).
 */
/** Stories that failed on engine bugs, now fixed (options no longer re-triaged, prompt-only pastes, day-first dates, honest skips). */
const fixedInEngine: Story[] = [
  {
    // Walker.skipTarget: an ask step without `skip` falls to the FIRST escalate step of the entry,
    // which here is escalate-outdated-trust ("Get-FederationTrust in Exchange Online shows
    // ApplicationIdentifier 292841 ..."), a Microsoft Support escalation for a value nobody pasted.
    name: 'skipping the HttpProxy log check must not escalate as an outdated federation trust (292841) that was never read',
    errorId: 'proxy-401-preauth',
    turns: [
      [EWS_401, ['Is the pass-through authentication check red or green?']],
      ['Green', ['Do you find the Autodiscover or EWS free/busy entries (with 401)']],
      ['skip', [/^(?![\s\S]*ApplicationIdentifier 292841)[\s\S]*$/, /^(?![\s\S]*This needs Microsoft Support)[\s\S]*$/]],
    ],
    ends: 'open',
  },
];

stories.push(...fixedInEngine);
export const knownFailures: Story[] = [];
