import type { Story } from './types.js';

const ERROR =
  "Autodiscover failed for email address k.lund@fabrikam.se with error Microsoft.Exchange.InfoWorker.Common.Availability.AutoDiscoverInvalidUserException: The response from the Autodiscover service at 'https://autodiscover.fabrikam.se/autodiscover/autodiscover.svc/WSSecurity' failed due to an error in user setting 'ExternalEwsUrl'. Error message: InvalidUser.. Name of the server where exception originated: VI1PR08MB2231 . LID: 33676.";

/** A cloud mailbox created in Exchange Online without the coexistence address. */
const ADDRESSES_WITHOUT_ROUTING = `PS C:\\> Get-Mailbox -Identity erik.berg@fabrikam.se | FL EmailAddresses


EmailAddresses : {SIP:erik.berg@fabrikam.se, SMTP:erik.berg@fabrikam.se, smtp:erik.berg@fabrikam.onmicrosoft.com}

`;

const ADDRESSES_WITH_ROUTING = `PS C:\\> Get-Mailbox -Identity erik.berg@fabrikam.se | FL EmailAddresses


EmailAddresses : {SIP:erik.berg@fabrikam.se, SMTP:erik.berg@fabrikam.se, smtp:erik.berg@fabrikam.mail.onmicrosoft.com, smtp:erik.berg@fabrikam.onmicrosoft.com}

`;

const TRUST_OUTDATED = `PS C:\\> Get-FederationTrust | FL Name,ApplicationIdentifier,ApplicationUri


Name                  : WindowsLiveId
ApplicationIdentifier : 260563
ApplicationUri        : outlook.com

Name                  : MicrosoftOnline
ApplicationIdentifier : 292841
ApplicationUri        : outlook.live.com

`;

const TRUST_CURRENT = `PS C:\\> Get-FederationTrust | FL Name,ApplicationIdentifier,ApplicationUri


Name                  : WindowsLiveId
ApplicationIdentifier : 260563
ApplicationUri        : outlook.com

Name                  : MicrosoftOnline
ApplicationIdentifier : 260563
ApplicationUri        : outlook.com

`;

export const stories: Story[] = [
  {
    name: 'the cloud mailbox lacks its .mail.onmicrosoft.com address: adding it fixes it',
    errorId: 'autodiscover-externalewsurl-invaliduser',
    turns: [
      [ERROR, ['InvalidUser', 'Which Exchange Online (cloud) mailbox is affected?']],
      ['erik.berg@fabrikam.se', ['coexistence domain']],
      ['fabrikam.mail.onmicrosoft.com', ['Get-Mailbox -Identity erik.berg@fabrikam.se | FL EmailAddresses', 'Exchange Online PowerShell']],
      [ADDRESSES_WITHOUT_ROUTING, ['The cloud mailbox has no address in fabrikam.mail.onmicrosoft.com', 'Set-RemoteMailbox -Identity erik.berg@fabrikam.se -EmailAddresses @{add="smtp:<alias>@fabrikam.mail.onmicrosoft.com"}', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Add the .mail.onmicrosoft.com address']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the address is there, the TargetSharingEpr bypass fixes it',
    errorId: 'autodiscover-externalewsurl-invaliduser',
    turns: [
      [ERROR, ['Which Exchange Online (cloud) mailbox is affected?']],
      ['erik.berg@fabrikam.se', ['coexistence domain']],
      ['fabrikam.mail.onmicrosoft.com', ['Get-Mailbox']],
      [ADDRESSES_WITH_ROUTING, ['The cloud mailbox has an address in fabrikam.mail.onmicrosoft.com', 'external EWS URL']],
      ['https://mail.fabrikam.se/EWS/Exchange.asmx', ['Set-OrganizationRelationship "O365 to On-premises*" -TargetSharingEpr https://mail.fabrikam.se/EWS/Exchange.asmx', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Bypass Autodiscover with TargetSharingEpr']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'bypass does not help; the MicrosoftOnline trust still shows 292841: escalates to Microsoft Support',
    errorId: 'autodiscover-externalewsurl-invaliduser',
    turns: [
      [ERROR, ['Which Exchange Online (cloud) mailbox is affected?']],
      ['erik.berg@fabrikam.se', ['coexistence domain']],
      ['fabrikam.mail.onmicrosoft.com', ['Get-Mailbox']],
      [ADDRESSES_WITH_ROUTING, ['has an address in fabrikam.mail.onmicrosoft.com', 'external EWS URL']],
      ['https://mail.fabrikam.se/EWS/Exchange.asmx', ['-TargetSharingEpr https://mail.fabrikam.se/EWS/Exchange.asmx']],
      ['No, still broken', ['Get-FederationTrust | FL Name,ApplicationIdentifier,ApplicationUri']],
      [TRUST_OUTDATED, ['ApplicationIdentifier 292841', 'outdated', '**Escalation**', 'Microsoft Support']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
  {
    name: 'both cloud trusts are current: escalates with everything checked',
    errorId: 'autodiscover-externalewsurl-invaliduser',
    turns: [
      [ERROR, ['Which Exchange Online (cloud) mailbox is affected?']],
      ['erik.berg@fabrikam.se', ['coexistence domain']],
      ['fabrikam.mail.onmicrosoft.com', ['Get-Mailbox']],
      [ADDRESSES_WITH_ROUTING, ['external EWS URL']],
      ['https://mail.fabrikam.se/EWS/Exchange.asmx', ['Did this fix it?']],
      ['No, still broken', ['Get-FederationTrust']],
      [TRUST_CURRENT, ['Both cloud trusts show 260563 / outlook.com', '**Escalation**', 'federation trust is current']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
];

export const knownFailures: Story[] = [];
