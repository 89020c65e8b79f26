import type { Story } from './types.js';
import { testOrgRel } from './outputs.js';


const CLOUD_USER = 'adele.vance@relecloud.com';
const ONPREM_USER = 'sam.ito@relecloud.com';

/** The cloud-side test gives up at the token request: the gateway did not answer in time. */
const CLOUD_TEST_TIMEOUT = `PS C:\\> Test-OrganizationRelationship -Identity "O365 to On-premises*" -UserIdentity ${CLOUD_USER} -Verbose

Begin testing for organization relationship CN=O365 to On-premises - 5ac0d2e4-7b19-4c3a-9f8e-2d6b1a0c4e77,CN=Federation,CN=Configuration,CN=relecloud.onmicrosoft.com,CN=ConfigurationUnits,DC=NAMPR08A005,DC=prod,DC=outlook,DC=com, enabled state True.

STEP 1: Validating user configuration
RESULT: Success.

STEP 2: Getting federation information from remote organization...
VERBOSE: Getting Federation information for domain relecloud.com from endpoint https://autodiscover.relecloud.com/autodiscover/autodiscover.svc.
VERBOSE: Unable to retrieve federation information for domain relecloud.com from endpoint https://autodiscover.relecloud.com/autodiscover/autodiscover.svc. Exception=Exception:
System.Net.WebException: The operation has timed out
   at System.Web.Services.Protocols.WebClientProtocol.GetWebResponse(WebRequest request)
RESULT: Unable to retrieve federation information from remote organization.  Doing local testing only.

STEP 3: Requesting delegation token from the STS...
VERBOSE: Generating delegation token for user ${CLOUD_USER} for application FYDIBOHF25SPDLT.relecloud.com.
VERBOSE: Token successfully generated.
RESULT: Success.
Retrieved token for target https://autodiscover.relecloud.com/autodiscover/autodiscover.svc/WSSecurity for offer Autodiscover

STEP 4: Getting organization relationship settings from remote partner...
VERBOSE: Unable to retrieve organization relationship information from endpoint https://autodiscover.relecloud.com/autodiscover/autodiscover.svc/WSSecurity. Exception=Exception:
System.Net.WebException: The operation has timed out
RESULT: Unable to retrieve organization relationships from remote organization.
RESULT: Error.

LAST STEP: Writing results...

RunspaceId  : 0e4b7c2a-91d3-4f65-8a2e-6c0d9b1f3a58
Identity    :
Id          : AutodiscoverServiceCallFailed
Status      : Error
Description : The Autodiscover call for organization relationship settings failed.
IsValid     : True
ObjectState : New

COMPLETE.
`;

/** The on-premises test, from the Exchange Management Shell: the token request to the gateway times out. */
const ONPREM_TEST_TIMEOUT = `[PS] C:\\Windows\\system32>Test-OrganizationRelationship -Identity "On-premises to O365*" -UserIdentity ${ONPREM_USER} -Verbose
VERBOSE: [14:21:10.541 GMT] Test-OrganizationRelationship : Active Directory session settings for 'Test-OrganizationRelationship' are: View Entire Forest: 'False', Default Scope: 'relecloud.local', Configuration Domain Controller: 'DC01.relecloud.local', Preferred Global Catalog: 'DC01.relecloud.local', Preferred Domain Controllers: '{ DC01.relecloud.local }'
VERBOSE: [14:21:10.557 GMT] Test-OrganizationRelationship : Beginning processing &

Begin testing for organization relationship CN=On-premises to O365 - 5ac0d2e4-7b19-4c3a-9f8e-2d6b1a0c4e77,CN=Federation,CN=Relecloud,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=relecloud,DC=local, enabled state True.

STEP 1: Validating user configuration
RESULT: Success.

STEP 2: Getting federation information from remote organization...
RESULT: Success.

STEP 3: Validating consistency in returned federation information
RESULT: Success.

STEP 4: Requesting delegation token from the STS...
VERBOSE: [14:21:12.884 GMT] Test-OrganizationRelationship : Generating delegation token for user ${ONPREM_USER} for application outlook.com.
VERBOSE: [14:22:52.901 GMT] Test-OrganizationRelationship : Failed to get delegation token: Microsoft.Exchange.Net.WSTrust.WSTrustException: An error occurred while communicating with the token service. ---> System.Net.WebException: The operation has timed out
   at System.Net.HttpWebRequest.EndGetResponse(IAsyncResult asyncResult)
RESULT: Error.

LAST STEP: Writing results...

Identity    :
Id          : FailureToGetDelegationToken
Status      : Error
Description : Failed to get delegation token: Microsoft.Exchange.Net.WSTrust.WSTrustException: An error occurred while
              communicating with the token service. ---> System.Net.WebException: The operation has timed out
IsValid     : True
ObjectState : New

COMPLETE.
VERBOSE: [14:22:53.104 GMT] Test-OrganizationRelationship : Ending processing &
`;

const FED_TRUST_TOKEN_ERROR = `[PS] C:\\Windows\\system32>Test-FederationTrust -UserIdentity ${ONPREM_USER} -Verbose
VERBOSE: [14:30:17.354 GMT] Test-FederationTrust : Active Directory session settings for 'Test-FederationTrust' are: View Entire Forest: 'False', Default Scope: 'relecloud.local', Configuration Domain Controller: 'DC01.relecloud.local', Preferred Global Catalog: 'DC01.relecloud.local', Preferred Domain Controllers: '{ DC01.relecloud.local }'
VERBOSE: [14:30:17.354 GMT] Test-FederationTrust : Beginning processing &
VERBOSE: [14:30:18.901 GMT] Test-FederationTrust : Requesting delegation token for user '${ONPREM_USER}' from 'https://login.microsoftonline.com/extSTS.srf'.

Id                           Type    Message
--                           ----    -------
FederationTrustConfiguration Success FederationTrust object in ActiveDirectory is valid.
FederationMetadata           Success The federation trust contains the same certificates published by the security token service in its federation metadata.
StsCertificate               Success Valid certificate referenced by property TokenIssuerCertificate in the FederationTrust object.
StsPreviousCertificate       Success Valid certificate referenced by property TokenIssuerPrevCertificate in the FederationTrust object.
OrganizationCertificate      Success Valid certificate referenced by property OrgPrivCertificate in the FederationTrust object.
TokenRequest                 Error   Failed to request delegation token.
TokenValidation              Error   No delegation token to validate.


VERBOSE: [14:32:01.117 GMT] Test-FederationTrust : Ending processing &
`;

const FED_TRUST_OK = `[PS] C:\\Windows\\system32>Test-FederationTrust -UserIdentity ${ONPREM_USER} -Verbose
VERBOSE: [14:30:17.354 GMT] Test-FederationTrust : Beginning processing &

Id                           Type    Message
--                           ----    -------
FederationTrustConfiguration Success FederationTrust object in ActiveDirectory is valid.
FederationMetadata           Success The federation trust contains the same certificates published by the security token service in its federation metadata.
StsCertificate               Success Valid certificate referenced by property TokenIssuerCertificate in the FederationTrust object.
StsPreviousCertificate       Success Valid certificate referenced by property TokenIssuerPrevCertificate in the FederationTrust object.
OrganizationCertificate      Success Valid certificate referenced by property OrgPrivCertificate in the FederationTrust object.
TokenRequest                 Success Request delegation token succeeded.
TokenValidation              Success Delegation token has been validated successfully.


VERBOSE: [14:30:19.117 GMT] Test-FederationTrust : Ending processing &
`;

const FED_CERT_MISSING_ON_EX02 = `[PS] C:\\Windows\\system32>Test-FederationTrustCertificate

Site                                            Server     State        Thumbprint
----                                            ------     -----        ----------
relecloud.local/Configuration/Sites/Default-... EX01       Installed    5F4E3D2C1B0A99887766554433221100FFEEDDCC
relecloud.local/Configuration/Sites/Default-... EX02       NotInstalled 5F4E3D2C1B0A99887766554433221100FFEEDDCC

`;

const FED_CERT_ALL_INSTALLED = `[PS] C:\\Windows\\system32>Test-FederationTrustCertificate

Site                                            Server     State        Thumbprint
----                                            ------     -----        ----------
relecloud.local/Configuration/Sites/Default-... EX01       Installed    5F4E3D2C1B0A99887766554433221100FFEEDDCC
relecloud.local/Configuration/Sites/Default-... EX02       Installed    5F4E3D2C1B0A99887766554433221100FFEEDDCC

`;

const ERROR = `The request timed out
Request could not be processed in time. Timeout occurred during 'Waiting-For-Request-Completion'.
Microsoft.Exchange.InfoWorker.Common.Availability.TimeoutExpiredException: Request could not be processed in time. Timeout occurred during 'Waiting-For-Request-Completion'.
Name of the server where exception originated: AM9PR02MB7284.eurprd02.prod.outlook.com.`;

export const stories: Story[] = [
  {
    name: 'cloud user, the token test times out, one server lacks the federation certificate: installing it fixes it',
    errorId: 'request-timed-out',
    turns: [
      [ERROR, ['The request timed out', 'Does the same timeout come back every time?']],
      ['Yes, consistently', ['Who is looking up whom?', 'A cloud user looks up an on-premises user']],
      ['A cloud user looks up an on-premises user', ['Which Exchange Online (cloud) mailbox']],
      [CLOUD_USER, ['Test-OrganizationRelationship -Identity "O365 to On-premises*" -UserIdentity adele.vance@relecloud.com -Verbose', 'Exchange Online PowerShell']],
      [CLOUD_TEST_TIMEOUT, ['The delegation token test itself times out for adele.vance@relecloud.com', 'Which on-premises mailbox']],
      [ONPREM_USER, ['Test-FederationTrust -UserIdentity sam.ito@relecloud.com -Verbose', 'Exchange Management Shell']],
      [FED_TRUST_TOKEN_ERROR, ['Test-FederationTrust reports an error on this server', 'Test-FederationTrustCertificate']],
      [FED_CERT_MISSING_ON_EX02, ['federation certificate State NotInstalled instead of Installed', 'Install the federation certificate where it is missing', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Install the federation certificate']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'on-premises user, token fine but certificate checks pass: outbound access was not open',
    errorId: 'request-timed-out',
    turns: [
      ["on-prem users looking at cloud mailboxes: Timeout occurred during 'Waiting-For-Request-Completion' (TimeoutExpiredException) every single time", ['The request timed out']],
      ['Yes, consistently', ['Who is looking up whom?']],
      ['An on-premises user looks up a cloud user', ['Which on-premises mailbox']],
      [ONPREM_USER, ['Test-OrganizationRelationship -Identity "On-premises to O365*" -UserIdentity sam.ito@relecloud.com -Verbose', 'Exchange Management Shell']],
      [ONPREM_TEST_TIMEOUT, ['The delegation token test itself times out on-premises for sam.ito@relecloud.com', 'Test-FederationTrust -UserIdentity sam.ito@relecloud.com']],
      [FED_TRUST_OK, ['This server gets a delegation token from the federation gateway', 'Test-FederationTrustCertificate']],
      [FED_CERT_ALL_INSTALLED, ['The federation certificate shows Installed on every server', 'Did any delegation token test fail?']],
      ['Yes, at least one failed', ['outbound internet access', 'Do all Exchange servers have that outbound access?']],
      ['No, or not sure', ['Open outbound access to the federation and availability endpoints', 'Get-ExchangeServer | FL Name,InternetWebProxy']],
      ['Yes, it works now', ['fixed', 'Open outbound access']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the cloud token test shows a per-user password error: the walk ends and points to that error',
    errorId: 'request-timed-out',
    turns: [
      [ERROR, ['The request timed out']],
      ['Yes, consistently', ['Who is looking up whom?']],
      ['A cloud user looks up an on-premises user', ['Which Exchange Online (cloud) mailbox']],
      [CLOUD_USER, ['Test-OrganizationRelationship']],
      [testOrgRel(CLOUD_USER, { text: 'The password has to be changed.' }), ['specific per-user error rather than a timeout', 'The test shows a specific delegation token error']],
    ],
    ends: 'ended',
    branchOnPaste: true,
  },
  {
    name: 'the timeout does not come back: transient',
    errorId: 'request-timed-out',
    turns: [
      ['free busy hybrid request could not be processed in time LID 43404', ['The request timed out', 'Does the same timeout come back every time?']],
      ['No, it works on later attempts', ['transient problem', 'Transient timeout']],
    ],
    ends: 'ended',
  },
];
