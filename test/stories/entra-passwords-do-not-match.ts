import type { Story } from './types.js';

/**
 * Test-OrganizationRelationship -Verbose as Exchange Online prints it: the step lines it writes as
 * strings, the verbose dump of the WS-Trust answer, then the result objects in Format-List.
 */
function testOrgRel(user: string, fault?: { text: string; code?: string }): string {
  const domain = user.split('@')[1] as string;
  const head = [
    `PS C:\\> Test-OrganizationRelationship -Identity "O365 to On-premises*" -UserIdentity ${user} -Verbose`,
    '',
    `Begin testing for organization relationship CN=O365 to On-premises - 3f1c2b7e-8d41-4f0a-9c55-1e0b7a6d2c90,CN=Federation,CN=Configuration,CN=${domain.split('.')[0]}.onmicrosoft.com,CN=ConfigurationUnits,DC=EURPR04A008,DC=prod,DC=outlook,DC=com, enabled state True.`,
    '',
    'STEP 1: Validating user configuration',
    'RESULT: Success.',
    '',
    'STEP 2: Getting federation information from remote organization...',
    `VERBOSE: Getting Federation information for domain ${domain} from endpoint https://autodiscover.${domain}/autodiscover/autodiscover.svc.`,
    'RESULT: Success.',
    '',
    'STEP 3: Validating consistency in returned federation information',
    'RESULT: Success.',
    '',
    'STEP 4: Requesting delegation token from the STS...',
    `VERBOSE: Generating delegation token for user ${user} for application FYDIBOHF25SPDLT.${domain}.`,
  ];
  if (!fault) {
    return [
      ...head,
      'VERBOSE: Token successfully generated.',
      'RESULT: Success.',
      `Retrieved token for target https://autodiscover.${domain}/autodiscover/autodiscover.svc/WSSecurity for offer Autodiscover`,
      '',
      'STEP 5: Getting organization relationship setting from remote partner...',
      'RESULT: Success.',
      '',
      'STEP 6: Validating organization relationships returned from remote partner',
      'RESULT: Success.',
      '',
      'LAST STEP: Writing results...',
      'No Significant Issues to Report',
      '',
      'COMPLETE.',
      '',
    ].join('\n');
  }
  const code = fault.code ? `<psf:code>${fault.code}</psf:code>` : '';
  return [
    ...head,
    'VERBOSE:',
    `<S:Fault xmlns:S="http://www.w3.org/2003/05/soap-envelope"><S:Code><S:Value>S:Sender</S:Value><S:Subcode><S:Value>wst:FailedAuthentication</S:Value></S:Subcode></S:Code><S:Reason><S:Text xml:lang="en-US">Authentication Failure</S:Text></S:Reason><S:Detail><psf:error xmlns:psf="http://schemas.microsoft.com/Passport/SoapServices/SOAPFault"><psf:value>0x80048821</psf:value><psf:internalerror>${code}<psf:text>${fault.text}</psf:text></psf:internalerror></psf:error></S:Detail></S:Fault>`,
    'VERBOSE: Failed to get delegation token: Microsoft.Exchange.Net.WSTrust.SoapFaultException: Soap fault exception received.',
    '   at Microsoft.Exchange.Net.WSTrust.SecurityTokenService.EndIssueToken(IAsyncResult asyncResult)',
    '   at Microsoft.Exchange.Net.WSTrust.SecurityTokenService.IssueToken(DelegationTokenRequest request, XmlWriter xmlWriter)',
    'RESULT: Error.',
    '',
    'LAST STEP: Writing results...',
    '',
    'RunspaceId  : 3c9a1e27-5b4d-4f60-9e8a-7d21c0b4f5e3',
    'Identity    :',
    'Id          : FailureToGetDelegationToken',
    'Status      : Error',
    'Description : Failed to get delegation token: Microsoft.Exchange.Net.WSTrust.SoapFaultException: Soap fault exception',
    '              received.',
    '                 at Microsoft.Exchange.Net.WSTrust.SecurityTokenService.EndIssueToken(IAsyncResult asyncResult)',
    'IsValid     : True',
    'ObjectState : New',
    '',
    'COMPLETE.',
    '',
  ].join('\n');
}

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
