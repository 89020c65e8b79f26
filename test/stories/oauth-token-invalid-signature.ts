import type { Story } from './types.js';

const EWS_URL = 'https://owa.litware.com/EWS/Exchange.asmx';
const CLOUD_MAILBOX = 'pradeep.g@litware.com';
const TENANT_ID = '3f6b9d21-7c4e-4a85-b0d2-9e1f5a8c7b43';

/** The admin's first message: the decisive tail of the Test-OAuthConnectivity exception. */
const REPORTED =
  'System.Net.WebException: The remote server returned an error: (401) Unauthorized. Boolean reloadConfig, diagnostics: 2000000;reason="The token has an invalid signature.";error_category="invalid_signature"';

function oauthTest(exception: string): string {
  return String.raw`PS C:\> Test-OAuthConnectivity -Service EWS -TargetUri ${EWS_URL} -Mailbox ${CLOUD_MAILBOX} -Verbose | FL


Task        : Checking EWS API Call Under Oauth
Detail      : The configuration was last successfully loaded at 01/01/0001 00:00:00 UTC. This was 1066240 minutes ago.
              The token cache is being cleared because "use cached token" was set to false.
              Exchange Outbound Oauth Log:
              Client request ID: 0b6d2f84-9e1a-4c37-a5f2-8d3e7b1c4a90
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

const TEST_INVALID_SIGNATURE = oauthTest(`              System.Net.WebException: The remote server returned an error: (401) Unauthorized.
                 at System.Net.HttpWebRequest.GetResponse()
                 at Microsoft.Exchange.Monitoring.TestOAuthConnectivityHelper.SendExchangeOAuthRequest(ADUser user, String orgDomain, Uri targetUri, String& diagnosticMessage, Boolean appOnly, Boolean useCachedToken, Boolean reloadConfig, diagnostics: 2000000;reason="The token has an invalid signature.";error_category="invalid_signature"`);

const TEST_500 = oauthTest(`              System.Net.WebException: The remote server returned an error: (500) Internal Server Error.
                 at System.Net.HttpWebRequest.GetResponse()
                 at Microsoft.Exchange.Monitoring.TestOAuthConnectivityHelper.SendExchangeOAuthRequest(ADUser user, String orgDomain, Uri targetUri, String& diagnosticMessage, Boolean appOnly, Boolean useCachedToken, Boolean reloadConfig)`);

/** Get-AuthServer with the Microsoft (ACS) server first and the EvoSts server of hybrid modern authentication after it. */
function authServers(acs: { name?: string; enabled?: string; tokenIssuingEndpoint?: string } = {}): string {
  return String.raw`[PS] C:\Windows\system32>Get-AuthServer | FL Name, IssuerIdentifier, TokenIssuingEndpoint, AuthMetadataUrl, Enabled


Name                 : ${acs.name ?? 'WindowsAzureACS'}
IssuerIdentifier     : 00000001-0000-0000-c000-000000000000
TokenIssuingEndpoint : ${acs.tokenIssuingEndpoint ?? `https://accounts.accesscontrol.windows.net/${TENANT_ID}/tokens/OAuth/2`}
AuthMetadataUrl      : https://accounts.accesscontrol.windows.net/litware.onmicrosoft.com/metadata/json/1
Enabled              : ${acs.enabled ?? 'True'}

Name                 : EvoSts - ${TENANT_ID}
IssuerIdentifier     : https://sts.windows.net/${TENANT_ID}/
TokenIssuingEndpoint : https://login.windows.net/${TENANT_ID}/oauth2/token
AuthMetadataUrl      : https://login.windows.net/litware.onmicrosoft.com/federationmetadata/2007-06/federationmetadata.xml
Enabled              : True

`;
}

const MSOL_CERT = String.raw`PS C:\> Connect-MsolService
PS C:\> Get-MsolServicePrincipalCredential -ServicePrincipalName "00000002-0000-0ff1-ce00-000000000000" -ReturnKeyValues $true


Type      : Asymmetric
Value     : MIIDHDCCAgSgAwIBAgIQLhXq7mVb9qZJm0cP1cE2NTANBgkqhkiG9w0BAQsFADA1MTMwMQYDVQQDHipNaWNyb3NvZnQgRXhjaGFuZ2UgU2Vy
            dmVyIEF1dGggQ2VydGlmaWNhdGUwHhcNMTkwNDI3MTA0MTA3WhcNMjQwNDI3MTA0MTA3WjA1MTMwMQYDVQQDHipNaWNyb3NvZnQgRXhj
KeyId     : 8b4f6c2e-1d3a-4e5b-9c7d-0e2f4a6b8c1d
StartDate : 3/2/2025 9:15:22 AM
EndDate   : 3/2/2030 9:15:22 AM
Usage     : Verify

`;

/** The report, the two variables and the EWS test. */
const START: [string, string[]][] = [
  [REPORTED, ['**The request failed with HTTP status 401: Unauthorized (token has an invalid signature)**', 'What is the external EWS URL']],
  [EWS_URL, ['Which Exchange Online (cloud) mailbox is affected?']],
  [CLOUD_MAILBOX, [`Test-OAuthConnectivity -Service EWS -TargetUri ${EWS_URL} -Mailbox ${CLOUD_MAILBOX} -Verbose | FL`, 'Exchange Online PowerShell']],
];

/** The EWS test confirms the error, the metadata refresh does not help, the tenant ID is asked for the auth server check. */
const TO_AUTH_SERVER: [string, string[]][] = [
  ...START,
  [TEST_INVALID_SIGNATURE, ['Found: On-premises Exchange rejects the Exchange Online token', 'Set-AuthServer "WindowsAzureACS" -RefreshAuthMetadata']],
  ['No, still broken', ['What is your Microsoft 365 tenant ID']],
  [TENANT_ID, ['Get-AuthServer | FL Name, IssuerIdentifier, TokenIssuingEndpoint, AuthMetadataUrl, Enabled']],
];

export const stories: Story[] = [
  {
    name: 'the EWS OAuth test shows invalid_signature: refreshing the auth metadata fixes it',
    errorId: 'oauth-token-invalid-signature',
    turns: [
      ...START,
      [TEST_INVALID_SIGNATURE, ['Found: On-premises Exchange rejects the Exchange Online token because its signature cannot be verified', 'Fix: Refresh the authorization metadata', 'Set-AuthServer "WindowsAzureACS" -RefreshAuthMetadata']],
      ['Yes, it works now', ['fixed', 'Refresh the authorization metadata']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the WindowsAzureACS auth server reads Enabled False: the Hybrid Configuration Wizard resets it',
    errorId: 'oauth-token-invalid-signature',
    turns: [
      ...TO_AUTH_SERVER,
      [authServers({ enabled: 'False' }), ['Found: Enabled is False on the Microsoft authorization server', 'Fix: Reset the authorization server settings with the Hybrid Configuration Wizard']],
      ['Yes, it works now', ['fixed', 'Cause: The authorization server object on-premises has wrong or missing settings']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'TokenIssuingEndpoint names another tenant: the Hybrid Configuration Wizard resets it',
    errorId: 'oauth-token-invalid-signature',
    turns: [
      ...TO_AUTH_SERVER,
      [
        authServers({ tokenIssuingEndpoint: 'https://accounts.accesscontrol.windows.net/9c2e7a41-5b8d-4f36-a1e0-7d4b3c9f2e18/tokens/OAuth/2' }),
        ['Found: TokenIssuingEndpoint is https://accounts.accesscontrol.windows.net/9c2e7a41-5b8d-4f36-a1e0-7d4b3c9f2e18/tokens/OAuth/2, which does not contain your tenant ID 3f6b9d21-7c4e-4a85-b0d2-9e1f5a8c7b43', 'Hybrid Configuration Wizard'],
      ],
      ['Yes, it works now', ['fixed']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the Microsoft auth server is named AzureACS: its metadata is refreshed under that name',
    errorId: 'oauth-token-invalid-signature',
    turns: [
      ...TO_AUTH_SERVER,
      [authServers({ name: 'AzureACS' }), ['Found: The Microsoft authorization server is named AzureACS instead of WindowsAzureACS', 'Set-AuthServer "AzureACS" -RefreshAuthMetadata']],
      ['Yes, it works now', ['fixed', 'Refresh the metadata of the authorization server by its actual name']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'auth server settings are right and the certificate is registered: escalated',
    errorId: 'oauth-token-invalid-signature',
    turns: [
      ...TO_AUTH_SERVER,
      [authServers(), ['Found: The authorization server settings match the expected values', 'Get-MsolServicePrincipalCredential']],
      [MSOL_CERT, ['Compare the registered certificate with the on-premises one', 'Does one of the registered certificates match the on-premises OAuth certificate?']],
      ['Yes, they match', ['The on-premises OAuth certificate is registered in Microsoft Entra ID', '**Escalation**']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
  {
    name: 'the EWS test returns (500) Internal Server Error instead: the walk ends and points to the OAuth 500 error',
    errorId: 'oauth-token-invalid-signature',
    turns: [
      ...START,
      [TEST_500, ['Found: The EWS OAuth test ends in a 500 Internal Server Error instead', 'This is the OAuth 500 error']],
    ],
    ends: 'ended',
    branchOnPaste: true,
  },
];
