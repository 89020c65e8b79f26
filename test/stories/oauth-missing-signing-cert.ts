import type { Story } from './types.js';

const AUTOD_URL = 'https://autodiscover.northwindtraders.com/autodiscover/autodiscover.svc';
const CLOUD_MAILBOX = 'l.fischer@northwindtraders.com';

/** The admin's first message: the decisive Test-OAuthConnectivity output. */
const REPORTED = `Test-OAuthConnectivity for a cloud mailbox against our Autodiscover fails:

Task        : Checking AutoD API Call Under Oauth
Detail      : The configuration was last successfully loaded at 01/01/0001 00:00:00 UTC. This was 1066102 minutes ago.
              The token cache is being cleared because "use cached token" was set to false.
              Exchange Outbound Oauth Log:
              Exception:
              Microsoft.Exchange.Security.OAuth.OAuthTokenRequestFailedException: Missing signing certificate.
ResultType  : Error`;

function oauthTest(exception: string): string {
  return String.raw`PS C:\> Test-OAuthConnectivity -Service AutoD -TargetUri ${AUTOD_URL} -Mailbox ${CLOUD_MAILBOX} -Verbose | FL
VERBOSE: [14:02:11.384 GMT] Test-OAuthConnectivity : Active Directory session settings for 'Test-OAuthConnectivity' are: View Entire Forest: 'False', Default Scope: 'eurprd05.prod.outlook.com/Microsoft Exchange Hosted Organizations/northwindtraders.onmicrosoft.com', Configuration Domain Controller: 'DB8PR05A003DC02.EURPRD05.PROD.OUTLOOK.COM'.
VERBOSE: [14:02:11.512 GMT] Test-OAuthConnectivity : Beginning processing &
VERBOSE: [14:02:14.870 GMT] Test-OAuthConnectivity : Ending processing &


Task        : Checking AutoD API Call Under Oauth
Detail      : The configuration was last successfully loaded at 01/01/0001 00:00:00 UTC. This was 1066102 minutes ago.
              The token cache is being cleared because "use cached token" was set to false.
              Exchange Outbound Oauth Log:
              Client request ID: 8c2f4a19-6d3e-4b7a-9e15-0a7c3d2b6f48
${exception}
ResultType  : Error
Identity    : Microsoft.Exchange.Security.OAuth.ValidationResultNodeId
IsValid     : True
ObjectState : New
`;
}

const TEST_MISSING_CERT = oauthTest(`              Exception:
              Microsoft.Exchange.Security.OAuth.OAuthTokenRequestFailedException: Missing signing certificate.
                 at Microsoft.Exchange.Security.OAuth.OAuthCredentials.Authenticate(String url)`);

const TEST_INVALID_SIGNATURE = oauthTest(`              Exchange Response Details:
              HTTP response message:
              Exception:
              System.Net.WebException: The remote server returned an error: (401) Unauthorized.
                 at System.Net.HttpWebRequest.GetResponse()
                 at Microsoft.Exchange.Monitoring.TestOAuthConnectivityHelper.SendExchangeOAuthRequest(ADUser user, String orgDomain, Uri targetUri, String& diagnosticMessage, Boolean appOnly, Boolean useCachedToken, Boolean reloadConfig, diagnostics: 2000000;reason="The token has an invalid signature.";error_category="invalid_signature"`);

const AUTHCONFIG_EMPTY = String.raw`[PS] C:\Windows\system32>Get-AuthConfig | FL CurrentCertificateThumbprint


CurrentCertificateThumbprint :

`;

const OLD_THUMBPRINT = '5A1C9E3B7D2F4A6C8E0B1D3F5A7C9E2B4D6F8A01';
const NEW_THUMBPRINT = '2B7E4D9A1C6F3E8B0D5A7C2F9E4B1D6A3C8F0E57';

const AUTHCONFIG_SET = String.raw`[PS] C:\Windows\system32>Get-AuthConfig | FL CurrentCertificateThumbprint


CurrentCertificateThumbprint : ${OLD_THUMBPRINT}

`;

const CERT_NOT_FOUND = String.raw`[PS] C:\Windows\system32>Get-ExchangeCertificate -Thumbprint (Get-AuthConfig).CurrentCertificateThumbprint | FL
The certificate with thumbprint ${OLD_THUMBPRINT} was not found.
    + CategoryInfo          : ObjectNotFound: (:) [Get-ExchangeCertificate], ArgumentException
    + FullyQualifiedErrorId : [Server=NWT-EX01,RequestId=4f2d8b61-0c3a-4e7f-9b52-7a1e6d3c8f90,TimeStamp=11/23/2025 1:51:37 PM] [FailureCategory=Cmdlet-ArgumentException] 36E7E5D6,Microsoft.Exchange.Management.SystemConfigurationTasks.GetExchangeCertificate
    + PSComputerName        : nwt-ex01.northwindtraders.local
`;

/** Get-ExchangeCertificate ... | FL as Exchange 2016 prints it (the X509Certificate2 properties follow the Exchange ones). */
function certificate(notAfter: string, status: string, hasPrivateKey = 'True'): string {
  return String.raw`[PS] C:\Windows\system32>Get-ExchangeCertificate -Thumbprint (Get-AuthConfig).CurrentCertificateThumbprint | FL


AccessRules        : {System.Security.AccessControl.CryptoKeyAccessRule, System.Security.AccessControl.CryptoKeyAccessRule,
                     System.Security.AccessControl.CryptoKeyAccessRule}
CertificateDomains : {}
HasPrivateKey      : ${hasPrivateKey}
IsSelfSigned       : True
Issuer             : CN=Microsoft Exchange Server Auth Certificate
NotAfter           : ${notAfter}
NotBefore          : ${notAfter.replace(/20\d\d/, '2019')}
PublicKeySize      : 2048
RootCAType         : Registry
SerialNumber       : 1D9C4F2E8A7B6C5D4E3F2A1B0C9D8E7F
Services           : SMTP
Status             : ${status}
Subject            : CN=Microsoft Exchange Server Auth Certificate
Thumbprint         : ${OLD_THUMBPRINT}
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

/** New-ExchangeCertificate with its confirmation prompt, answered No as the step says. */
const NEW_CERT = String.raw`[PS] C:\Windows\system32>New-ExchangeCertificate -KeySize 2048 -PrivateKeyExportable $true -SubjectName "CN=Microsoft Exchange Server Auth Certificate" -FriendlyName "Microsoft Exchange Server Auth Certificate" -DomainName northwindtraders.com -Services SMTP

Confirm
Overwrite the existing default SMTP certificate?

Current certificate: '5E8A7C3B2D1F4A6E9C0B8D7F6A5E4C3B2A1D0F9E' (expires 6/14/2026 3:27:51 PM)
Replace it with certificate: '${NEW_THUMBPRINT}' (expires 11/23/2030 1:44:09 PM)
[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [?] Help (default is "Y"): n

Thumbprint                                Services   Subject
----------                                --------   -------
${NEW_THUMBPRINT}  ....S..    CN=Microsoft Exchange Server Auth Certificate
`;

/** The first turns of every walk: the report, the two variables, the AutoD test. */
const START: [string, string[]][] = [
  [REPORTED, ['**The request failed with HTTP status 401: Unauthorized (missing signing certificate)**', 'What is the on-premises Autodiscover endpoint']],
  [AUTOD_URL, ['Which Exchange Online (cloud) mailbox is affected?']],
  [CLOUD_MAILBOX, [`Test-OAuthConnectivity -Service AutoD -TargetUri ${AUTOD_URL} -Mailbox ${CLOUD_MAILBOX} -Verbose | FL`, 'Exchange Online PowerShell']],
];

export const stories: Story[] = [
  {
    name: 'CurrentCertificateThumbprint is empty: a new auth certificate is created and published',
    errorId: 'oauth-missing-signing-cert',
    turns: [
      ...START,
      [TEST_MISSING_CERT, ['Found: Test-OAuthConnectivity fails with "Missing signing certificate"', 'Get-AuthConfig | FL CurrentCertificateThumbprint']],
      [AUTHCONFIG_EMPTY, ['Found: CurrentCertificateThumbprint is empty', 'What is the on-premises SMTP domain']],
      ['northwindtraders.com', ['New-ExchangeCertificate -KeySize 2048 -PrivateKeyExportable $true', '-DomainName northwindtraders.com -Services SMTP']],
      [NEW_CERT, [`Found: The new certificate has thumbprint ${NEW_THUMBPRINT}`, `Set-AuthConfig -NewCertificateThumbprint ${NEW_THUMBPRINT} -NewCertificateEffectiveDate $date`, 'Set-AuthConfig -PublishCertificate']],
      ['Yes, it works now', ['fixed', 'Point the auth configuration at the certificate and publish it']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the configured thumbprint names a certificate that is gone: a new one is created, clearing the previous reference fixes it',
    errorId: 'oauth-missing-signing-cert',
    turns: [
      ...START,
      [TEST_MISSING_CERT, ['Found: Test-OAuthConnectivity fails with "Missing signing certificate"']],
      [AUTHCONFIG_SET, [`Found: The auth configuration names certificate ${OLD_THUMBPRINT}`, 'Get-ExchangeCertificate -Thumbprint (Get-AuthConfig).CurrentCertificateThumbprint | FL']],
      [CERT_NOT_FOUND, ['Found: Exchange returns no certificate for the configured thumbprint', 'What is the on-premises SMTP domain']],
      ['northwindtraders.com', ['New-ExchangeCertificate']],
      [NEW_CERT, [`Set-AuthConfig -NewCertificateThumbprint ${NEW_THUMBPRINT}`]],
      ['No, still broken', ['Fix: Remove the reference to the previous certificate', 'Set-AuthConfig -ClearPreviousCertificate']],
      ['Yes, it works now', ['fixed', 'Cause: The authentication configuration still refers to a previous certificate']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the AutoD test reports an invalid token signature instead: the walk ends and points to that error',
    errorId: 'oauth-missing-signing-cert',
    turns: [
      ...START,
      [TEST_INVALID_SIGNATURE, ['Found: The test reports an invalid token signature instead', 'This is the invalid-signature error', 'token has an invalid signature']],
    ],
    ends: 'ended',
    branchOnPaste: true,
  },
  {
    name: 'the configured certificate expired (NotAfter 4/27/2024): a new one is created and published',
    errorId: 'oauth-missing-signing-cert',
    turns: [
      ...START,
      [TEST_MISSING_CERT, ['Found: Test-OAuthConnectivity fails with "Missing signing certificate"']],
      [AUTHCONFIG_SET, [`Found: The auth configuration names certificate ${OLD_THUMBPRINT}`]],
      [certificate('4/27/2024 10:41:07 AM', 'DateInvalid'), ['Found: The OAuth certificate expired on 4/27/2024 10:41:07 AM', 'What is the on-premises SMTP domain']],
      ['northwindtraders.com', ['New-ExchangeCertificate']],
      [NEW_CERT, [`Found: The new certificate has thumbprint ${NEW_THUMBPRINT}`, `Set-AuthConfig -NewCertificateThumbprint ${NEW_THUMBPRINT}`]],
      ['Yes, it works now', ['fixed']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the configured certificate exists and is valid: republishing and the wizard do not help, escalated',
    errorId: 'oauth-missing-signing-cert',
    turns: [
      ...START,
      [TEST_MISSING_CERT, ['Found: Test-OAuthConnectivity fails with "Missing signing certificate"']],
      [AUTHCONFIG_SET, ['Get-ExchangeCertificate -Thumbprint (Get-AuthConfig).CurrentCertificateThumbprint | FL']],
      [certificate('4/27/2030 10:41:07 AM', 'Valid'), ['Found: The configured certificate exists, matches and is valid', 'Fix: Publish the current auth certificate again', 'Set-AuthConfig -PublishCertificate']],
      ['No, still broken', ['Fix: Rerun the Hybrid Configuration Wizard', 'The key was not found']],
      ['No, still broken', ['**Escalation**', 'needs the OAuth logs']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
];

/**
 * Realistic conversations the engine gets wrong today (the runner ignores this array).
 */
/** Stories that failed on engine bugs, now fixed (options no longer re-triaged, prompt-only pastes, day-first dates, honest skips). */
const fixedInEngine: Story[] = [
  {
    // conditions.ts `datePast` reads NotAfter with Date.parse, which only knows the US order. An
    // Exchange server with en-GB (or de-DE, fr-FR ...) regional settings prints 27/04/2024 10:41:07;
    // Date.parse gives NaN, the expiry outcome does not hold, and the bot says the expired
    // certificate "exists, matches and is valid" (while its own configuration check flags the
    // same NotAfter as expired).
    name: 'an expired certificate printed with en-GB dates (NotAfter 27/04/2024 10:41:07) is recognised as expired',
    errorId: 'oauth-missing-signing-cert',
    turns: [
      ...START,
      [TEST_MISSING_CERT, ['Found: Test-OAuthConnectivity fails with "Missing signing certificate"']],
      [AUTHCONFIG_SET, [`Found: The auth configuration names certificate ${OLD_THUMBPRINT}`]],
      [certificate('27/04/2024 10:41:07', 'DateInvalid'), ['Found: The OAuth certificate expired on 27/04/2024 10:41:07', 'What is the on-premises SMTP domain']],
    ],
    ends: 'open',
    branchOnPaste: true,
  },
];

stories.push(...fixedInEngine);
export const knownFailures: Story[] = [];
