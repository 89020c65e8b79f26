import type { Story } from './types.js';

/** Exchange Online: the connector to on-premises only knows the domain the wizard ran with. */
const CLOUD_IOC_WITHOUT_DE = `PS C:\\> $FormatEnumerationLimit=-1; Get-IntraOrganizationConnector | FL Identity,Enabled,TargetAddressDomains,DiscoveryEndpoint


Identity             : HybridIOC - 2f7c4e91-0b3d-4a58-9e6f-8c1d5a7b3e20
Enabled              : True
TargetAddressDomains : {northwindtraders.com}
DiscoveryEndpoint    : https://mail.northwindtraders.com/autodiscover/autodiscover.svc

`;

const CLOUD_ORGREL_WITHOUT_DE = `PS C:\\> $FormatEnumerationLimit=-1; Get-OrganizationRelationship | FL Identity,Enabled,FreeBusyAccessEnabled,DomainNames


Identity              : O365 to On-premises - 2f7c4e91-0b3d-4a58-9e6f-8c1d5a7b3e20
Enabled               : True
FreeBusyAccessEnabled : True
DomainNames           : {northwindtraders.com}

`;

/** On-premises: the connector to Exchange Online lists the coexistence domain. */
const ONPREM_IOC_WITH_ROUTING_DOMAIN = `[PS] C:\\Windows\\system32>$FormatEnumerationLimit=-1; Get-IntraOrganizationConnector | FL Identity,Enabled,TargetAddressDomains,DiscoveryEndpoint


Identity             : HybridIOC - 9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b
Enabled              : True
TargetAddressDomains : {tailspintoys.mail.onmicrosoft.com}
DiscoveryEndpoint    : https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc

`;

/** A Minimal hybrid leaves nothing behind: the cmdlets return no objects, only the prompt comes back. */
const CLOUD_IOC_NOTHING = `PS C:\\> $FormatEnumerationLimit=-1; Get-IntraOrganizationConnector | FL Identity,Enabled,TargetAddressDomains,DiscoveryEndpoint
PS C:\\>`;

const CLOUD_ORGREL_NOTHING = `PS C:\\> $FormatEnumerationLimit=-1; Get-OrganizationRelationship | FL Identity,Enabled,FreeBusyAccessEnabled,DomainNames
PS C:\\>`;

export const stories: Story[] = [
  {
    name: 'cloud user, a domain added after the wizard: neither connector nor relationship lists it, adding it fixes it',
    errorId: 'org-config-domain-not-found',
    turns: [
      ['free/busy for the new acquisition domain fails: Configuration information for forest/domain northwindtraders.de could not be found in Active Directory. LID: 47932', ['Configuration information for forest/domain could not be found in Active Directory', 'Who is looking up whom?']],
      ['A cloud user looks up an on-premises user', ['on-premises SMTP domain']],
      ['northwindtraders.de', ['$FormatEnumerationLimit=-1; Get-IntraOrganizationConnector | FL Identity,Enabled,TargetAddressDomains,DiscoveryEndpoint', 'Exchange Online PowerShell']],
      [CLOUD_IOC_WITHOUT_DE, ['No enabled intra-organization connector in Exchange Online lists northwindtraders.de', 'Get-OrganizationRelationship | FL Identity,Enabled,FreeBusyAccessEnabled,DomainNames']],
      [CLOUD_ORGREL_WITHOUT_DE, ['Neither the connector nor any organization relationship in Exchange Online lists northwindtraders.de', 'Set-IntraOrganizationConnector -Identity "HybridIOC*" -TargetAddressDomains @{add="northwindtraders.de"}', 'Set-OrganizationRelationship -Identity "O365 to On-premises*" -DomainNames @{add="northwindtraders.de"}']],
      ['Yes, it works now', ['fixed', 'Add the on-premises domain to Exchange Online']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'on-premises user: the connector lists the coexistence domain and the hybrid is Full, so it is escalated',
    errorId: 'org-config-domain-not-found',
    turns: [
      ['Exception: Configuration information for forest/domain tailspintoys.mail.onmicrosoft.com could not be found in Active Directory. LID: 47932 Name of the server where exception originated: EXCH02', ['Configuration information for forest/domain could not be found in Active Directory', 'Who is looking up whom?']],
      ['An on-premises user looks up a cloud user', ['coexistence domain']],
      ['tailspintoys.mail.onmicrosoft.com', ['Get-IntraOrganizationConnector | FL Identity,Enabled,TargetAddressDomains,DiscoveryEndpoint', 'Exchange Management Shell']],
      [ONPREM_IOC_WITH_ROUTING_DOMAIN, ['The enabled on-premises connector lists tailspintoys.mail.onmicrosoft.com in TargetAddressDomains', 'Is the exact domain named in the error listed']],
      ['Yes, it is listed', ['Check that hybrid was configured as Full, not Minimal', 'Get-FederationTrust | FL Name,ApplicationUri']],
      ['Full hybrid (the organization relationship, connector and federation trust exist)', ['**Escalation**', 'the hybrid is Full, yet the domain is still not found']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
  {
    name: 'cloud user, the admin reports that both cmdlets return nothing: Minimal hybrid, rerunning the wizard as Full fixes it',
    errorId: 'org-config-domain-not-found',
    turns: [
      ['Configuration information for forest/domain fabrikam.com could not be found in Active Directory. LID: 47932', ['Who is looking up whom?']],
      ['A cloud user looks up an on-premises user', ['on-premises SMTP domain']],
      ['fabrikam.com', ['Get-IntraOrganizationConnector']],
      ['Nothing. The command returns no output at all, not even an error.', ['Exchange Online has no intra-organization connector', 'Get-OrganizationRelationship']],
      ['That one returns nothing either.', ['neither an intra-organization connector nor an organization relationship', 'Minimal hybrid configuration', 'Which hybrid configuration do you have?']],
      ['Minimal hybrid (the commands return nothing, or the wizard was run with Minimal)', ['Rerun the Hybrid Configuration Wizard with Full Hybrid Configuration', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Full Hybrid Configuration']],
    ],
    ends: 'resolved',
  },
  {
    name: 'cloud user, the pasted cmdlets print no objects (only the prompt comes back): Minimal hybrid, rerunning the wizard as Full fixes it',
    errorId: 'org-config-domain-not-found',
    turns: [
      ['Configuration information for forest/domain fabrikam.com could not be found in Active Directory. LID: 47932', ['Who is looking up whom?']],
      ['A cloud user looks up an on-premises user', ['on-premises SMTP domain']],
      ['fabrikam.com', ['Get-IntraOrganizationConnector']],
      [CLOUD_IOC_NOTHING, ['Exchange Online has no intra-organization connector', 'Get-OrganizationRelationship']],
      [CLOUD_ORGREL_NOTHING, ['neither an intra-organization connector nor an organization relationship', 'Minimal hybrid configuration', 'Which hybrid configuration do you have?']],
      ['Minimal hybrid (the commands return nothing, or the wizard was run with Minimal)', ['Rerun the Hybrid Configuration Wizard with Full Hybrid Configuration', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Full Hybrid Configuration']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
];
