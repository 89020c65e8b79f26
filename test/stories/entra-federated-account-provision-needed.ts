import type { Story } from './types.js';
import { testOrgRel } from './outputs.js';


const USER = 'omar.haddad@fourthcoffee.com';
const ERROR = 'Soap fault exception received. Provision is needed before federated account can be logged in. ResponseCode: ErrorWin32InteropError';
const PROVISION = { text: 'Provision is needed before federated account can be logged in.' };

export const stories: Story[] = [
  {
    name: 'a few users, the test confirms the provisioning error: the UPN flip fixes it',
    errorId: 'entra-federated-account-provision-needed',
    turns: [
      [ERROR, ['Provision is needed before federated account can be logged in', 'Which Exchange Online (cloud) mailbox']],
      [USER, ['Test-OrganizationRelationship -Identity "O365 to On-premises*" -UserIdentity omar.haddad@fourthcoffee.com -Verbose', 'Exchange Online PowerShell']],
      [testOrgRel(USER, PROVISION), ['which confirms this error', 'How many cloud users are affected?', 'A few users']],
      ['A few users', ['temporary UPN']],
      ['omar.haddad@fourthcoffee.onmicrosoft.com', ['Set-AzureADUser -ObjectID omar.haddad@fourthcoffee.com -UserPrincipalName omar.haddad@fourthcoffee.onmicrosoft.com', 'Set-MsolUserPrincipalName -UserPrincipalName omar.haddad@fourthcoffee.onmicrosoft.com -NewUserPrincipalName omar.haddad@fourthcoffee.com', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Move the UPN to the onmicrosoft.com domain and back to the federated domain']],
    ],
    ends: 'resolved',
  },
  {
    name: 'most cloud users are hit: escalated to Microsoft Support as tenant-wide',
    errorId: 'entra-federated-account-provision-needed',
    turns: [
      ["cloud users in our federated domain get 'Provision is needed before federated account can be logged in' when looking at on-prem calendars", ['Provision is needed before federated account can be logged in']],
      [USER, ['Test-OrganizationRelationship']],
      [testOrgRel(USER, PROVISION), ['which confirms this error', 'Most or all cloud users']],
      ['Most or all cloud users', ['not a per-user inconsistency', '**Escalation**', 'Microsoft Support']],
    ],
    ends: 'escalated',
  },
  {
    name: 'the test shows the password mismatch instead: the walk ends and points to that error',
    errorId: 'entra-federated-account-provision-needed',
    turns: [
      [ERROR, ['Provision is needed before federated account can be logged in']],
      [USER, ['Test-OrganizationRelationship']],
      [testOrgRel(USER, { text: 'The entered and stored passwords do not match.', code: '0x80041012' }), ['different delegation token error', 'The test shows another delegation token error', 'passwords do not match']],
    ],
    ends: 'ended',
    branchOnPaste: true,
  },
  {
    name: 'the UPN flip does not help: escalated',
    errorId: 'entra-federated-account-provision-needed',
    turns: [
      [ERROR, ['Which Exchange Online (cloud) mailbox']],
      [USER, ['Test-OrganizationRelationship']],
      ['skip', ['Skipped', 'How many cloud users are affected?']],
      ['A few users', ['temporary UPN']],
      ['omar.haddad@fourthcoffee.onmicrosoft.com', ['Set-AzureADUser']],
      ['No, still broken', ['**Escalation**', 'UPNs were moved to the onmicrosoft.com domain and back']],
    ],
    ends: 'escalated',
  },
];
