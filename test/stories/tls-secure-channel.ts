import type { Story } from './types.js';

/**
 * tls-secure-channel has no run step: every branch is an answer to an ask step, so no story can
 * branch on pasted cmdlet output.
 */

const CLOUD_TO_ONPREM =
  "since we disabled TLS 1.0/1.1 on the firewall, cloud users get 'Could not create SSL/TLS secure channel' when checking on-prem availability";

const ONPREM_TO_CLOUD =
  'Proxy web request failed. , inner exception: The request was aborted: Could not create SSL/TLS secure channel. Name of the server where exception originated: EXCH01';

export const stories: Story[] = [
  {
    name: 'cloud to on-premises: the RCA SSL test shows TLS 1.2 refused, enabling TLS 1.2 fixes it',
    errorId: 'tls-secure-channel',
    turns: [
      [CLOUD_TO_ONPREM, ['Could not create SSL/TLS secure channel', 'Who is looking up whom?']],
      ['A cloud user looks up an on-premises user', ['https://testconnectivity.microsoft.com/tests/SslServer/input', 'Does the test show that the endpoint accepts TLS 1.2 without errors?']],
      ['No, TLS 1.2 is refused or the test reports TLS errors', ['does not negotiate TLS 1.2 correctly', 'SCHANNEL\\Protocols\\TLS 1.2\\Server', 'SystemDefaultTlsVersions', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Enable TLS 1.2 on Exchange and on the devices in front of it']],
    ],
    ends: 'resolved',
  },
  {
    name: 'on-premises to cloud: the outlook.office365.com root is missing, importing it fixes it',
    errorId: 'tls-secure-channel',
    turns: [
      [ONPREM_TO_CLOUD, ['Who is looking up whom?']],
      ['An on-premises user looks up a cloud user', ['Trusted Root Certification Authorities', 'Is the root certificate of the outlook.office365.com chain present']],
      ['No, it is missing on at least one server', ['not trusted on at least one Exchange server', 'certutil -addstore -f Root', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Add the missing root certificate to the Trusted Root store']],
    ],
    ends: 'resolved',
  },
  {
    name: 'cloud to on-premises: the endpoint does TLS 1.2 but HealthChecker reports TLS problems; fixing them works',
    errorId: 'tls-secure-channel',
    turns: [
      [CLOUD_TO_ONPREM, ['Who is looking up whom?']],
      ['A cloud user looks up an on-premises user', ['SslServer']],
      ['Yes, TLS 1.2 works', ['on-premises Exchange servers']],
      ['EXCH01', ['.\\HealthChecker.ps1 -Server EXCH01', 'Does HealthChecker report TLS 1.2 disabled']],
      ['Yes, it reports TLS problems', ['HealthChecker reports TLS configuration problems', 'SchUseStrongCrypto', 'Did this fix it?']],
      ['Yes, it works now', ['fixed', 'Enable TLS 1.2 on Exchange and on the devices in front of it']],
    ],
    ends: 'resolved',
  },
  {
    name: 'on-premises to cloud: root present, no TLS warnings, cipher suites fixed without effect: escalates',
    errorId: 'tls-secure-channel',
    turns: [
      [ONPREM_TO_CLOUD, ['Who is looking up whom?']],
      ['An on-premises user looks up a cloud user', ['Is the root certificate of the outlook.office365.com chain present']],
      ['Yes, on every server', ['on-premises Exchange servers']],
      ['EXCH01', ['.\\HealthChecker.ps1 -Server EXCH01']],
      ['No TLS warnings', ['Get-TlsCipherSuite | Format-Table Name', 'Do the enabled cipher suites include ones that Microsoft 365 supports?']],
      ['No common suite, or the supported ones are disabled', ['do not match those Microsoft 365 supports', 'Enable cipher suites that Microsoft 365 supports', 'Did this fix it?']],
      ['No, still broken', ['**Escalation**', 'network trace of the handshake']],
    ],
    ends: 'escalated',
  },
];

/**
 * The RCA step's instruction names {{onPremServerFqdn}} ("... against {{onPremServerFqdn}} on port 443"),
 * but Walker.missingVariables only asks the variables of an ask step's `commands`, so the bot never asks
 * for the host and prints the literal "<onPremServerFqdn>" in the instruction.
 */
export const knownFailures: Story[] = [];
