import type { Story } from './types.js';

const USER = 'nadia.petrova@alpineskihouse.com';

const ERROR = `Microsoft.Exchange.Net.WSTrust.SoapFaultException: Soap fault exception received. <S:Fault xmlns:S="http://www.w3.org/2003/05/soap-envelope"><S:Code><S:Value>S:Sender</S:Value><S:Subcode><S:Value>wst:FailedAuthentication</S:Value></S:Subcode></S:Code><S:Reason><S:Text xml:lang="en-US">Authentication Failure</S:Text></S:Reason><S:Detail><psf:error xmlns:psf="http://schemas.microsoft.com/Passport/SoapServices/SOAPFault"><psf:value>0x80048821</psf:value><psf:internalerror><psf:code>0x80041034</psf:code><psf:text>The specified member name is either invalid or empty. </psf:text></psf:internalerror></psf:error></S:Detail></S:Fault> Name of the server where exception originated: CH3PR05MB8890.namprd05.prod.outlook.com`;

/** Exchange Online PowerShell (remote PowerShell session): the ImmutableId is a base64 source anchor, not an address. */
const TEST_FORMAT_EXCEPTION_RPS = `PS C:\\> Test-OrganizationRelationship -Identity "O365 to On-premises*" -UserIdentity ${USER} -Verbose
The email address "k3Fq8wPzZ0e2RxVmLq9tYw==" isn't correct. Please use this format: user name, the @ sign, followed by
the domain name. For example, tonysmith@contoso.com or tony.smith@contoso.com.
    + CategoryInfo          : NotSpecified: (:) [Test-OrganizationRelationship], FormatException
    + FullyQualifiedErrorId : [Server=MW4PR11MB5821,RequestId=0b6d2f1e-93c4-4a7e-8d55-f3a1c2e4b907,TimeStamp=3/11/2025 9:
   14:52 AM] [FailureCategory=Cmdlet-FormatException] 5C1E7A2B,Microsoft.Exchange.Management.SystemConfigurationTasks.T
  estOrganizationRelationship
    + PSComputerName        : outlook.office365.com
`;

/** The same failure through the REST-based ExchangeOnlineManagement V3 module. */
const TEST_FORMAT_EXCEPTION_V3 = `PS C:\\> Test-OrganizationRelationship -Identity "O365 to On-premises*" -UserIdentity ${USER} -Verbose
Write-ErrorMessage : |System.FormatException|The email address "k3Fq8wPzZ0e2RxVmLq9tYw==" isn't correct. Please use
this format: user name, the @ sign, followed by the domain name. For example, tonysmith@contoso.com or
tony.smith@contoso.com.
At C:\\Users\\admin\\AppData\\Local\\Temp\\tmpEXO_2vlm4k3q.a1x\\tmpEXO_2vlm4k3q.a1x.psm1:1204 char:13
+             Write-ErrorMessage $ErrorObject
+             ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : NotSpecified: (:) [Test-OrganizationRelationship], FormatException
    + FullyQualifiedErrorId : [Server=MW4PR11MB5821,RequestId=0b6d2f1e-93c4-4a7e-8d55-f3a1c2e4b907,TimeStamp=Tue, 11 Ma
   r 2025 09:14:52 GMT],Write-ErrorMessage
`;

/** The test fails at the token request with the member name fault itself, no ImmutableId problem. */
const TEST_MEMBER_NAME = `PS C:\\> Test-OrganizationRelationship -Identity "O365 to On-premises*" -UserIdentity ${USER} -Verbose

Begin testing for organization relationship CN=O365 to On-premises - 6e2f9c10-7a3b-4d85-b1e4-2c9d0f8a7e36,CN=Federation,CN=Configuration,CN=alpineskihouse.onmicrosoft.com,CN=ConfigurationUnits,DC=NAMPR11A004,DC=prod,DC=outlook,DC=com, enabled state True.

STEP 1: Validating user configuration
RESULT: Success.

STEP 2: Getting federation information from remote organization...
RESULT: Success.

STEP 3: Validating consistency in returned federation information
RESULT: Success.

STEP 4: Requesting delegation token from the STS...
VERBOSE: Generating delegation token for user ${USER} for application FYDIBOHF25SPDLT.alpineskihouse.com.
VERBOSE:
<S:Fault xmlns:S="http://www.w3.org/2003/05/soap-envelope"><S:Code><S:Value>S:Sender</S:Value><S:Subcode><S:Value>wst:FailedAuthentication</S:Value></S:Subcode></S:Code><S:Reason><S:Text xml:lang="en-US">Authentication Failure</S:Text></S:Reason><S:Detail><psf:error xmlns:psf="http://schemas.microsoft.com/Passport/SoapServices/SOAPFault"><psf:value>0x80048821</psf:value><psf:internalerror><psf:code>0x80041034</psf:code><psf:text>The specified member name is either invalid or empty. </psf:text></psf:internalerror></psf:error></S:Detail></S:Fault>
VERBOSE: Failed to get delegation token: Microsoft.Exchange.Net.WSTrust.SoapFaultException: Soap fault exception received.
   at Microsoft.Exchange.Net.WSTrust.SecurityTokenService.EndIssueToken(IAsyncResult asyncResult)
RESULT: Error.

LAST STEP: Writing results...

RunspaceId  : 9b3e5d71-0c2a-4f84-b6e9-1d7a2c5f8e03
Identity    :
Id          : FailureToGetDelegationToken
Status      : Error
Description : Failed to get delegation token: Microsoft.Exchange.Net.WSTrust.SoapFaultException: Soap fault exception
              received.
IsValid     : True
ObjectState : New

COMPLETE.
`;

const REMOTE_MAILBOX = `[PS] C:\\Windows\\system32>Get-RemoteMailbox -Identity ${USER} | FL UserPrincipalName,ImmutableId


UserPrincipalName : ${USER}
ImmutableId       : k3Fq8wPzZ0e2RxVmLq9tYw==

`;

const CLOUD_MAILBOX = `PS C:\\> Get-Mailbox -Identity ${USER} | FL ImmutableId


ImmutableId : k3Fq8wPzZ0e2RxVmLq9tYw==

`;

/** The relationship that points on-premises only knows the German domain, not alpineskihouse.com. */
const CLOUD_ORGREL_MISSING_DOMAIN = `PS C:\\> Get-OrganizationRelationship "O365 to On-premises*" | FL Identity,DomainNames,Enabled,FreeBusyAccessEnabled,FreeBusyAccessLevel,TargetApplicationUri,TargetAutodiscoverEpr,TargetSharingEpr


Identity              : O365 to On-premises - 6e2f9c10-7a3b-4d85-b1e4-2c9d0f8a7e36
DomainNames           : {alpineskihouse.de}
Enabled               : True
FreeBusyAccessEnabled : True
FreeBusyAccessLevel   : LimitedDetails
TargetApplicationUri  : FYDIBOHF25SPDLT.alpineskihouse.com
TargetAutodiscoverEpr : https://autodiscover.alpineskihouse.com/autodiscover/autodiscover.svc/WSSecurity
TargetSharingEpr      :

`;

const CLOUD_ORGREL_OK = `PS C:\\> Get-OrganizationRelationship "O365 to On-premises*" | FL Identity,DomainNames,Enabled,FreeBusyAccessEnabled,FreeBusyAccessLevel,TargetApplicationUri,TargetAutodiscoverEpr,TargetSharingEpr


Identity              : O365 to On-premises - 6e2f9c10-7a3b-4d85-b1e4-2c9d0f8a7e36
DomainNames           : {alpineskihouse.com, alpineskihouse.de}
Enabled               : True
FreeBusyAccessEnabled : True
FreeBusyAccessLevel   : LimitedDetails
TargetApplicationUri  : FYDIBOHF25SPDLT.alpineskihouse.com
TargetAutodiscoverEpr : https://autodiscover.alpineskihouse.com/autodiscover/autodiscover.svc/WSSecurity
TargetSharingEpr      :

`;

const FED_TRUST_TOKEN_ERROR = `[PS] C:\\Windows\\system32>Test-FederationTrust -UserIdentity ingrid.holm@alpineskihouse.com -Verbose -Debug
VERBOSE: [09:41:02.117 GMT] Test-FederationTrust : Beginning processing &
DEBUG: [09:41:03.512 GMT] Test-FederationTrust : Requesting delegation token for user 'ingrid.holm@alpineskihouse.com' from 'https://login.microsoftonline.com/extSTS.srf'.
VERBOSE: [09:41:04.902 GMT] Test-FederationTrust : Failed to request delegation token. Reason: <S:Fault xmlns:S="http://www.w3.org/2003/05/soap-envelope"><S:Code><S:Value>S:Sender</S:Value><S:Subcode><S:Value>wst:FailedAuthentication</S:Value></S:Subcode></S:Code><S:Reason><S:Text xml:lang="en-US">Authentication Failure</S:Text></S:Reason></S:Fault>

Id                           Type    Message
--                           ----    -------
FederationTrustConfiguration Success FederationTrust object in ActiveDirectory is valid.
FederationMetadata           Success The federation trust contains the same certificates published by the security token service in its federation metadata.
StsCertificate               Success Valid certificate referenced by property TokenIssuerCertificate in the FederationTrust object.
StsPreviousCertificate       Success Valid certificate referenced by property TokenIssuerPrevCertificate in the FederationTrust object.
OrganizationCertificate      Success Valid certificate referenced by property OrgPrivCertificate in the FederationTrust object.
TokenRequest                 Error   Failed to request delegation token.
TokenValidation              Error   No delegation token to validate.


VERBOSE: [09:41:05.117 GMT] Test-FederationTrust : Ending processing &
`;

export const stories: Story[] = [
  {
    name: 'the UPN flip to onmicrosoft.com and back fixes it',
    errorId: 'member-name-invalid-or-empty',
    turns: [
      [ERROR, ['The specified member name is either invalid or empty', 'Which Exchange Online (cloud) mailbox']],
      [USER, ['temporary UPN']],
      ['nadia.petrova@alpineskihouse.onmicrosoft.com', ['Set-AzureADUser -ObjectID nadia.petrova@alpineskihouse.com -UserPrincipalName nadia.petrova@alpineskihouse.onmicrosoft.com', 'Set-MsolUserPrincipalName -UserPrincipalName nadia.petrova@alpineskihouse.onmicrosoft.com -NewUserPrincipalName nadia.petrova@alpineskihouse.com', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Move the UPN to the onmicrosoft.com domain and back']],
    ],
    ends: 'resolved',
  },
  {
    name: 'synced user: the test shows the ImmutableId FormatException, the remote mailbox holds the base64 anchor, clearing it fixes it',
    errorId: 'member-name-invalid-or-empty',
    turns: [
      [ERROR, ['Which Exchange Online (cloud) mailbox']],
      [USER, ['temporary UPN']],
      ['nadia.petrova@alpineskihouse.onmicrosoft.com', ['Set-AzureADUser']],
      ['No, still broken', ['Check AD FS for federated logon domains']],
      ['Not federated, or AD FS looks fine', ['Test-OrganizationRelationship -Identity "O365 to On-premises*" -UserIdentity nadia.petrova@alpineskihouse.com -Verbose', 'Exchange Online PowerShell']],
      [TEST_FORMAT_EXCEPTION_RPS, ['FormatException on the user\'s ImmutableId', 'Is the user synced from on-premises?']],
      ['Synced from on-premises', ['Get-RemoteMailbox -Identity nadia.petrova@alpineskihouse.com | FL UserPrincipalName,ImmutableId', 'Exchange Management Shell']],
      [REMOTE_MAILBOX, ['ImmutableId on the remote mailbox is k3Fq8wPzZ0e2RxVmLq9tYw==', 'Set-RemoteMailbox -Identity nadia.petrova@alpineskihouse.com -ImmutableId $null', 'Start-ADSyncSyncCycle -PolicyType Delta']],
      ['Yes, it works now', ['fixed', 'Clear the ImmutableId on the remote mailbox']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'cloud-only user (EXO V3 module error format): the ImmutableId on the cloud mailbox is cleared',
    errorId: 'member-name-invalid-or-empty',
    turns: [
      ['Authentication Failure wst:FailedAuthentication 0x80048821 0x80041034 The specified member name is either invalid or empty.', ['The specified member name is either invalid or empty']],
      [USER, ['temporary UPN']],
      ['nadia.petrova@alpineskihouse.onmicrosoft.com', ['Set-AzureADUser']],
      ['No, still broken', ['Check AD FS for federated logon domains']],
      ['Not federated, or AD FS looks fine', ['Test-OrganizationRelationship']],
      [TEST_FORMAT_EXCEPTION_V3, ['FormatException on the user\'s ImmutableId', 'Is the user synced from on-premises?']],
      ['Cloud-only', ['Get-Mailbox -Identity nadia.petrova@alpineskihouse.com | FL ImmutableId']],
      [CLOUD_MAILBOX, ['ImmutableId on the cloud mailbox is k3Fq8wPzZ0e2RxVmLq9tYw==', 'Set-Mailbox -Identity nadia.petrova@alpineskihouse.com -ImmutableId $null']],
      ['Yes, it works now', ['fixed', 'Clear the ImmutableId on the cloud mailbox']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'no FormatException, only the member name fault: the organization relationship lacks the on-premises domain',
    errorId: 'member-name-invalid-or-empty',
    turns: [
      [ERROR, ['Which Exchange Online (cloud) mailbox']],
      [USER, ['temporary UPN']],
      ['nadia.petrova@alpineskihouse.onmicrosoft.com', ['Set-AzureADUser']],
      ['No, still broken', ['Check AD FS']],
      ['Federated, and I found a problem in AD FS', ['Correct the AD FS rules or endpoints', 'Did this fix it?']],
      ['No, still broken', ['Test-OrganizationRelationship']],
      [TEST_MEMBER_NAME, ['repeats the member name error but shows no ImmutableId FormatException', 'on-premises SMTP domain']],
      ['alpineskihouse.com', ['Get-OrganizationRelationship "O365 to On-premises*" | FL Identity,DomainNames,Enabled,FreeBusyAccessEnabled,FreeBusyAccessLevel,TargetApplicationUri,TargetAutodiscoverEpr,TargetSharingEpr']],
      [CLOUD_ORGREL_MISSING_DOMAIN, ['DomainNames of the Exchange Online organization relationship does not contain alpineskihouse.com', 'Set-OrganizationRelationship "O365 to On-premises*" -DomainNames @{add="alpineskihouse.com"}']],
      ['Yes, it works now', ['fixed', 'Bring the organization relationship back to the baseline']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'relationship matches the baseline, the federation trust test fails, recreating the trust does not help: escalated',
    errorId: 'member-name-invalid-or-empty',
    turns: [
      [ERROR, ['Which Exchange Online (cloud) mailbox']],
      [USER, ['temporary UPN']],
      ['nadia.petrova@alpineskihouse.onmicrosoft.com', ['Set-AzureADUser']],
      ['No, still broken', ['Check AD FS']],
      ['Not federated, or AD FS looks fine', ['Test-OrganizationRelationship']],
      [TEST_MEMBER_NAME, ['repeats the member name error', 'on-premises SMTP domain']],
      ['alpineskihouse.com', ['Get-OrganizationRelationship']],
      [CLOUD_ORGREL_OK, ['matches the baseline', 'Which on-premises mailbox']],
      ['ingrid.holm@alpineskihouse.com', ['Test-FederationTrust -UserIdentity ingrid.holm@alpineskihouse.com -Verbose -Debug']],
      [FED_TRUST_TOKEN_ERROR, ['Test-FederationTrust reports an error', 'Recreate the on-premises federation trust', 'Remove-FederatedDomain -DomainName alpineskihouse.com -Force']],
      ['No, still broken', ['**Escalation**', 'Microsoft Support']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
];
