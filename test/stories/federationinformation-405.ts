import type { Story } from './types.js';

const WIZARD_ERROR = 'Federation Information could not be received from the external organization';

const FED_INFO_405 = `PS C:\\> Get-FederationInformation -DomainName contoso.com
Federation Information could not be received from the external organization.
    + CategoryInfo          : NotSpecified: (:) [Get-FederationInformation], GetFederationInformationFailedException
    + FullyQualifiedErrorId : [Server=BN8PR01MB5412,RequestId=0e4d7a91-2c3b-4f5e-8d6a-7b9c0d1e2f3a,TimeStamp=2/19/2024 9:41:07 AM] [FailureCategory=Cmdlet-GetFederationInformationFailedException] 6F3A0C2D,Microsoft.Exchange.Management.SystemConfigurationTasks.GetFederationInformation
    + PSComputerName        : outlook.office365.com
`;

const FED_INFO_OK = `PS C:\\> Get-FederationInformation -DomainName contoso.com


RunspaceId            : 2e6b8d40-7c1f-4a95-b3e0-5f9a1c2d7e68
TargetApplicationUri  : FYDIBOHF25SPDLT.contoso.com
DomainNames           : {contoso.com}
TargetAutodiscoverEpr : https://autodiscover.contoso.com/autodiscover/autodiscover.svc/WSSecurity
TokenIssuerUris       : {urn:federation:MicrosoftOnline}
IsValid               : True
ObjectState           : New

`;

export const stories: Story[] = [
  {
    name: 'Get-FederationInformation fails with the wizard error; svc-Integrated missing at server level, ServiceModelReg fixes it',
    errorId: 'federationinformation-405',
    turns: [
      [WIZARD_ERROR, ['405 Method Not Allowed', 'on-premises SMTP domain']],
      ['contoso.com', ['Get-FederationInformation -DomainName contoso.com', 'Exchange Online PowerShell']],
      [FED_INFO_405, ['Get-FederationInformation fails with 405 Method Not Allowed / federation information could not be received', 'Is svc-Integrated present at the server level?']],
      ['No, it is missing', ['svc-Integrated is missing at the IIS server level', 'ServiceModelReg.exe -r', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Reinstall the WCF handler mappings (Method 1)']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'federation information reads fine, the IIS log shows 405; Revert to Parent fails, recreating the vdir fixes it',
    errorId: 'federationinformation-405',
    turns: [
      ['Exchange 2010 hybrid: no free/busy for on-prem users, IIS log shows 405 on Autodiscover.svc', ['Method Not Allowed', 'on-premises SMTP domain']],
      ['contoso.com', ['Get-FederationInformation -DomainName contoso.com']],
      [FED_INFO_OK, ['Get-FederationInformation returns the federation information', 'Do you see 405 responses for the .svc endpoints?']],
      ['Yes, 405 for Autodiscover.svc or mrsproxy.svc', ['IIS answers the .svc endpoints with 405', 'Is svc-Integrated present at the server level?']],
      ['Yes, it is present', ['Is svc-Integrated present under the Autodiscover virtual directory?']],
      ['No, it is missing', ['Revert to Parent', 'Did this fix it?']],
      ['No, still broken', ['on-premises Exchange servers']],
      ['EX2010HYB', ['Remove-AutodiscoverVirtualDirectory "EX2010HYB\\Autodiscover (Default Web Site)"', 'New-AutodiscoverVirtualDirectory -WebSiteName "Default Web Site" -WSSecurityAuthentication:$True', 'AutodiscoverDiscoveryHandler']],
      ['Yes, it works now', ['fixed', 'Reset the Autodiscover virtual directory and restore its handlers']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'no 405 from Get-FederationInformation nor in the IIS log: escalates',
    errorId: 'federationinformation-405',
    turns: [
      [WIZARD_ERROR, ['on-premises SMTP domain']],
      ['contoso.com', ['Get-FederationInformation']],
      [FED_INFO_OK, ['returns the federation information', 'Do you see 405 responses']],
      ['No 405 entries', ['**Escalation**', 'missing svc-Integrated mapping is not shown']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
];

export const knownFailures: Story[] = [];
