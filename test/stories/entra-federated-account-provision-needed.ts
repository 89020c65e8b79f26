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
