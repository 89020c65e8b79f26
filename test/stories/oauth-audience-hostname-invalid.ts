import type { Story } from './types.js';

const REPORTED =
  'Proxy web request failed. , inner exception: System.Net.WebException: The request failed with HTTP status 401: Unauthorized. reason="The hostname component of the audience claim value \'https://hybrid.adventure-works.com\' is invalid.";error_category="invalid_resource"';

/** The cloud organization relationship, after the intra-organization connector was turned off. */
function orgRelationship(values: { enabled?: string; freeBusy?: string; domains?: string } = {}): string {
  return String.raw`PS C:\> Get-OrganizationRelationship | FL Identity,Enabled,DomainNames,FreeBusyAccessEnabled,FreeBusyAccessLevel,TargetApplicationUri,TargetAutodiscoverEpr,TargetSharingEpr


Identity              : O365 to On-premises - 8c1f3a5e-9d2b-4e7c-b6a0-4f2d8e1c3b95
Enabled               : ${values.enabled ?? 'True'}
DomainNames           : ${values.domains ?? '{adventure-works.com, adventure-works.mail.onmicrosoft.com}'}
FreeBusyAccessEnabled : ${values.freeBusy ?? 'True'}
FreeBusyAccessLevel   : LimitedDetails
TargetApplicationUri  : FYDIBOHF25SPDLT.adventure-works.com
TargetAutodiscoverEpr : https://autodiscover.adventure-works.com/autodiscover/autodiscover.svc/WSSecurity
TargetSharingEpr      :

`;
}

/** SSL offloading confirmed, turning it off is not possible or does not help, the connector is turned off, the domain is asked. */
const TO_ORG_RELATIONSHIP: [string, string[]][] = [
  [REPORTED, ['**The hostname component of the audience claim value is invalid**', 'Is SSL offloading enabled for EWS or Autodiscover?']],
  ['Yes', ['SSL offloading is enabled for EWS or Autodiscover, which does not work with OAuth', 'Fix: Stop SSL offloading for EWS and Autodiscover']],
  ['No, still broken', ['Fix: Turn off OAuth by disabling the cloud intra-organization connector', 'Set-IntraOrganizationConnector "HybridIOC*" -Enabled $false']],
  ['No, still broken', ['What is the on-premises SMTP domain of the users involved']],
  ['adventure-works.com', ['Get-OrganizationRelationship | FL Identity,Enabled,DomainNames,FreeBusyAccessEnabled,FreeBusyAccessLevel', 'Exchange Online PowerShell']],
];

export const stories: Story[] = [
  {
    name: 'SSL offloading is on for EWS: stopping it fixes free/busy',
    errorId: 'oauth-audience-hostname-invalid',
    turns: [
      [REPORTED, ['**The hostname component of the audience claim value is invalid**', "Get-WebConfigurationProperty -PSPath 'IIS:\\Sites\\Default Web Site\\EWS'", 'Is SSL offloading enabled for EWS or Autodiscover?']],
      ['Yes', ['Fix: Stop SSL offloading for EWS and Autodiscover', 'iisreset /noforce', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Cause: SSL offloading is used for EWS and Autodiscover while OAuth is enabled']],
    ],
    ends: 'resolved',
  },
  {
    name: 'with the connector off, the organization relationship has FreeBusyAccessEnabled False: it is repaired',
    errorId: 'oauth-audience-hostname-invalid',
    turns: [
      ...TO_ORG_RELATIONSHIP,
      [orgRelationship({ freeBusy: 'False' }), ['Found: Free/busy access is turned off on the organization relationship for adventure-works.com', 'Set-OrganizationRelationship "O365 to On-premises*" -Enabled $true -FreeBusyAccessEnabled $true -FreeBusyAccessLevel LimitedDetails']],
      ['Yes, it works now', ['fixed', 'Repair the organization relationship']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the only organization relationship covers fabrikam.com, not adventure-works.com: repaired, then the network device is the cause',
    errorId: 'oauth-audience-hostname-invalid',
    turns: [
      ...TO_ORG_RELATIONSHIP,
      [orgRelationship({ domains: '{fabrikam.com}' }), ['Found: No organization relationship in Exchange Online covers adventure-works.com', 'Fix: Repair the organization relationship']],
      ['No, still broken', ['Fix: Stop the network device from blocking free/busy', 'W3SVC1']],
      ['Yes, it works now', ['fixed', 'Cause: A network device in front of Exchange Server']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the organization relationship is fine and the network device is not it either: escalated',
    errorId: 'oauth-audience-hostname-invalid',
    turns: [
      ...TO_ORG_RELATIONSHIP,
      [orgRelationship(), ['Found: The organization relationship for adventure-works.com is enabled and allows free/busy', 'Fix: Stop the network device from blocking free/busy']],
      ['No, still broken', ['**Escalation**', 'audience claim error remains']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
  {
    name: 'no SSL offloading: a network device in front of Exchange is fixed',
    errorId: 'oauth-audience-hostname-invalid',
    turns: [
      [REPORTED, ['Is SSL offloading enabled for EWS or Autodiscover?']],
      ['No', ['No SSL offloading, so a network device in front of Exchange is the likely cause', 'Fix: Stop the network device from blocking free/busy']],
      ['Yes, it works now', ['fixed']],
    ],
    ends: 'resolved',
  },
];
