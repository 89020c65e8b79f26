import type { Story } from './types.js';

const REPORTED =
  'Proxy web request failed. , inner exception: System.Web.Services.Protocols.SoapException: The application is missing a linked account for RBAC roles, or the linked account has no RBAC role assignments, or the calling users account is logon disabled. at System.Web.Services.Protocols.SoapHttpClientProtocol.ReadResponse(SoapClientMessage message, WebResponse response, Stream responseStream, Boolean asyncCall)';

const PARTNER_APP_UNLINKED = String.raw`[PS] C:\Windows\system32>Get-PartnerApplication | FL Name,LinkedAccount


Name          : Exchange Online
LinkedAccount :

`;

const PARTNER_APP_LINKED = String.raw`[PS] C:\Windows\system32>Get-PartnerApplication | FL Name,LinkedAccount


Name          : Exchange Online
LinkedAccount : woodgrovebank.local/Users/Exchange Online-ApplicationAccount

`;

const USER_NOT_FOUND = String.raw`[PS] C:\Windows\system32>Set-ADServerSettings -ViewEntireForest $true; Get-User "Exchange Online-ApplicationAccount" | FL Name,DistinguishedName
The operation couldn't be performed because object 'Exchange Online-ApplicationAccount' couldn't be found on 'WGB-DC01.woodgrovebank.local'.
    + CategoryInfo          : NotSpecified: (:) [Get-User], ManagementObjectNotFoundException
    + FullyQualifiedErrorId : [Server=WGB-EX01,RequestId=c2a4e6f8-1b3d-4f5a-8c7e-9d0b2a4c6e81,TimeStamp=11/23/2025 2:14:09 PM] [FailureCategory=Cmdlet-ManagementObjectNotFoundException] 7B0E7A2C,Microsoft.Exchange.Management.RecipientTasks.GetUser
    + PSComputerName        : wgb-ex01.woodgrovebank.local
`;

const USER_FOUND = String.raw`[PS] C:\Windows\system32>Set-ADServerSettings -ViewEntireForest $true; Get-User "Exchange Online-ApplicationAccount" | FL Name,DistinguishedName


Name              : Exchange Online-ApplicationAccount
DistinguishedName : CN=Exchange Online-ApplicationAccount,CN=Users,DC=woodgrovebank,DC=local

`;

const ALL_ROLES = ['UserApplication', 'ArchiveApplication', 'LegalHoldApplication', 'Mailbox Search', 'TeamMailboxLifecycleApplication', 'MailboxSearchApplication', 'MeetingGraphApplication'];

function roleAssignments(roles: string[]): string {
  let out = String.raw`[PS] C:\Windows\system32>Get-ManagementRoleAssignment -RoleAssignee "Exchange Online-ApplicationAccount" | FL Name,Role` + '\n\n\n';
  for (const r of roles) out += `Name : ${r}-Exchange Online-ApplicationAccount\nRole : ${r}\n\n`;
  return out;
}

export const stories: Story[] = [
  {
    name: 'LinkedAccount is empty and the account was deleted: it is restored from the deleted objects and linked again',
    errorId: 'rbac-linked-account-missing',
    turns: [
      [REPORTED, ['**The application is missing a linked account for RBAC roles', 'Get-PartnerApplication | FL Name,LinkedAccount']],
      [PARTNER_APP_UNLINKED, ['Found: The Exchange Online partner application has no Exchange Online-ApplicationAccount as its linked account', 'Get-User "Exchange Online-ApplicationAccount" | FL Name,DistinguishedName']],
      [USER_NOT_FOUND, ['Found: Get-User cannot find Exchange Online-ApplicationAccount', 'adrestore.exe -r "Exchange Online-ApplicationAccount"', 'Was the account found among the deleted objects and restored?']],
      ['Yes, it is restored', ['The deleted Exchange Online-ApplicationAccount was restored', 'What is the fully qualified name of your Active Directory forest root domain?']],
      ['woodgrovebank.local', ['Fix: Link the account to the Exchange Online partner application', 'Set-PartnerApplication "Exchange Online" -LinkedAccount "woodgrovebank.local/Users/Exchange Online-ApplicationAccount"', 'iisreset /noforce']],
      ['Yes, it works now', ['fixed', 'Link the account to the Exchange Online partner application']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'linked account in place but MeetingGraphApplication is not assigned: the missing roles are added',
    errorId: 'rbac-linked-account-missing',
    turns: [
      [REPORTED, ['Get-PartnerApplication']],
      [PARTNER_APP_LINKED, ['Found: LinkedAccount is woodgrovebank.local/Users/Exchange Online-ApplicationAccount', 'Get-ManagementRoleAssignment -RoleAssignee "Exchange Online-ApplicationAccount" | FL Name,Role']],
      [roleAssignments(ALL_ROLES.slice(0, 6)), ['Found: At least one of the seven application roles is not assigned', 'Fix: Add the missing role assignments', 'New-ManagementRoleAssignment -Role $_ -User "Exchange Online-ApplicationAccount"']],
      ['Yes, it works now', ['fixed', 'Add the missing role assignments']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the account exists but is unlinked; linking it is not enough, all roles are there, the logs show AuthzInitializeContextFromSid',
    errorId: 'rbac-linked-account-missing',
    turns: [
      [REPORTED, ['Get-PartnerApplication']],
      [PARTNER_APP_UNLINKED, ['Found: The Exchange Online partner application has no Exchange Online-ApplicationAccount as its linked account']],
      [USER_FOUND, ['Found: The account exists: CN=Exchange Online-ApplicationAccount,CN=Users,DC=woodgrovebank,DC=local', 'What is the fully qualified name of your Active Directory forest root domain?']],
      ['woodgrovebank.local', ['Set-PartnerApplication "Exchange Online" -LinkedAccount "woodgrovebank.local/Users/Exchange Online-ApplicationAccount"']],
      ['No, still broken', ['Get-ManagementRoleAssignment -RoleAssignee "Exchange Online-ApplicationAccount"']],
      [roleAssignments(ALL_ROLES), ['Found: All seven application roles are assigned', 'AuthzInitializeContextFromSid', 'What do the logs show?']],
      ['Errors that mention AuthzInitializeContextFromSid', ['Windows authorization cannot evaluate the account', 'Fix: Restore the access Windows authorization needs', 'Windows Authorization Access Group']],
      ['Yes, it works now', ['fixed', 'Cause: Windows authorization cannot build the calling account']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the account is gone for good: PrepareAD does not bring it back, it is created by hand, no roles show, the logs show nothing',
    errorId: 'rbac-linked-account-missing',
    turns: [
      [REPORTED, ['Get-PartnerApplication']],
      [PARTNER_APP_UNLINKED, ['Get-User "Exchange Online-ApplicationAccount"']],
      [USER_NOT_FOUND, ['Was the account found among the deleted objects and restored?']],
      ['No, it is not there or cannot be restored', ['Run PrepareAD to recreate the account', '.\\Setup.exe /PrepareAD /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF', 'Does Get-User find Exchange Online-ApplicationAccount after PrepareAD?']],
      ['No', ['PrepareAD did not recreate the account', 'Fix: Create the account by hand and give it its roles', 'New-ManagementRoleAssignment -Role $_ -User "Exchange Online-ApplicationAccount"']],
      ['No, still broken', ['What is the fully qualified name of your Active Directory forest root domain?']],
      ['woodgrovebank.local', ['Set-PartnerApplication "Exchange Online" -LinkedAccount "woodgrovebank.local/Users/Exchange Online-ApplicationAccount"']],
      ['No, still broken', ['Get-ManagementRoleAssignment']],
      [roleAssignments([]), ['Found: The application account has no role assignments at all', 'Fix: Add the missing role assignments']],
      ['No, still broken', ['What do the logs show?']],
      ['Nothing relevant', ['**Escalation**', 'AuthzInitializeContextFromSid']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
];
