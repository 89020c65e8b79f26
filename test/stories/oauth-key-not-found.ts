import type { Story } from './types.js';

const ONPREM_MAILBOX = 's.brandt@northwindtraders.com';
const ONPREM_THUMBPRINT = '5A1C9E3B7D2F4A6C8E0B1D3F5A7C9E2B4D6F8A01';
const CLOUD_THUMBPRINT = 'E4B19C7A2D5F8E3B6A0C9D1F4E7B2A5C8D3F6E90';

/** The admin's first message: the AADSTS50012 lines of the on-premises OAuth test. */
const REPORTED = `Error:Unable to get token from Auth Server. Error code: 'invalid_client'. Description: 'AADSTS70002: Error validating credentials. AADSTS50012: Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${ONPREM_THUMBPRINT}'.`;

const TEST_KEY_NOT_FOUND = String.raw`[PS] C:\Windows\system32>Test-OAuthConnectivity -Service EWS -TargetUri https://outlook.office365.com/ews/exchange.asmx -Mailbox ${ONPREM_MAILBOX} -Verbose | FL


Task        : Checking EWS API Call Under Oauth
Detail      : The configuration was last successfully loaded at 01/01/0001 00:00:00 UTC. This was 1066187 minutes ago.
              The token cache is being cleared because "use cached token" was set to false.
              Exchange Outbound Oauth Log:
              Client request ID: 3e9b7c21-5a4d-4f8e-b1c6-d20a9f7e3b58
              Error:Unable to get token from Auth Server.
              Error code: 'invalid_client'.
              Description: 'AADSTS70002: Error validating credentials. AADSTS50012: Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${ONPREM_THUMBPRINT}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '00000002-0000-0ff1-ce00-000000000000'. Review the documentation at https://docs.microsoft.com/en-us/graph/api/resources/application?view=graph-rest-1.0 to learn how to get configured keys.]
              Trace ID: 6d1f0e4a-2b7c-4c3d-9e85-1a0b2c3d4e00
              Correlation ID: 9f8e7d6c-5b4a-4321-8f0e-1d2c3b4a5968
              Timestamp: 2025-11-23 13:58:41Z'.
              Exchange Response Details:
              HTTP response message:
              Exception:
              System.Net.WebException: The remote server returned an error: (401) Unauthorized.
                 at System.Net.HttpWebRequest.GetResponse()
                 at Microsoft.Exchange.Monitoring.TestOAuthConnectivityHelper.SendExchangeOAuthRequest(ADUser user, String orgDomain, Uri targetUri, String& diagnosticMessage, Boolean appOnly, Boolean useCachedToken, Boolean reloadConfig)
ResultType  : Error
Identity    : Microsoft.Exchange.Security.OAuth.ValidationResultNodeId
IsValid     : True
ObjectState : New

`;

const TEST_USER_NOT_EXIST = String.raw`[PS] C:\Windows\system32>Test-OAuthConnectivity -Service EWS -TargetUri https://outlook.office365.com/ews/exchange.asmx -Mailbox ${ONPREM_MAILBOX} -Verbose | FL


Task        : Checking EWS API Call Under Oauth
Detail      : The configuration was last successfully loaded at 01/01/0001 00:00:00 UTC. This was 1066187 minutes ago.
              The token cache is being cleared because "use cached token" was set to false.
              Exchange Outbound Oauth Log:
              Client request ID: 3e9b7c21-5a4d-4f8e-b1c6-d20a9f7e3b58
              Exchange Response Details:
              HTTP response message:
              Exception:
              System.Net.WebException: The remote server returned an error: (401) Unauthorized. reason="The user specified by the user-context in the token does not exist.";error_category="invalid_user"
ResultType  : Error
Identity    : Microsoft.Exchange.Security.OAuth.ValidationResultNodeId
IsValid     : True
ObjectState : New
`;

/** Get-ExchangeCertificate ... | FL as Exchange 2016 prints it (the X509Certificate2 properties follow the Exchange ones). */
function certificate(notBefore: string, notAfter: string, status: string): string {
  return String.raw`[PS] C:\Windows\system32>Get-ExchangeCertificate -Thumbprint (Get-AuthConfig).CurrentCertificateThumbprint | FL


AccessRules        : {System.Security.AccessControl.CryptoKeyAccessRule, System.Security.AccessControl.CryptoKeyAccessRule,
                     System.Security.AccessControl.CryptoKeyAccessRule}
CertificateDomains : {}
HasPrivateKey      : True
IsSelfSigned       : True
Issuer             : CN=Microsoft Exchange Server Auth Certificate
NotAfter           : ${notAfter}
NotBefore          : ${notBefore}
PublicKeySize      : 2048
RootCAType         : Registry
SerialNumber       : 1D9C4F2E8A7B6C5D4E3F2A1B0C9D8E7F
Services           : SMTP
Status             : ${status}
Subject            : CN=Microsoft Exchange Server Auth Certificate
Thumbprint         : ${ONPREM_THUMBPRINT}
Archived           : False
Extensions         : {System.Security.Cryptography.Oid, System.Security.Cryptography.Oid, System.Security.Cryptography.Oid}
FriendlyName       : Microsoft Exchange Server Auth Certificate
IssuerName         : System.Security.Cryptography.X509Certificates.X500DistinguishedName
PrivateKey         : System.Security.Cryptography.RSACryptoServiceProvider
PublicKey          : System.Security.Cryptography.X509Certificates.PublicKey
SubjectName        : System.Security.Cryptography.X509Certificates.X500DistinguishedName
SignatureAlgorithm : System.Security.Cryptography.Oid
Version            : 3
Handle             : 2484719315824

`;
}

const CERT_VALID = certificate('3/2/2025 9:15:22 AM', '3/2/2030 9:15:22 AM', 'Valid');

/** The credential the Hybrid Configuration Wizard uploaded years ago: a different certificate. */
const MSOL_OLD_CERT = String.raw`PS C:\> Connect-MsolService
PS C:\> Get-MsolServicePrincipalCredential -ServicePrincipalName "00000002-0000-0ff1-ce00-000000000000" -ReturnKeyValues $true


Type      : Asymmetric
Value     : MIIDHDCCAgSgAwIBAgIQLhXq7mVb9qZJm0cP1cE2NTANBgkqhkiG9w0BAQsFADA1MTMwMQYDVQQDHipNaWNyb3NvZnQgRXhjaGFuZ2UgU2Vy
            dmVyIEF1dGggQ2VydGlmaWNhdGUwHhcNMTkwNDI3MTA0MTA3WhcNMjQwNDI3MTA0MTA3WjA1MTMwMQYDVQQDHipNaWNyb3NvZnQgRXhj
            aGFuZ2UgU2VydmVyIEF1dGggQ2VydGlmaWNhdGUwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQDB3kL8xq2n0vY1JmU9hTqC
KeyId     : 8b4f6c2e-1d3a-4e5b-9c7d-0e2f4a6b8c1d
StartDate : 4/27/2019 10:41:07 AM
EndDate   : 4/27/2024 10:41:07 AM
Usage     : Verify

`;

/** No credential registered at all: the cmdlet prints nothing, the paste is the prompts alone. */
const MSOL_NONE = String.raw`PS C:\> Connect-MsolService
PS C:\> Get-MsolServicePrincipalCredential -ServicePrincipalName "00000002-0000-0ff1-ce00-000000000000" -ReturnKeyValues $true
PS C:\>`;

const SERVICE_NAME = (value: string) => String.raw`[PS] C:\Windows\system32>Get-AuthConfig | FL ServiceName


ServiceName : ${value}
`;

const START: [string, string[]][] = [
  [REPORTED, ['**The request failed with HTTP status 401: Unauthorized (key was not found)**', 'Which on-premises mailbox is involved?']],
  [ONPREM_MAILBOX, [`Test-OAuthConnectivity -Service EWS -TargetUri https://outlook.office365.com/ews/exchange.asmx -Mailbox ${ONPREM_MAILBOX} -Verbose | FL`, 'Exchange Management Shell']],
  [TEST_KEY_NOT_FOUND, ['Found: Entra ID does not know the key that on-premises Exchange signs with (AADSTS50012, key not found)', 'Get-ExchangeCertificate -Thumbprint (Get-AuthConfig).CurrentCertificateThumbprint | FL']],
];

export const stories: Story[] = [
  {
    name: 'Entra ID holds an older certificate: both sides are aligned on one certificate and free/busy works',
    errorId: 'oauth-key-not-found',
    turns: [
      ...START,
      [CERT_VALID, ['Found: The on-premises OAuth certificate exists', 'Get-MsolServicePrincipalCredential -ServicePrincipalName "00000002-0000-0ff1-ce00-000000000000" -ReturnKeyValues $true']],
      [MSOL_OLD_CERT, ['Found: Entra ID holds at least one certificate for Exchange', 'Does the Thumbprint of a certificate registered in Entra ID match the on-premises OAuth certificate?']],
      ['No, they differ', ['The certificate in Entra ID is not the on-premises OAuth certificate', 'What is the thumbprint of the certificate to use for OAuth']],
      [CLOUD_THUMBPRINT, ['Fix: Make both sides use the same OAuth certificate', `Set-AuthConfig -NewCertificateThumbprint ${CLOUD_THUMBPRINT} -NewCertificateEffectiveDate (Get-Date)`, 'New-MsolServicePrincipalCredential -AppPrincipalId $p.AppPrincipalId -Type asymmetric -Usage Verify -Value $credValue']],
      ['Yes, it works now', ['fixed', 'Make both sides use the same OAuth certificate']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'no credential is registered (Get-MsolServicePrincipalCredential prints nothing): the certificate is uploaded',
    errorId: 'oauth-key-not-found',
    turns: [
      ...START,
      [CERT_VALID, ['Found: The on-premises OAuth certificate exists']],
      [MSOL_NONE, ['Found: Value is empty, so Exchange Online has no OAuth certificate from on-premises', 'Fix: Upload the on-premises OAuth certificate to Exchange Online', 'Export-Certificate -Cert (Get-Item "Cert:\\LocalMachine\\My\\$((Get-AuthConfig).CurrentCertificateThumbprint)")']],
      ['Yes, it works now', ['fixed', 'Upload the on-premises OAuth certificate to Exchange Online']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'certificates match but ServiceName is 00000004-0000-0ff1-ce00-000000000000: the service name is set back',
    errorId: 'oauth-key-not-found',
    turns: [
      ...START,
      [CERT_VALID, ['Found: The on-premises OAuth certificate exists']],
      [MSOL_OLD_CERT, ['Does the Thumbprint of a certificate registered in Entra ID match the on-premises OAuth certificate?']],
      ['Yes, they match', ['The certificates match', 'Get-AuthConfig | FL ServiceName']],
      [SERVICE_NAME('00000004-0000-0ff1-ce00-000000000000'), ['Found: ServiceName is 00000004-0000-0ff1-ce00-000000000000 instead of 00000002-0000-0ff1-ce00-000000000000', 'Set-AuthConfig -ServiceName "00000002-0000-0ff1-ce00-000000000000"']],
      ['Yes, it works now', ['fixed', 'Set the service name of the auth configuration']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'certificates match and ServiceName is right: escalated',
    errorId: 'oauth-key-not-found',
    turns: [
      ...START,
      [CERT_VALID, ['Found: The on-premises OAuth certificate exists']],
      [MSOL_OLD_CERT, ['Found: Entra ID holds at least one certificate for Exchange']],
      ['Yes, they match', ['Get-AuthConfig | FL ServiceName']],
      [SERVICE_NAME('00000002-0000-0ff1-ce00-000000000000'), ['Found: ServiceName is 00000002-0000-0ff1-ce00-000000000000 as it should be', '**Escalation**']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
  {
    name: 'the on-premises auth certificate expired on 4/27/2024: the walk ends and points to replacing it first',
    errorId: 'oauth-key-not-found',
    turns: [
      ...START,
      [certificate('4/27/2019 10:41:07 AM', '4/27/2024 10:41:07 AM', 'DateInvalid'), ['Found: The on-premises OAuth certificate expired on 4/27/2024 10:41:07 AM', 'The on-premises auth certificate must be replaced first', 'missing signing certificate']],
    ],
    ends: 'ended',
    branchOnPaste: true,
  },
  {
    name: 'the OAuth test says the user in the token does not exist instead: the walk ends and points to that error',
    errorId: 'oauth-key-not-found',
    turns: [
      [REPORTED, ['Which on-premises mailbox is involved?']],
      [ONPREM_MAILBOX, ['Test-OAuthConnectivity']],
      [TEST_USER_NOT_EXIST, ['Found: The test reports that the user in the token does not exist instead', 'This is the user-context does not exist error']],
    ],
    ends: 'ended',
    branchOnPaste: true,
  },
];

/**
 * Realistic conversations the engine gets wrong today (the runner ignores this array).
 */
/** Stories that failed on engine bugs, now fixed (options no longer re-triaged, prompt-only pastes, day-first dates, honest skips). */
const fixedInEngine: Story[] = [
  {
    // conditions.ts `datePast` reads NotAfter with Date.parse, which only knows the US order: an
    // Exchange server with en-GB regional settings prints 27/04/2024 10:41:07, Date.parse gives NaN,
    // and the expired certificate is reported as existing and fine; the walk goes on to compare it
    // with Entra ID instead of ending at "The on-premises auth certificate must be replaced first".
    name: 'an expired certificate printed with en-GB dates (NotAfter 27/04/2024 10:41:07) ends the walk as expired',
    errorId: 'oauth-key-not-found',
    turns: [
      ...START,
      [certificate('27/04/2019 10:41:07', '27/04/2024 10:41:07', 'DateInvalid'), ['Found: The on-premises OAuth certificate expired on 27/04/2024 10:41:07', 'The on-premises auth certificate must be replaced first']],
    ],
    ends: 'ended',
    branchOnPaste: true,
  },
];

stories.push(...fixedInEngine);
export const knownFailures: Story[] = [];
