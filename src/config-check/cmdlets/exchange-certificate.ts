/**
 * Get-ExchangeCertificate, read for the OAuth (auth) certificate (FreeBusyChecker O26–O30). The
 * script only displays NotAfter and HasPrivateKey; an expired certificate or one without its
 * private key cannot sign tokens, so both are checked here. Subject, Issuer and Services only
 * warn: a different certificate can sign just as well, it is merely not the one the HCW made.
 */
import { fail, isTrue, notExpired, pass, softly, textIs, warn } from '../expect.js';
import type { CmdletSpec, FieldRule } from '../types.js';
import type { PsObject } from '../../parse/types.js';
import { fieldOf, items, sameText, text } from '../values.js';
import { AUTH_CERT_SUBJECT } from '../well-known.js';
import { NEW_AUTH_CERT } from './auth-config.js';

const isAuthCert = (o: PsObject) =>
  [fieldOf(o, 'Subject'), fieldOf(o, 'FriendlyName')].some((v) => /microsoft exchange server auth certificate/i.test(text(v)));

const rules: FieldRule[] = [
  {
    id: 'authcert.subject', ref: 'O29', field: 'Subject', auth: 'oauth',
    check: (v) => softly(textIs(v, AUTH_CERT_SUBJECT)),
    why: 'The HCW and Exchange setup create the auth certificate with this subject; another subject means AuthConfig points at some other certificate, which must then also be the one Exchange Online knows.',
    fix: NEW_AUTH_CERT,
  },
  {
    id: 'authcert.issuer', ref: 'O26', field: 'Issuer', auth: 'oauth',
    check: (v) => softly(textIs(v, AUTH_CERT_SUBJECT)),
    why: 'The auth certificate is self-signed, so its issuer equals its subject. A certificate from a CA can sign too, but renewing it silently changes the key Exchange Online trusts.',
    fix: NEW_AUTH_CERT,
  },
  {
    // FreeBusyChecker wants exactly "SMTP"; the services do not affect signing, so any list with SMTP passes.
    id: 'authcert.services', ref: 'O27', field: 'Services', auth: 'oauth',
    check: (v) => {
      const list = items(v).flatMap((s) => s.split(/\s*,\s*/));
      // Format-Table prints the services as flag letters, IMAP POP UM IIS SMTP Federation UMCallRouter: "....S..".
      const flags = list.length === 1 && /^[.IPUWSFC]{5,}$/.test(list[0] ?? '') && (list[0] ?? '').charAt(4) === 'S';
      return flags || list.some((s) => sameText(s, 'SMTP')) ? pass('SMTP') : warn('SMTP');
    },
    why: 'The standard auth certificate is enabled for SMTP only; other services suggest it is not the certificate created for OAuth.',
    fix: NEW_AUTH_CERT,
  },
  {
    id: 'authcert.status', ref: 'O28', field: 'Status', auth: 'oauth',
    check: (v) => textIs(v, 'Valid'),
    why: 'A certificate that is not valid (expired, revoked, untrusted) produces signatures Exchange Online rejects.',
    fix: NEW_AUTH_CERT,
  },
  {
    id: 'authcert.not-after', field: 'NotAfter', auth: 'oauth',
    check: (v, env) => notExpired(v, env, 60),
    why: 'Once the auth certificate expires, every OAuth token on-premises Exchange signs is refused and free/busy fails in both directions. Renewing it takes a publish and a wait, so start well before the date.',
    fix: NEW_AUTH_CERT,
  },
  {
    id: 'authcert.private-key', field: 'HasPrivateKey', auth: 'oauth',
    check: isTrue,
    why: 'Signing needs the private key; a server holding the certificate without it cannot issue tokens.',
    fix: 'Export the auth certificate with its private key from a server that has it (Export-ExchangeCertificate) and import it on this server (Import-ExchangeCertificate), or create a new one:\n' + NEW_AUTH_CERT,
  },
];

export const exchangeCertificate: CmdletSpec = {
  cmdlet: 'Get-ExchangeCertificate',
  sides: ['ems'],
  signatures: [
    { all: ['Thumbprint', 'Services'] },
    { all: ['Thumbprint', 'NotAfter'] },
    { all: ['Thumbprint', 'Subject'] },
    { all: ['HasPrivateKey'] },
    { all: ['CertificateDomains'] },
  ],
  // With several certificates only the auth certificate matters; a single one is the one asked for.
  relevant: isAuthCert,
  irrelevantReason: 'It is not the Exchange auth certificate.',
  label: (o) => text(fieldOf(o, 'Identity')) || text(fieldOf(o, 'Thumbprint')) || undefined,
  rules,
  collectionRules: [
    {
      id: 'authcert.present', ref: 'O30', field: 'Thumbprint', auth: 'oauth',
      check: (env) => {
        const expected = `a certificate with subject ${AUTH_CERT_SUBJECT}`;
        if (env.all.length === 0) return fail(expected, 'The command returned nothing: this server does not have the certificate AuthConfig names.');
        // AuthConfig may name a certificate with another subject, so a list without the standard one only warns.
        if (env.all.length > 1 && !env.all.some(isAuthCert)) {
          return warn(expected, 'None of the listed certificates is the standard auth certificate; unless CurrentCertificateThumbprint of Get-AuthConfig names one of them, OAuth has no signing certificate.');
        }
        return undefined;
      },
      why: 'Every Exchange server signs OAuth tokens with the auth certificate; a server without it cannot take part in OAuth free/busy.',
      fix: 'Export the auth certificate with its private key from a server that has it (Export-ExchangeCertificate) and import it here (Import-ExchangeCertificate), or create a new one:\n' + NEW_AUTH_CERT,
    },
  ],
};
