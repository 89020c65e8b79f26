import type { Story } from './types.js';

const EWS_URL = 'https://mail.proseware.com/EWS/Exchange.asmx';
const CLOUD_MAILBOX = 'diego.s@proseware.com';

const REPORTED =
  'Microsoft.Exchange.InfoWorker.Common.Availability.ProxyWebRequestProcessingException: Proxy web request failed. , inner exception: An internal server error occurred. The operation failed. Name of the server where exception originated: BL0PR02MB4833. LID: 59916';

function oauthTest(exception: string): string {
  return String.raw`PS C:\> Test-OAuthConnectivity -Service EWS -TargetUri ${EWS_URL} -Mailbox ${CLOUD_MAILBOX} -Verbose | FL


Task        : Checking EWS API Call Under Oauth
Detail      : The configuration was last successfully loaded at 01/01/0001 00:00:00 UTC. This was 1065821 minutes ago.
              The token cache is being cleared because "use cached token" was set to false.
              Exchange Outbound Oauth Log:
              Client request ID: 5c8e1a37-4b2d-4f90-a6e3-9d7b0c2f1e48
              Exchange Response Details:
              HTTP response message:
              Exception:
${exception}
ResultType  : Error
Identity    : Microsoft.Exchange.Security.OAuth.ValidationResultNodeId
IsValid     : True
ObjectState : New
`;
}

const TEST_500 = oauthTest(`              System.Net.WebException: The remote server returned an error: (500) Internal Server Error.
                 at System.Net.HttpWebRequest.GetResponse()
                 at Microsoft.Exchange.Monitoring.TestOAuthConnectivityHelper.SendExchangeOAuthRequest(ADUser user, String orgDomain, Uri targetUri, String& diagnosticMessage, Boolean appOnly, Boolean useCachedToken, Boolean reloadConfig)`);

const TEST_INVALID_SIGNATURE = oauthTest(`              System.Net.WebException: The remote server returned an error: (401) Unauthorized.
                 at System.Net.HttpWebRequest.GetResponse()
                 at Microsoft.Exchange.Monitoring.TestOAuthConnectivityHelper.SendExchangeOAuthRequest(ADUser user, String orgDomain, Uri targetUri, String& diagnosticMessage, Boolean appOnly, Boolean useCachedToken, Boolean reloadConfig, diagnostics: 2000000;reason="The token has an invalid signature.";error_category="invalid_signature"`);

function servers(builds: [string, string][]): string {
  let out = String.raw`[PS] C:\Windows\system32>Get-ExchangeServer | FL Name,AdminDisplayVersion` + '\n\n\n';
  for (const [name, build] of builds) out += `Name                : ${name}\nAdminDisplayVersion : Version ${build}\n\n`;
  return out;
}

function serviceHealth(server: string, mailboxRoleOk: boolean): string {
  return String.raw`[PS] C:\Windows\system32>Test-ServiceHealth -Server ${server}


Role                    : Mailbox Server Role
RequiredServicesRunning : ${mailboxRoleOk ? 'True' : 'False'}
ServicesRunning         : {IISAdmin, MSExchangeADTopology, MSExchangeDelivery, MSExchangeEdgeSync, MSExchangeFastSearch,
                          MSExchangeHM, MSExchangeIS, MSExchangeMailboxAssistants, MSExchangeMailboxReplication,
                          MSExchangeRepl, MSExchangeRPC, MSExchangeSubmission, MSExchangeThrottling,
                          MSExchangeTransportLogSearch, W3Svc, WinRM}
ServicesNotRunning      : {${mailboxRoleOk ? '' : 'MSExchangeServiceHost'}}

Role                    : Client Access Server Role
RequiredServicesRunning : True
ServicesRunning         : {IISAdmin, MSExchangeADTopology, MSExchangeMailboxReplication, MSExchangeRPC,
                          MSExchangeServiceHost, W3Svc, WinRM}
ServicesNotRunning      : {}

Role                    : Unified Messaging Server Role
RequiredServicesRunning : True
ServicesRunning         : {IISAdmin, MSExchangeADTopology, MSExchangeServiceHost, MSExchangeUM, W3Svc, WinRM}
ServicesNotRunning      : {}

Role                    : Hub Transport Server Role
RequiredServicesRunning : True
ServicesRunning         : {IISAdmin, MSExchangeADTopology, MSExchangeEdgeSync, MSExchangeServiceHost, MSExchangeTransport,
                          MSExchangeTransportLogSearch, W3Svc, WinRM}
ServicesNotRunning      : {}

`;
}

const START: [string, string[]][] = [
  [REPORTED, ['**Proxy web request failed: An internal server error occurred. The operation failed.**', 'What is the external EWS URL']],
  [EWS_URL, ['Which Exchange Online (cloud) mailbox is affected?']],
  [CLOUD_MAILBOX, [`Test-OAuthConnectivity -Service EWS -TargetUri ${EWS_URL} -Mailbox ${CLOUD_MAILBOX} -Verbose | FL`]],
  [TEST_500, ['Found: On-premises EWS answers the OAuth call with 500 Internal Server Error', 'Get-ExchangeServer | FL Name,AdminDisplayVersion']],
];

export const stories: Story[] = [
  {
    name: 'the servers run Version 15.1 (Build 1415.2), Exchange 2016 CU8: installing a current CU fixes it',
    errorId: 'oauth-500-internal-server-error',
    turns: [
      ...START,
      [servers([['PRS-EX01', '15.1 (Build 1415.2)'], ['PRS-EX02', '15.1 (Build 1415.2)']]), ['Found: A server runs Version 15.1 (Build 1415.2), which is Exchange 2016 CU8', 'Fix: Install Exchange 2016 CU9 or later', 'Setup.exe /Mode:Upgrade']],
      ['Yes, it works now', ['fixed', 'Cause: A known OAuth defect in Exchange 2016 CU8']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'CU23 (Build 2507.6) rules out the CU8 defect; Test-ServiceHealth shows RequiredServicesRunning False: the services are started',
    errorId: 'oauth-500-internal-server-error',
    turns: [
      ...START,
      [servers([['PRS-EX01', '15.1 (Build 2507.6)'], ['PRS-EX02', '15.1 (Build 2507.6)']]), ['Found: No server runs Exchange 2016 CU8', 'What is the name of one of your on-premises Exchange servers?']],
      ['PRS-EX02', ['Test-ServiceHealth -Server PRS-EX02']],
      [serviceHealth('PRS-EX02', false), ['Found: Required Exchange services are not running on PRS-EX02', 'Fix: Start the stopped Exchange services', 'Start-Service']],
      ['Yes, it works now', ['fixed', 'Start the stopped Exchange services']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'services and application pools run, the IIS logs show the 500: Microsoft Support',
    errorId: 'oauth-500-internal-server-error',
    turns: [
      ...START,
      [servers([['PRS-EX01', '15.1 (Build 2507.6)']]), ['Found: No server runs Exchange 2016 CU8']],
      ['PRS-EX01', ['Test-ServiceHealth -Server PRS-EX01']],
      [serviceHealth('PRS-EX01', true), ['Found: All required Exchange services are running on PRS-EX01', 'MSExchangeServicesAppPool']],
      ['Yes', ['Browse the endpoints and find the 500 in the IIS logs', EWS_URL]],
      ['Both URLs load and the IIS logs show the free/busy requests with 500', ['Exchange itself answers with 500', '**Escalation**', 'This needs Microsoft Support']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
  {
    name: 'the build cannot be read, the admin confirms Exchange 2016 CU8: a current CU fixes it',
    errorId: 'oauth-500-internal-server-error',
    turns: [
      ...START,
      ['skip', ['Do the on-premises servers run Exchange 2016 CU8?']],
      ['Yes, Exchange 2016 CU8', ['The servers run Exchange 2016 CU8', 'Fix: Install Exchange 2016 CU9 or later']],
      ['Yes, it works now', ['fixed']],
    ],
    ends: 'resolved',
  },
  {
    name: 'the EWS test shows an invalid token signature instead of a 500: the walk ends and points to that error',
    errorId: 'oauth-500-internal-server-error',
    turns: [
      [REPORTED, ['What is the external EWS URL']],
      [EWS_URL, ['Which Exchange Online (cloud) mailbox is affected?']],
      [CLOUD_MAILBOX, ['Test-OAuthConnectivity']],
      [TEST_INVALID_SIGNATURE, ['Found: The test shows an invalid token signature instead of a 500', 'This is the invalid-signature error']],
    ],
    ends: 'ended',
    branchOnPaste: true,
  },
];
