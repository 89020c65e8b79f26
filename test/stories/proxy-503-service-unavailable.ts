import type { Story } from './types.js';

const ERROR = 'Proxy web request failed. , inner exception: System.Net.WebException: The request failed with HTTP status 503: Service Unavailable. at System.Web.Services.Protocols.SoapHttpClientProtocol.ReadResponse(SoapClientMessage message, WebResponse response, Stream responseStream, Boolean asyncCall) at System.Web.Services.Protocols.SoapHttpClientProtocol.EndInvoke(IAsyncResult asyncResult)';

const SERVICE_HEALTH_STOPPED = `[PS] C:\\Windows\\system32>Test-ServiceHealth


Role                    : Mailbox Server Role
RequiredServicesRunning : False
ServicesRunning         : {IISAdmin, MSExchangeDagMgmt, MSExchangeDelivery, MSExchangeFastSearch, MSExchangeHM,
                          MSExchangeIS, MSExchangeMailboxAssistants, MSExchangeMailboxReplication, MSExchangeRepl,
                          MSExchangeRPC, MSExchangeSubmission, MSExchangeThrottling, MSExchangeTransportLogSearch, W3Svc,
                          WinRM}
ServicesNotRunning      : {MSExchangeServiceHost}

Role                    : Client Access Server Role
RequiredServicesRunning : False
ServicesRunning         : {IISAdmin, MSExchangeADTopology, MSExchangeMailboxReplication, MSExchangeRPC, W3Svc, WinRM}
ServicesNotRunning      : {MSExchangeServiceHost}

Role                    : Hub Transport Server Role
RequiredServicesRunning : True
ServicesRunning         : {IISAdmin, MSExchangeADTopology, MSExchangeEdgeSync, MSExchangeTransport,
                          MSExchangeTransportLogSearch, W3Svc, WinRM}
ServicesNotRunning      : {}

`;

const SERVICE_HEALTH_OK = `[PS] C:\\Windows\\system32>Test-ServiceHealth


Role                    : Mailbox Server Role
RequiredServicesRunning : True
ServicesRunning         : {IISAdmin, MSExchangeADTopology, MSExchangeDelivery, MSExchangeFastSearch, MSExchangeHM,
                          MSExchangeIS, MSExchangeMailboxAssistants, MSExchangeRepl, MSExchangeRPC, MSExchangeServiceHost,
                          MSExchangeSubmission, MSExchangeThrottling, MSExchangeTransportLogSearch, W3Svc, WinRM}
ServicesNotRunning      : {}

Role                    : Client Access Server Role
RequiredServicesRunning : True
ServicesRunning         : {IISAdmin, MSExchangeADTopology, MSExchangeMailboxReplication, MSExchangeRPC,
                          MSExchangeServiceHost, W3Svc, WinRM}
ServicesNotRunning      : {}

`;

function componentStates(ews: 'Active' | 'Inactive'): string {
  const rows: [string, string][] = [
    ['ServerWideOffline', 'Active'], ['HubTransport', 'Active'], ['FrontendTransport', 'Active'], ['Monitoring', 'Active'],
    ['RecoveryActionsEnabled', 'Active'], ['AutoDiscoverProxy', 'Active'], ['ActiveSyncProxy', 'Active'], ['EcpProxy', 'Active'],
    ['EwsProxy', ews], ['ImapProxy', 'Active'], ['OabProxy', 'Active'], ['OwaProxy', 'Active'], ['PopProxy', 'Active'],
    ['PushNotificationsProxy', 'Active'], ['RpsProxy', 'Active'], ['RwsProxy', 'Active'], ['RpcProxy', 'Active'],
    ['UMCallRouter', 'Active'], ['XropProxy', 'Active'], ['HttpProxyAvailabilityGroup', 'Active'], ['ForwardSyncDaemon', 'Inactive'],
    ['ProvisioningRps', 'Inactive'], ['MapiProxy', 'Active'], ['EdgeTransport', 'Inactive'], ['HighAvailability', 'Active'],
    ['SharedCache', 'Active'], ['MailboxDeliveryProxy', 'Active'], ['RoutingUpdates', 'Active'], ['RestProxy', 'Active'],
    ['DefaultProxy', 'Active'], ['Lsass', 'Active'], ['RoutingService', 'Active'], ['E4EProxy', 'Active'], ['CafeLAMv2', 'Active'],
    ['LogExportProvider', 'Active'],
  ];
  return [
    '[PS] C:\\Windows\\system32>Get-ServerComponentState EXCH01',
    '',
    'Server                 Component                     State',
    '------                 ---------                     -----',
    ...rows.map(([c, s]) => `EXCH01.fabrikam.local  ${c.padEnd(30)}${s}`),
    '',
  ].join('\n');
}

const IOC_ENDPOINTS = `PS C:\\> Get-IntraOrganizationConnector | FL Identity,Enabled,DiscoveryEndpoint,TargetSharingEpr


Identity          : HybridIOC - 7d2e4f61-3a5b-4c8d-9e0f-1a2b3c4d5e6f
Enabled           : True
DiscoveryEndpoint : https://mail.fabrikam.com/autodiscover/autodiscover.svc
TargetSharingEpr  :

`;

const ORGREL_ENDPOINTS = `PS C:\\> Get-OrganizationRelationship | FL Identity,Enabled,TargetAutodiscoverEpr,TargetSharingEpr


Identity              : O365 to On-premises - 7d2e4f61-3a5b-4c8d-9e0f-1a2b3c4d5e6f
Enabled               : True
TargetAutodiscoverEpr : https://autodiscover.fabrikam.com/autodiscover/autodiscover.svc/WSSecurity
TargetSharingEpr      :

`;

const SERVER_HEADER_HTTPAPI = `PS C:\\Users\\admin> [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12
PS C:\\Users\\admin> $req = [System.Net.HttpWebRequest]::Create("https://mail.fabrikam.com/EWS/Exchange.asmx")
PS C:\\Users\\admin> $req.UseDefaultCredentials = $false
PS C:\\Users\\admin> try { $resp = $req.GetResponse() } catch { $ex = $_.Exception; if ($ex.InnerException) { $ex = $ex.InnerException }; $resp = $ex.Response; if (-not $resp) { "Error: " + $ex.Message } }
PS C:\\Users\\admin> if ($resp) { "Status: " + [int]$resp.StatusCode; "Server: " + $resp.Headers["Server"]; $resp.Close() }
Status: 503
Server: Microsoft-HTTPAPI/2.0
`;

const SERVER_HEADER_IIS = `Status: 401
Server: Microsoft-IIS/10.0
`;

export const stories: Story[] = [
  {
    name: 'a required service is stopped after patching: starting it fixes it',
    errorId: 'proxy-503-service-unavailable',
    turns: [
      [ERROR, ['Proxy web request failed with HTTP status 503: Service unavailable', 'Test-ServiceHealth', 'Exchange Management Shell']],
      [SERVICE_HEALTH_STOPPED, ['RequiredServicesRunning False', 'Start the stopped Exchange services', "Get-Service MSExchange* | Where-Object { $_.StartType -eq 'Automatic' -and $_.Status -ne 'Running' } | Start-Service"]],
      ['Yes, it works now', ['fixed', 'Start the stopped Exchange services']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'services run, but EwsProxy is Inactive: activating the component fixes it',
    errorId: 'proxy-503-service-unavailable',
    turns: [
      ['free/busy cloud to on-prem fails with 503 Service Unavailable since the patching weekend', ['Proxy web request failed with HTTP status 503', 'Test-ServiceHealth']],
      [SERVICE_HEALTH_OK, ['All required services are running', 'name of one of your on-premises Exchange servers']],
      ['EXCH01', ['Get-ServerComponentState EXCH01']],
      [componentStates('Inactive'), ['(ServerWideOffline, EwsProxy or AutoDiscoverProxy) is Inactive on EXCH01', 'Set-ServerComponentState EXCH01 -Component EwsProxy -State Active -Requester Functional']],
      ['Yes, it works now', ['fixed', 'Activate the inactive components']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'a healthy server (only the components that are Inactive by default): the stopped EWS application pool is started',
    errorId: 'proxy-503-service-unavailable',
    turns: [
      [ERROR, ['Test-ServiceHealth']],
      [SERVICE_HEALTH_OK, ['All required services are running', 'name of one of your on-premises Exchange servers']],
      ['EXCH01', ['Get-ServerComponentState EXCH01']],
      [componentStates('Active'), ['All components on EXCH01 are Active', 'Check the EWS and Autodiscover application pools', 'Get-ChildItem IIS:\\AppPools']],
      ['One or more is Stopped', ['An EWS or Autodiscover application pool is stopped', 'Start-WebAppPool -Name MSExchangeServicesAppPool']],
      ['Yes, it works now', ['fixed', 'Start the stopped application pools']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'a healthy server (only the components that are Inactive by default), endpoints reachable, HTTP.sys answers EWS: the front end is fixed',
    errorId: 'proxy-503-service-unavailable',
    turns: [
      [ERROR, ['Test-ServiceHealth']],
      [SERVICE_HEALTH_OK, ['All required services are running']],
      ['EXCH01', ['Get-ServerComponentState EXCH01']],
      [componentStates('Active'), ['All components on EXCH01 are Active', 'Check the EWS and Autodiscover application pools']],
      ['All are Started', ['Get-IntraOrganizationConnector | FL Identity,Enabled,DiscoveryEndpoint,TargetSharingEpr', 'Exchange Online PowerShell']],
      [IOC_ENDPOINTS, ['TargetSharingEpr is blank, so the EWS URL comes from Autodiscover', 'Get-OrganizationRelationship | FL Identity,Enabled,TargetAutodiscoverEpr,TargetSharingEpr']],
      [ORGREL_ENDPOINTS, ['TargetAutodiscoverEpr is https://autodiscover.fabrikam.com/autodiscover/autodiscover.svc/WSSecurity', 'on-premises Autodiscover endpoint']],
      ['https://autodiscover.fabrikam.com/autodiscover/autodiscover.svc', ['Invoke-WebRequest -Uri "https://autodiscover.fabrikam.com/autodiscover/autodiscover.svc" -Verbose', 'What does the Autodiscover endpoint return?']],
      ['401 Unauthorized or a sign-in prompt (reachable)', ['external EWS URL']],
      ['https://mail.fabrikam.com/EWS/Exchange.asmx', ['Invoke-WebRequest -Uri "https://mail.fabrikam.com/EWS/Exchange.asmx" -Verbose', 'What does the EWS URL return?']],
      ['503 Service Unavailable', ['The EWS URL answers 503', 'What do the W3SVC1 logs show?']],
      ['The request is not in W3SVC1 on any server', ['HTTPERR', 'Is the request in the HTTPERR logs?']],
      ['No', ['Check which web server answers the EWS URL', '[System.Net.HttpWebRequest]::Create("https://mail.fabrikam.com/EWS/Exchange.asmx")']],
      [SERVER_HEADER_HTTPAPI, ['Server Microsoft-HTTPAPI/2.0, so IIS did not answer', 'Make sure IIS, not the front end, answers EWS', 'Get-Service appproxysvc']],
      ['Yes, it works now', ['fixed', 'Make sure IIS, not the front end, answers EWS']],
    ],
    ends: 'resolved',
    branchOnPaste: true,
  },
  {
    name: 'IIS answers EWS and the logs show no 503: escalated',
    errorId: 'proxy-503-service-unavailable',
    turns: [
      ['Proxy web request failed ... HTTP status 503: Service Unavailable', ['Test-ServiceHealth']],
      [SERVICE_HEALTH_OK, ['All required services are running']],
      ['EXCH01', ['Get-ServerComponentState EXCH01']],
      [componentStates('Active'), ['All components on EXCH01 are Active']],
      ['All are Started', ['Get-IntraOrganizationConnector']],
      [IOC_ENDPOINTS, ['Get-OrganizationRelationship']],
      [ORGREL_ENDPOINTS, ['on-premises Autodiscover endpoint']],
      ['https://autodiscover.fabrikam.com/autodiscover/autodiscover.svc', ['What does the Autodiscover endpoint return?']],
      ['401 Unauthorized or a sign-in prompt (reachable)', ['external EWS URL']],
      ['https://mail.fabrikam.com/EWS/Exchange.asmx', ['What does the EWS URL return?']],
      ['401 Unauthorized or a sign-in prompt (reachable)', ['What do the W3SVC1 logs show?']],
      ['The request is logged, but not with 503', ['Check which web server answers the EWS URL']],
      [SERVER_HEADER_IIS, ['IIS on Exchange answers the EWS URL', '**Escalation**', 'W3SVC1 and HTTPERR lines']],
    ],
    ends: 'escalated',
    branchOnPaste: true,
  },
];
