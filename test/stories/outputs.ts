/** Pasted outputs more than one story uses. */

/**
 * Test-OrganizationRelationship -Verbose as Exchange Online prints it: the step lines it writes as
 * strings, the verbose dump of the WS-Trust answer, then the result objects in Format-List.
 */
export function testOrgRel(user: string, fault?: { text: string; code?: string }): string {
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
