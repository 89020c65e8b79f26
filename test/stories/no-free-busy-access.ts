import type { Story } from './types.js';

const PERMISSIONS_NONE = `FolderName           User                 AccessRights                                SharingPermissionFlags
----------           ----                 ------------                                ----------------------
Calendar             Default              {None}
Calendar             Anonymous            {None}`;

const PERMISSIONS_OK = `FolderName           User                 AccessRights                                SharingPermissionFlags
----------           ----                 ------------                                ----------------------
Calendar             Default              {AvailabilityOnly}
Calendar             Anonymous            {None}`;

const ORG_REL_WITHOUT_TENANT = `Identity              : On-premises to O365 - 1b2c3d4e
DomainNames           : {contoso.onmicrosoft.com}
FreeBusyAccessEnabled : True
FreeBusyAccessLevel   : LimitedDetails`;

export const stories: Story[] = [
  {
    name: 'Default has None: the permission fix works',
    errorId: 'no-free-busy-access',
    turns: [
      ['Microsoft.Exchange.InfoWorker.Common.Availability.NoFreeBusyAccessException: The caller does not have access to free/busy data. LID: 47652', ['The caller does not have access to free/busy data', 'Whose calendar']],
      ['megan.bowen@contoso.com', ['Get-MailboxFolderPermission -Identity "megan.bowen@contoso.com:\\Calendar"', 'Paste the output']],
      [PERMISSIONS_NONE, ['AccessRights None', 'Set-MailboxFolderPermission -Identity "megan.bowen@contoso.com:\\Calendar" -User Default -AccessRights AvailabilityOnly', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Default user has AccessRights None']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'permission is fine: branches on the org relationship, which lacks the tenant domain',
    errorId: 'no-free-busy-access',
    turns: [
      ['The caller does not have access to free/busy data', ['The caller does not have access to free/busy data']],
      ['megan.bowen@contoso.com', ['Get-MailboxFolderPermission']],
      [PERMISSIONS_OK, ['AvailabilityOnly', 'which allows free/busy', 'Who is looking up whom?']],
      ['A cloud user looks up an on-premises user', ['coexistence domain']],
      ['contoso.mail.onmicrosoft.com', ['Get-OrganizationRelationship | FL Identity,DomainNames', 'Exchange Management Shell']],
      [ORG_REL_WITHOUT_TENANT, ['No on-premises organization relationship lists contoso.mail.onmicrosoft.com', 'DomainNames @{add="contoso.mail.onmicrosoft.com"}']],
    ],
    ends: 'open',
    branchOnPaste: true,
  },
];
