import type { Story } from './types.js';

const ERROR =
  'Autodiscover failed for email address hans.meier@notes.contoso.com with error Microsoft.Exchange.InfoWorker.Common.Availability.AutoDiscoverFailedException: The underlying connection was closed: An unexpected error occurred on a send.. The request information is Discovery URL : https://domino01.contoso.com/AutoDiscover/AutoDiscover.xml, EmailAddress : SMTP:hans.meier@notes.contoso.com System.Net.WebException: The underlying connection was closed: An unexpected error occurred on a send. ; System.IO.IOException: Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host';

/** The address space still points at the old Domino gateway that was retired. */
const ADDRESS_SPACE_OLD_HOST = `PS C:\\> Get-AvailabilityAddressSpace | FL


RunspaceId            : 4c2a9e71-0b3d-4f68-a5e2-9d1c7b3f0e84
ForestName            : notes.contoso.com
UserName              :
UseServiceAccount     : False
AccessMethod          : OrgWideFBBasic
ProxyUrl              :
TargetAutodiscoverEpr : https://dominogw-old.contoso.com/AutoDiscover/AutoDiscover.xml
ParentPathId          : CN=Availability Configuration
AdminDisplayName      :
ExchangeVersion       : 0.1 (8.0.535.0)
Name                  : notes.contoso.com
Identity              : notes.contoso.com
ObjectClass           : {top, msExchAvailabilityAddressSpace}
IsValid               : True
ObjectState           : Unchanged

`;

const ADDRESS_SPACE_OK = `PS C:\\> Get-AvailabilityAddressSpace | FL


RunspaceId            : 4c2a9e71-0b3d-4f68-a5e2-9d1c7b3f0e84
ForestName            : notes.contoso.com
UserName              :
UseServiceAccount     : False
AccessMethod          : OrgWideFBBasic
ProxyUrl              :
TargetAutodiscoverEpr : https://domino01.contoso.com/AutoDiscover/AutoDiscover.xml
ParentPathId          : CN=Availability Configuration
AdminDisplayName      :
ExchangeVersion       : 0.1 (8.0.535.0)
Name                  : notes.contoso.com
Identity              : notes.contoso.com
ObjectClass           : {top, msExchAvailabilityAddressSpace}
IsValid               : True
ObjectState           : Unchanged

`;

/** Only a partner forest has an address space; nothing for the Notes domain. */
const ADDRESS_SPACE_OTHER_DOMAIN = `PS C:\\> Get-AvailabilityAddressSpace | FL


RunspaceId            : 4c2a9e71-0b3d-4f68-a5e2-9d1c7b3f0e84
ForestName            : fabrikam.com
UserName              :
UseServiceAccount     : False
AccessMethod          : OrgWideFBBasic
ProxyUrl              :
TargetAutodiscoverEpr : https://autodiscover.fabrikam.com/autodiscover/autodiscover.svc
ParentPathId          : CN=Availability Configuration
AdminDisplayName      :
ExchangeVersion       : 0.1 (8.0.535.0)
Name                  : fabrikam.com
Identity              : fabrikam.com
ObjectClass           : {top, msExchAvailabilityAddressSpace}
IsValid               : True
ObjectState           : Unchanged

`;

export const stories: Story[] = [
  {
    name: 'the notes.contoso.com address space points at a retired gateway: correcting it fixes it',
    errorId: 'notes-autodiscover-forcibly-closed',
    turns: [
      [ERROR, ['Lotus Notes/Domino', 'What is the SMTP domain of the Lotus Notes/Domino users']],
      ['notes.contoso.com', ['Get-AvailabilityAddressSpace | FL', 'Exchange Online PowerShell']],
      [ADDRESS_SPACE_OLD_HOST, ['Exchange Online has an availability address space for notes.contoso.com', 'Does the address space point to the Domino host you expect?']],
      ['No, it points somewhere else', ['does not point to the published Domino host', 'Add-AvailabilityAddressSpace', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Correct the availability address space']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the address space is right; the firewall in front of Domino refuses Office 365: allowing it fixes it',
    errorId: 'notes-autodiscover-forcibly-closed',
    turns: [
      [ERROR, ['What is the SMTP domain of the Lotus Notes/Domino users']],
      ['notes.contoso.com', ['Get-AvailabilityAddressSpace | FL']],
      [ADDRESS_SPACE_OK, ['has an availability address space for notes.contoso.com', 'Does the address space point to the Domino host you expect?']],
      ['Yes, it points to our published Domino host', ['Does the firewall block or reset connections from Office 365 IPs?']],
      ['Yes, they are blocked', ['The firewall in front of Domino refuses the Office 365 outbound IPs', 'Allow the Office 365 IP ranges to the Domino host']],
      ['Yes, it works now', ['fixed', 'Allow the Office 365 IP ranges to the Domino host']],
    ],
    ends: 'resolved',
  },
  {
    name: 'no address space for the Notes domain and the target is on Domino: escalates to an engineer',
    errorId: 'notes-autodiscover-forcibly-closed',
    turns: [
      [ERROR, ['What is the SMTP domain of the Lotus Notes/Domino users']],
      ['notes.contoso.com', ['Get-AvailabilityAddressSpace | FL']],
      [ADDRESS_SPACE_OTHER_DOMAIN, ['No availability address space is configured for notes.contoso.com', 'Where is the mailbox whose free/busy cannot be seen?']],
      ['On Lotus Notes/Domino, but there is no address space for its domain', ['**Escalation**', 'no availability address space for its domain']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
  {
    name: 'no address space for the domain because the target is on Exchange: the walk ends',
    errorId: 'notes-autodiscover-forcibly-closed',
    turns: [
      [ERROR, ['What is the SMTP domain of the Lotus Notes/Domino users']],
      ['notes.contoso.com', ['Get-AvailabilityAddressSpace | FL']],
      [ADDRESS_SPACE_OTHER_DOMAIN, ['No availability address space is configured for notes.contoso.com', 'Where is the mailbox']],
      ['On Exchange', ['Target is on Exchange', 'not the Domino variant']],
    ],
    ends: 'ended',
    branchOnPaste: true,
  },
];

export const knownFailures: Story[] = [];
