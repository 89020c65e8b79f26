import type { Story } from './types.js';
import { testOrgRel } from './outputs.js';


const USER = 'priya.raman@wingtiptoys.com';

export const stories: Story[] = [
  {
    name: 'the test confirms the expired password: exempting the account from expiry fixes it',
    errorId: 'entra-password-expired-or-must-change',
    turns: [
      ['Microsoft.Exchange.Net.WSTrust.SoapFaultException: Soap fault exception received. The password for the account has expired. Name of the server where exception originated: SN6PR08MB4432.namprd08.prod.outlook.com', ['The password has to be changed or the password for the account has expired', 'Which Exchange Online (cloud) mailbox']],
      [USER, ['Test-OrganizationRelationship -Identity "O365 to On-premises*" -UserIdentity priya.raman@wingtiptoys.com -Verbose', 'Exchange Online PowerShell']],
      [testOrgRel(USER, { text: 'The password for the account has expired.' }), ['fails because the password counts as expired', 'Set-AzureADUser -ObjectId priya.raman@wingtiptoys.com -PasswordPolicies DisablePasswordExpiration', 'Set-MsolUser -UserPrincipalName priya.raman@wingtiptoys.com -PasswordNeverExpires $true']],
      ['Yes, it works now', ['fixed', 'Stop the account']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the test says the password has to be changed: clearing the flag fails, enabling password hash sync fixes it',
    errorId: 'entra-password-expired-or-must-change',
    turns: [
      ['free/busy cloud -> on-prem broken for 3 users, EWS response says The password for the account has expired', ['The password has to be changed or the password for the account has expired']],
      [USER, ['Test-OrganizationRelationship']],
      [testOrgRel(USER, { text: 'The password has to be changed.' }), ['fails because the account must change its password', 'Set-MsolUserPassword -UserPrincipalName priya.raman@wingtiptoys.com -ForceChangePassword $false', '-ForceChangePasswordOnly $true']],
      ['No, still broken', ['Is password hash sync enabled for synced users?', 'Synced, but password hash sync is off']],
      ['Synced, but password hash sync is off', ['Password hash synchronization is off', 'Enable password hash synchronization']],
      ['Yes, it works now', ['fixed', 'Enable password hash synchronization']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the test passes today: the variant comes from the reported message, and the case is escalated',
    errorId: 'entra-password-expired-or-must-change',
    turns: [
      ['Test-OrganizationRelationship -UserIdentity j.keller@litwareinc.com returns: The password has to be changed (delegation token step)', ['The password has to be changed or the password for the account has expired']],
      ['j.keller@litwareinc.com', ['Test-OrganizationRelationship -Identity "O365 to On-premises*" -UserIdentity j.keller@litwareinc.com -Verbose']],
      [testOrgRel('j.keller@litwareinc.com'), ['does not name either password message', 'from what you told me: **The password has to be changed**', 'Set-MsolUserPassword -UserPrincipalName j.keller@litwareinc.com -ForceChangePassword $false']],
      ['No, still broken', ['Is password hash sync enabled for synced users?']],
      ['Password hash sync is on, or the user is cloud-only', ['**Escalation**', 'yet the token is still refused', 'Microsoft Support']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
  {
    name: 'the test shows the member name error instead: the walk ends and points to that error',
    errorId: 'entra-password-expired-or-must-change',
    turns: [
      ['The password for the account has expired', ['The password has to be changed or the password for the account has expired']],
      [USER, ['Test-OrganizationRelationship']],
      [testOrgRel(USER, { text: 'The specified member name is either invalid or empty.', code: '0x80041034' }), ['different delegation token error', 'The test shows another delegation token error', 'member name invalid']],
    ],
    ends: 'ended',
    branchOnPaste: true,
  },
];
