import type { Story } from './types.js';
import { testOrgRel } from './outputs.js';


const USER = 'lena.ortiz@northwindtraders.com';
const TEST_ORGREL_PASSWORDS = testOrgRel(USER, { text: 'The entered and stored passwords do not match.', code: '0x80041012' });
const TEST_ORGREL_EXPIRED = testOrgRel(USER, { text: 'The password for the account has expired.' });

const REMOTE_MAILBOX_WITH_IMMUTABLEID = `[PS] C:\\Windows\\system32>Get-RemoteMailbox -Identity lena.ortiz@northwindtraders.com | FL UserPrincipalName,ImmutableId


UserPrincipalName : lena.ortiz@northwindtraders.com
ImmutableId       : 7lq2Yx0bS0uXc1G4hNq3Pw==

`;

const REMOTE_MAILBOX_EMPTY_IMMUTABLEID = `[PS] C:\\Windows\\system32>Get-RemoteMailbox -Identity lena.ortiz@northwindtraders.com | FL UserPrincipalName,ImmutableId


UserPrincipalName : lena.ortiz@northwindtraders.com
ImmutableId       :

`;

const EXO_MAILBOX_IMMUTABLEID_SET = `PS C:\\> Get-Mailbox -Identity lena.ortiz@northwindtraders.com | FL UserPrincipalName,ImmutableId


UserPrincipalName : lena.ortiz@northwindtraders.com
ImmutableId       : lena.ortiz@northwindtraders.com

`;

const ERROR = 'Microsoft.Exchange.Net.WSTrust.SoapFaultException: Soap fault exception received. The entered and stored passwords do not match. Name of the server where exception originated: DB8PR04MB6953.eurprd04.prod.outlook.com';

export const stories: Story[] = [
  {
    name: 'the delegation token test repeats the password error: the password reset fixes it',
    errorId: 'entra-passwords-do-not-match',
    turns: [
      [ERROR, ['The entered and stored passwords do not match', 'Which Exchange Online (cloud) mailbox']],
      ['lena.ortiz@northwindtraders.com', ['Test-OrganizationRelationship -Identity "O365 to On-premises*" -UserIdentity lena.ortiz@northwindtraders.com -Verbose', 'Exchange Online PowerShell']],
      [TEST_ORGREL_PASSWORDS, ['Found: The delegation token request for lena.ortiz@northwindtraders.com fails', 'which confirms this error', 'Fix: Reset the cloud user', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Reset the cloud user']],
    ],
    ends: 'resolved',
  },
  {
    name: 'the test shows "password has expired" instead: the walk ends and points to that error',
    errorId: 'entra-passwords-do-not-match',
    turns: [
      ['Soap fault exception received. The entered and stored passwords do not match.', ['The entered and stored passwords do not match']],
      ['lena.ortiz@northwindtraders.com', ['Test-OrganizationRelationship']],
      [TEST_ORGREL_EXPIRED, ['different delegation token error', 'The test shows another delegation token error', 'password expired or must be changed']],
    ],
    ends: 'ended',
    branchOnPaste: true,
  },
  {
    name: 'reset and UPN flip do not help; the remote mailbox carries an ImmutableId, which is cleared',
    errorId: 'entra-passwords-do-not-match',
    turns: [
      [ERROR, ['Which Exchange Online (cloud) mailbox']],
      ['lena.ortiz@northwindtraders.com', ['Test-OrganizationRelationship']],
      ['skip', ['Skipped', 'Reset the cloud user', 'Did this fix it?']],
      ['No, still broken', ['temporary UPN']],
      ['lena.ortiz@northwindtraders.onmicrosoft.com', ['Set-AzureADUser -ObjectID lena.ortiz@northwindtraders.com -UserPrincipalName lena.ortiz@northwindtraders.onmicrosoft.com', 'Set-MsolUserPrincipalName -UserPrincipalName lena.ortiz@northwindtraders.onmicrosoft.com -NewUserPrincipalName lena.ortiz@northwindtraders.com']],
      ['No, still broken', ['Get-RemoteMailbox -Identity lena.ortiz@northwindtraders.com | FL UserPrincipalName,ImmutableId', 'Exchange Management Shell']],
      [REMOTE_MAILBOX_WITH_IMMUTABLEID, ['ImmutableId on the remote mailbox is 7lq2Yx0bS0uXc1G4hNq3Pw==', 'Set-RemoteMailbox -Identity lena.ortiz@northwindtraders.com -ImmutableId $null', 'Start-ADSyncSyncCycle -PolicyType Delta']],
      ['Yes, it works now', ['fixed', 'Clear the ImmutableId on the remote mailbox']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'empty ImmutableId on the remote mailbox: the toggle is set, synchronized, and cleared again',
    errorId: 'entra-passwords-do-not-match',
    turns: [
      [ERROR, ['Which Exchange Online (cloud) mailbox']],
      ['lena.ortiz@northwindtraders.com', ['Test-OrganizationRelationship']],
      [TEST_ORGREL_PASSWORDS, ['which confirms this error', 'Reset the cloud user']],
      ['No, still broken', ['temporary UPN']],
      ['lena.ortiz@northwindtraders.onmicrosoft.com', ['Set-AzureADUser']],
      ['No, still broken', ['Get-RemoteMailbox']],
      [REMOTE_MAILBOX_EMPTY_IMMUTABLEID, ['ImmutableId is empty on the remote mailbox', 'Set-RemoteMailbox -Identity lena.ortiz@northwindtraders.com -ImmutableId lena.ortiz@northwindtraders.com', 'Did this fix it?']],
      ['No, still broken', ['Get-Mailbox -Identity lena.ortiz@northwindtraders.com | FL UserPrincipalName,ImmutableId', 'Exchange Online PowerShell']],
      [EXO_MAILBOX_IMMUTABLEID_SET, ['Exchange Online shows ImmutableId lena.ortiz@northwindtraders.com', 'Clear the ImmutableId again and synchronize', 'Set-RemoteMailbox -Identity lena.ortiz@northwindtraders.com -ImmutableId $null']],
      ['Yes, it works now', ['fixed', 'Clear the ImmutableId again']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
];
