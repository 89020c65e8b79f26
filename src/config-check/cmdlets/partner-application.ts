/**
 * Get-PartnerApplication (OAuth): the "Exchange Online" partner application through which
 * on-premises Exchange authorizes calls from the cloud (FreeBusyChecker O8–O12).
 */
import { fail, isBlankValue, isTrue, pass, textIs, warn } from '../expect.js';
import type { CmdletSpec, FieldRule, Outcome } from '../types.js';
import type { PsObject, PsValue } from '../../parse/types.js';
import { fieldOf, isBlank, sameText, text } from '../values.js';
import { APP_ACCOUNT, EXCHANGE_APP_ID } from '../well-known.js';

/** The Exchange Online application, or an object that does not say which application it is ((Get-PartnerApplication).LinkedAccount). */
function isExchangeOnlineApp(o: PsObject): boolean {
  const id = fieldOf(o, 'ApplicationIdentifier');
  const name = fieldOf(o, 'Name');
  if (id === undefined && name === undefined) return true;
  return sameText(text(id), EXCHANGE_APP_ID) || sameText(text(name), 'Exchange Online');
}

/**
 * The account lives in the Users container of the forest root domain. FreeBusyChecker compares
 * the domain part with the SMTP domain or the AD forest; the forest name is often not an SMTP
 * domain (corp.contoso.local), so only the container and account name are compared here.
 */
function linkedAccount(v: PsValue): Outcome {
  const expected = `<forest root domain>/Users/${APP_ACCOUNT}`;
  if (isBlank(v)) return fail(expected, 'No account is linked, so calls from Exchange Online have no permissions at all.');
  const value = text(v);
  if (new RegExp(`^[^/]+\\.[^/]+/Users/${APP_ACCOUNT}$`, 'i').test(value)) return pass(expected);
  if (value.toLowerCase().endsWith(`/${APP_ACCOUNT.toLowerCase()}`)) {
    return warn(expected, 'The account is not in the Users container where the HCW creates it; this works only if that account exists and holds the application roles.');
  }
  return fail(expected);
}

const setApp = 'Set-PartnerApplication -Identity "Exchange Online"';

const rules: FieldRule[] = [
  {
    id: 'partnerapp.enabled', ref: 'O8', field: 'Enabled', auth: 'oauth',
    check: isTrue,
    why: 'A disabled partner application makes on-premises Exchange refuse every OAuth call from Exchange Online, including free/busy.',
    fix: `${setApp} -Enabled $true`,
  },
  {
    id: 'partnerapp.application-identifier', ref: 'O9', field: 'ApplicationIdentifier', auth: 'oauth',
    check: (v) => textIs(v, EXCHANGE_APP_ID),
    why: 'Calls from Exchange Online are matched to this application by its well-known ID; with another ID they match nothing.',
    fix: 'Run the Hybrid Configuration Wizard again; it recreates the "Exchange Online" partner application.',
  },
  {
    id: 'partnerapp.auth-metadata-url', ref: 'O10', field: 'AuthMetadataUrl', auth: 'oauth',
    check: isBlankValue,
    why: 'This partner application relies on the authorization server for its keys; a metadata URL of its own makes Exchange validate tokens against the wrong keys.',
    fix: `${setApp} -AuthMetadataUrl $null`,
  },
  {
    id: 'partnerapp.realm', ref: 'O11', field: 'Realm', auth: 'oauth',
    check: isBlankValue,
    why: 'A realm ties the application to one tenant in a way the hybrid setup does not use; tokens from Exchange Online then fail to match.',
    fix: `${setApp} -Realm ""`,
  },
  {
    id: 'partnerapp.linked-account', ref: 'O12', field: 'LinkedAccount', auth: 'oauth',
    check: linkedAccount,
    why: 'Exchange Online acts with the RBAC roles of this linked account; without it, or if it points at a deleted account, calls fail with "missing a linked account for RBAC roles".',
    fix: `Set-ADServerSettings -ViewEntireForest $true\n${setApp} -LinkedAccount "{{rootDomainFqdn}}/Users/${APP_ACCOUNT}"\niisreset /noforce`,
  },
];

export const partnerApplication: CmdletSpec = {
  cmdlet: 'Get-PartnerApplication',
  sides: ['ems'],
  signatures: [
    { all: ['LinkedAccount'] },
    { all: ['UseAuthServer'] },
    { all: ['AcceptSecurityIdentifierInformation'] },
    { all: ['ActAsPermissions'] },
    { all: ['ApplicationIdentifier', 'AuthMetadataUrl'], none: ['TokenIssuingEndpoint'] },
  ],
  relevant: isExchangeOnlineApp,
  strictRelevance: true,
  irrelevantReason: 'It is another partner application (Skype for Business, SharePoint, …), not Exchange Online.',
  rules,
  collectionRules: [
    {
      id: 'partnerapp.present', ref: 'O8', field: 'ApplicationIdentifier', auth: 'oauth',
      check: (env) => (env.objects.length > 0 ? undefined : fail(`a partner application with ApplicationIdentifier ${EXCHANGE_APP_ID}`)),
      why: 'Without the "Exchange Online" partner application on-premises Exchange does not know the caller, and every OAuth free/busy request from the cloud fails.',
      fix: 'Run the Hybrid Configuration Wizard again (choose OAuth); it creates the partner application and its linked account.',
    },
  ],
};
