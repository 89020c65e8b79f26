/**
 * Get-AuthConfig (OAuth): which certificate on-premises Exchange signs its tokens with, and the
 * service name it claims (FreeBusyChecker O23–O25).
 */
import { isBlankValue, isNotBlank, textIs, warn } from '../expect.js';
import type { CmdletSpec, FieldRule } from '../types.js';
import { isBlank, text } from '../values.js';
import { AUTH_CERT_SUBJECT, EXCHANGE_APP_ID } from '../well-known.js';

const NEW_AUTH_CERT = [
  `$cert = New-ExchangeCertificate -KeySize 2048 -PrivateKeyExportable $true -SubjectName "${AUTH_CERT_SUBJECT}" -FriendlyName "Microsoft Exchange Server Auth Certificate" -DomainName "{{onPremDomain}}" -Services SMTP   # answer No to replacing the SMTP certificate`,
  'Set-AuthConfig -NewCertificateThumbprint $cert.Thumbprint -NewCertificateEffectiveDate (Get-Date)',
  'Set-AuthConfig -PublishCertificate',
  'Set-AuthConfig -ClearPreviousCertificate',
  'iisreset /noforce   # then run the Hybrid Configuration Wizard so Exchange Online learns the new certificate',
].join('\n');

const rules: FieldRule[] = [
  {
    id: 'authconfig.current-certificate', ref: 'O23', field: 'CurrentCertificateThumbprint', auth: 'oauth',
    check: (v) => {
      if (isBlank(v)) return isNotBlank(v, 'the thumbprint of the auth certificate');
      // A thumbprint is 40 hex digits; anything else cannot name a certificate.
      return /^[0-9a-f]{40}$/i.test(text(v).replace(/\s/g, '')) ? isNotBlank(v, 'the thumbprint of the auth certificate') : warn('the thumbprint of the auth certificate (40 hexadecimal digits)');
    },
    why: 'On-premises Exchange signs its OAuth tokens with this certificate. Without one it cannot authenticate to Exchange Online ("Missing signing certificate").',
    fix: NEW_AUTH_CERT,
  },
  {
    id: 'authconfig.service-name', ref: 'O24', field: 'ServiceName', auth: 'oauth',
    check: (v) => textIs(v, EXCHANGE_APP_ID),
    why: 'Tokens carry this service name as the audience Exchange Online checks; it must be the Exchange application ID.',
    fix: `Set-AuthConfig -ServiceName ${EXCHANGE_APP_ID}`,
  },
  {
    id: 'authconfig.realm', ref: 'O25', field: 'Realm', auth: 'oauth',
    check: isBlankValue,
    why: 'A realm set here pins on-premises tokens to one tenant in a way the hybrid setup does not expect; it is blank in a standard configuration.',
    fix: 'Set-AuthConfig -Realm $null',
  },
];

export const authConfig: CmdletSpec = {
  cmdlet: 'Get-AuthConfig',
  sides: ['ems'],
  signatures: [{ all: ['CurrentCertificateThumbprint'] }, { all: ['ServiceName', 'PreviousCertificateThumbprint'] }, { all: ['NextCertificateThumbprint'] }],
  rules,
};

export { NEW_AUTH_CERT };
