import type { Story } from './types.js';

const ERROR =
  'Microsoft.Exchange.Net.WSTrust.WSTrustException: Failed to communicate with https://login.microsoftonline.com/extSTS.srf., inner exception: Unable to connect to the remote server';

const ORG_REL_TEST_FAILS = `[PS] C:\\Windows\\system32>Test-OrganizationRelationship -Identity "On-premises to O365*" -UserIdentity ravi.menon@contoso.com -Verbose
VERBOSE: [14:21:10.541 GMT] Test-OrganizationRelationship : Active Directory session settings for 'Test-OrganizationRelationship' are: View Entire Forest: 'False', Default Scope: 'contoso.local', Configuration Domain Controller: 'DC01.contoso.local', Preferred Global Catalog: 'DC01.contoso.local', Preferred Domain Controllers: '{ DC01.contoso.local }'
VERBOSE: [14:21:10.557 GMT] Test-OrganizationRelationship : Beginning processing &
Begin testing for organization relationship ID On-premises to O365 - 2b8d4f60-1c7e-4a93-9f05-d6e3a1b2c487, with user ravi.menon@contoso.com.
STEP 1: Get the delegation token from the federation trust for user ravi.menon@contoso.com.
RESULT: Error.
Failed to communicate with https://login.microsoftonline.com/extSTS.srf., inner exception: Unable to connect to the remote server
Completed testing for organization relationship ID On-premises to O365 - 2b8d4f60-1c7e-4a93-9f05-d6e3a1b2c487, with user ravi.menon@contoso.com.
VERBOSE: [14:21:43.104 GMT] Test-OrganizationRelationship : Ending processing &
`;

const ORG_REL_TEST_OK = `[PS] C:\\Windows\\system32>Test-OrganizationRelationship -Identity "On-premises to O365*" -UserIdentity ravi.menon@contoso.com -Verbose
VERBOSE: [14:21:10.557 GMT] Test-OrganizationRelationship : Beginning processing &
Begin testing for organization relationship ID On-premises to O365 - 2b8d4f60-1c7e-4a93-9f05-d6e3a1b2c487, with user ravi.menon@contoso.com.
STEP 1: Get the delegation token from the federation trust for user ravi.menon@contoso.com.
RESULT: Success.
STEP 2: Get the organization relationship from the remote organization by using Autodiscover.
RESULT: Success.
STEP 3: Compare and validate the two organization relationships.
RESULT: Success.
No Significant Issues to Report
Completed testing for organization relationship ID On-premises to O365 - 2b8d4f60-1c7e-4a93-9f05-d6e3a1b2c487, with user ravi.menon@contoso.com.
VERBOSE: [14:21:12.804 GMT] Test-OrganizationRelationship : Ending processing &
`;

/** The console wraps the long VERBOSE lines; the token request fails on this server. */
const FED_TRUST_FAILS = `[PS] C:\\Windows\\system32>Test-FederationTrust -UserIdentity ravi.menon@contoso.com -Verbose
VERBOSE: [14:25:02.134 GMT] Test-FederationTrust : Beginning processing &
VERBOSE: [14:25:03.010 GMT] Test-FederationTrust : Retrieved Token Issuer End Point from Federation Metadata:
https://login.microsoftonline.com/extSTS.srf.
VERBOSE: [14:25:24.318 GMT] Test-FederationTrust : Failed to request delegation token. Reason: Failed to communicate
with https://login.microsoftonline.com/extSTS.srf., inner exception: Unable to connect to the remote server

Id                           Type    Message
--                           ----    -------
FederationTrustConfiguration Success FederationTrust object in ActiveDirectory is valid.
FederationMetadata           Success The federation trust contains the same certificates published by the security token service in its federation metadata.
StsCertificate               Success Valid certificate referenced by property TokenIssuerCertificate in the FederationTrust object.
StsPreviousCertificate       Success Valid certificate referenced by property TokenIssuerPrevCertificate in the FederationTrust object.
OrganizationCertificate      Success Valid certificate referenced by property OrgPrivCertificate in the FederationTrust object.
TokenRequest                 Error   Failed to request delegation token.
TokenValidation              Error   No delegation token to validate.

VERBOSE: [14:25:24.502 GMT] Test-FederationTrust : Ending processing &
`;

/** A healthy server: -Verbose still prints the token issuer end point, extSTS.srf, from the metadata. */
const FED_TRUST_OK = `[PS] C:\\Windows\\system32>Test-FederationTrust -UserIdentity ravi.menon@contoso.com -Verbose
VERBOSE: [14:25:02.134 GMT] Test-FederationTrust : Beginning processing &
VERBOSE: [14:25:03.010 GMT] Test-FederationTrust : Retrieved Token Issuer Uri from Federation Metadata:
urn:federation:MicrosoftOnline.
VERBOSE: [14:25:03.010 GMT] Test-FederationTrust : Retrieved Token Issuer End Point from Federation Metadata:
https://login.microsoftonline.com/extSTS.srf.
VERBOSE: [14:25:03.010 GMT] Test-FederationTrust : Retrieved Web Requestor Redirect End Point from Federation Metadata:
 https://login.microsoftonline.com/login.srf.

Id                           Type    Message
--                           ----    -------
FederationTrustConfiguration Success FederationTrust object in ActiveDirectory is valid.
FederationMetadata           Success The federation trust contains the same certificates published by the security token service in its federation metadata.
StsCertificate               Success Valid certificate referenced by property TokenIssuerCertificate in the FederationTrust object.
StsPreviousCertificate       Success Valid certificate referenced by property TokenIssuerPrevCertificate in the FederationTrust object.
OrganizationCertificate      Success Valid certificate referenced by property OrgPrivCertificate in the FederationTrust object.
TokenRequest                 Success Request to STS for delegation token succeeded.
TokenValidation              Success Delegation token was successfully validated.

VERBOSE: [14:25:04.551 GMT] Test-FederationTrust : Ending processing &
`;

const CERT_EVERYWHERE = `[PS] C:\\Windows\\system32>Test-FederationTrustCertificate

Site                                            Server     State        Thumbprint
----                                            ------     -----        ----------
contoso.local/Configuration/Sites/Default-Fir... EX01       Installed    5F4E3D2C1B0A99887766554433221100FFEEDDCC
contoso.local/Configuration/Sites/Default-Fir... EX02       Installed    5F4E3D2C1B0A99887766554433221100FFEEDDCC

`;

const CERT_MISSING_ON_EX02 = `[PS] C:\\Windows\\system32>Test-FederationTrustCertificate

Site                                            Server     State        Thumbprint
----                                            ------     -----        ----------
contoso.local/Configuration/Sites/Default-Fir... EX01       Installed    5F4E3D2C1B0A99887766554433221100FFEEDDCC
contoso.local/Configuration/Sites/Default-Fir... EX02       NotInstalled 5F4E3D2C1B0A99887766554433221100FFEEDDCC

`;

export const stories: Story[] = [
  {
    name: 'the token request cannot connect, certificates are fine: opening outbound access fixes it',
    errorId: 'mfg-extsts-unable-to-connect',
    turns: [
      [ERROR, ['Unable to connect to the remote server', 'extSTS.srf', 'Which on-premises mailbox is involved?']],
      ['ravi.menon@contoso.com', ['Test-OrganizationRelationship -Identity "On-premises to O365*" -UserIdentity ravi.menon@contoso.com -Verbose', 'the on-premises Exchange Management Shell']],
      [ORG_REL_TEST_FAILS, ['cannot connect to the federation gateway (extSTS.srf)', 'Test-FederationTrust -UserIdentity ravi.menon@contoso.com -Verbose']],
      [FED_TRUST_FAILS, ['This server cannot get a delegation token from the federation gateway', 'Test-FederationTrustCertificate']],
      [CERT_EVERYWHERE, ['Do all Exchange servers have that outbound access?']],
      ['No, or not sure', ['outbound access to the federation or availability endpoints is not confirmed', 'Get-ExchangeServer | FL Name,InternetWebProxy', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Open outbound access to the federation and availability endpoints']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'EX02 lacks the federation certificate: installing it fixes it',
    errorId: 'mfg-extsts-unable-to-connect',
    turns: [
      [ERROR, ['Which on-premises mailbox is involved?']],
      ['ravi.menon@contoso.com', ['Test-OrganizationRelationship']],
      [ORG_REL_TEST_FAILS, ['extSTS.srf', 'Test-FederationTrust']],
      [FED_TRUST_FAILS, ['cannot get a delegation token', 'Test-FederationTrustCertificate']],
      [CERT_MISSING_ON_EX02, ['At least one server reports the federation certificate State NotInstalled', 'Import-ExchangeCertificate', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Install the federation certificate where it is missing']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'the server the admin tests is healthy; the system account of another one is blocked: letting it through fixes it',
    errorId: 'mfg-extsts-unable-to-connect',
    turns: [
      [ERROR, ['Which on-premises mailbox is involved?']],
      ['ravi.menon@contoso.com', ['Test-OrganizationRelationship']],
      [ORG_REL_TEST_OK, ['This server gets a delegation token; the failing requests probably come from another Exchange server', 'Test-FederationTrust']],
      [FED_TRUST_OK, ['This server gets a delegation token; check the other servers the same way', 'Test-FederationTrustCertificate']],
      [CERT_EVERYWHERE, ['Do all Exchange servers have that outbound access?']],
      ['Yes', ['PsExec.exe -i -s', 'Did every URL give the expected result on every server?']],
      ['No, at least one URL fails or hangs', ['system account of at least one server cannot reach', 'netsh winhttp show proxy', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Let the system account through the proxy or firewall']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
];

export const knownFailures: Story[] = [];
