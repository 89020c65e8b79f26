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
