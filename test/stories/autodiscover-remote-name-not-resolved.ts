import type { Story } from './types.js';

const ERROR =
  "Autodiscover failed for E-Mail Address megan.bowen@fabrikam.com with error System.Net.WebException: The remote name could not be resolved: 'mail.fabrikam.com'";

const AUTODISCOVER_URL = 'https://autodiscover.fabrikam.com/autodiscover/autodiscover.svc';

/** The connector was pointed at the mail host instead of the Autodiscover service. */
const IOC_WRONG = `PS C:\\> Get-IntraOrganizationConnector | FL Identity,Enabled,DiscoveryEndpoint


Identity          : HybridIOC - 0b7e5d3c-1a2f-4e6d-9c8b-7a6f5e4d3c2b
Enabled           : True
DiscoveryEndpoint : https://mail.fabrikam.com/

`;

const IOC_OK = `PS C:\\> Get-IntraOrganizationConnector | FL Identity,Enabled,DiscoveryEndpoint


Identity          : HybridIOC - 0b7e5d3c-1a2f-4e6d-9c8b-7a6f5e4d3c2b
Enabled           : True
DiscoveryEndpoint : https://autodiscover.fabrikam.com/autodiscover/autodiscover.svc

`;

const ORGREL_OK = `PS C:\\> Get-OrganizationRelationship | FL Identity,DomainNames,TargetAutodiscoverEpr


Identity              : O365 to On-premises - 8f1e2d3c-4b5a-4697-a8b9-c0d1e2f3a4b5
DomainNames           : {fabrikam.com}
TargetAutodiscoverEpr : https://autodiscover.fabrikam.com/autodiscover/autodiscover.svc/WSSecurity

`;

/** DAuth only: the connector cmdlet prints nothing, and the admin says so. */
const NO_IOC = 'Nothing comes back, we have no intra-organization connector in Exchange Online.';

/** DAuth only: no connector in Exchange Online, and the relationship names an internal host. */
const ORGREL_INTERNAL_HOST = `PS C:\\> Get-OrganizationRelationship | FL Identity,DomainNames,TargetAutodiscoverEpr


Identity              : O365 to On-premises - 8f1e2d3c-4b5a-4697-a8b9-c0d1e2f3a4b5
DomainNames           : {fabrikam.com}
TargetAutodiscoverEpr : https://exch-cas01.corp.fabrikam.local/autodiscover/autodiscover.svc/WSSecurity

`;

export const stories: Story[] = [
  {
    name: 'the walk starts by asking for the correct Autodiscover endpoint',
    errorId: 'autodiscover-remote-name-not-resolved',
    turns: [[ERROR, ['The remote name could not be resolved', 'What is the on-premises Autodiscover endpoint']]],
    ends: 'open',
  },
];

/**
 * Every story here fails at the answer to the first question, "What is the on-premises Autodiscover
 * endpoint": the classifier matches https://autodiscover.<domain>/autodiscover/autodiscover.svc to
 * federationinformation-405 (decision 'match', score 0.488) and Walker.isNewError does not spare an
 * answer to a pending variable, so the bot replies "That looks like a different error, so I switch to
 * it" and walks federationinformation-405 instead. With the variable answer taken, all of them pass.
 */
/** Stories that failed on engine bugs, now fixed (options no longer re-triaged, prompt-only pastes, day-first dates, honest skips). */
const fixedInEngine: Story[] = [
  {
    name: 'DiscoveryEndpoint names the mail host: correcting it fixes it',
    errorId: 'autodiscover-remote-name-not-resolved',
    turns: [
      [ERROR, ['The remote name could not be resolved', 'What is the on-premises Autodiscover endpoint']],
      [AUTODISCOVER_URL, ['Get-IntraOrganizationConnector | FL Identity,Enabled,DiscoveryEndpoint', 'Exchange Online PowerShell']],
      [IOC_WRONG, ['DiscoveryEndpoint is https://mail.fabrikam.com/, not the expected https://autodiscover.fabrikam.com/autodiscover/autodiscover.svc', 'on-premises SMTP domain']],
      ['fabrikam.com', ['Set-IntraOrganizationConnector -Identity "HybridIOC*" -DiscoveryEndpoint https://autodiscover.fabrikam.com/autodiscover/autodiscover.svc', 'Get-FederationInformation -DomainName fabrikam.com', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Correct DiscoveryEndpoint on the cloud connector']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'no connector; TargetAutodiscoverEpr names an internal host: correcting it fixes it',
    errorId: 'autodiscover-remote-name-not-resolved',
    turns: [
      [ERROR, ['What is the on-premises Autodiscover endpoint']],
      [AUTODISCOVER_URL, ['Get-IntraOrganizationConnector']],
      [NO_IOC, ['Exchange Online has no intra-organization connector', 'on-premises SMTP domain']],
      ['fabrikam.com', ['Get-OrganizationRelationship | FL Identity,DomainNames,TargetAutodiscoverEpr']],
      [ORGREL_INTERNAL_HOST, ['TargetAutodiscoverEpr is https://exch-cas01.corp.fabrikam.local/autodiscover/autodiscover.svc/WSSecurity, not the expected', 'Set-OrganizationRelationship "O365 to On-premises*" -TargetAutodiscoverEpr https://autodiscover.fabrikam.com/autodiscover/autodiscover.svc', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Correct TargetAutodiscoverEpr on the cloud organization relationship']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'both endpoints are right; the host is not in public DNS: publishing it fixes it',
    errorId: 'autodiscover-remote-name-not-resolved',
    turns: [
      [ERROR, ['What is the on-premises Autodiscover endpoint']],
      [AUTODISCOVER_URL, ['Get-IntraOrganizationConnector']],
      [IOC_OK, ['DiscoveryEndpoint is https://autodiscover.fabrikam.com/autodiscover/autodiscover.svc, the expected Autodiscover endpoint', 'on-premises SMTP domain']],
      ['fabrikam.com', ['Get-OrganizationRelationship']],
      [ORGREL_OK, ['the expected Autodiscover endpoint', 'Resolve-DnsName -Name <host name from the error> -Server 8.8.8.8', 'Does the host name from the error resolve in public DNS']],
      ['No, it does not resolve (or points elsewhere)', ['not resolvable in public DNS', 'Publish the Autodiscover host in public DNS', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Publish the Autodiscover host in public DNS']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
];

stories.push(...fixedInEngine);
export const knownFailures: Story[] = [];
