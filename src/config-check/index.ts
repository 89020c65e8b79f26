/**
 * The configuration check: when an admin pastes the output of a hybrid configuration cmdlet,
 * compare every value it can with the standard hybrid configuration (OAuth and DAuth) and say
 * what deviates, why it matters for free/busy, and how to fix it, and which checks passed.
 */
import type { ParsedOutput, PsObject } from '../parse/types.js';
import { applicationAccountRoles, applicationAccountUser } from './cmdlets/application-account.js';
import { authConfig } from './cmdlets/auth-config.js';
import { authServer } from './cmdlets/auth-server.js';
import { availabilityAddressSpace } from './cmdlets/availability-address-space.js';
import { exchangeCertificate } from './cmdlets/exchange-certificate.js';
import { federatedOrganizationIdentifier } from './cmdlets/federated-organization-identifier.js';
import { federationInformation } from './cmdlets/federation-information.js';
import { federationTrust } from './cmdlets/federation-trust.js';
import { mailboxFolderPermission } from './cmdlets/folder-permission.js';
import { intraOrganizationConnector } from './cmdlets/intra-organization-connector.js';
import { organizationRelationship } from './cmdlets/organization-relationship.js';
import { partnerApplication } from './cmdlets/partner-application.js';
import { autodiscoverVirtualDirectory, webServicesVirtualDirectory } from './cmdlets/virtual-directories.js';
import { recognise } from './recognise.js';
import { runSpec } from './run-rules.js';
import type { CheckContext, CheckOptions, CheckResult, CmdletSpec, ConfigReport } from './types.js';

export type { CheckContext, CheckOptions, CheckResult, ConfigReport, NotChecked, Needed, Side, Status } from './types.js';

/** Order matters only for ties in recognition: the EWS directory wins over Autodiscover unless the output names Autodiscover. */
const SPECS: readonly CmdletSpec[] = [
  organizationRelationship,
  intraOrganizationConnector,
  federationTrust,
  federatedOrganizationIdentifier,
  federationInformation,
  authServer,
  partnerApplication,
  authConfig,
  exchangeCertificate,
  applicationAccountUser,
  applicationAccountRoles,
  availabilityAddressSpace,
  webServicesVirtualDirectory,
  autodiscoverVirtualDirectory,
  mailboxFolderPermission,
];

/** The cmdlets it understands, for help texts. */
export const CHECKED_CMDLETS: readonly string[] = SPECS.map((s) => s.cmdlet);

export interface CheckInfo {
  cmdlet: string;
  checkId: string;
  ref?: string;
  field: string;
  auth: CheckResult['auth'];
  /** the variants (side, kind of auth server) a field check is limited to */
  variants?: readonly string[];
  /** a check over the whole output (something must be present) rather than one value */
  whole: boolean;
}

/**
 * Every property name the checks read. A caller can pass them to the parser as knownFields, so
 * that a Format-List flattened onto one line by Teams or Slack still splits into properties.
 */
export const CHECKED_FIELDS: readonly string[] = [
  ...new Set(['Name', 'Identity', ...SPECS.flatMap((s) => [...s.rules.flatMap((r) => [r.field, ...(r.aliases ?? [])]), ...(s.collectionRules ?? []).map((r) => r.field)])]),
];

/** Every check the module runs, for help texts and documentation. */
export function describeChecks(): CheckInfo[] {
  return SPECS.flatMap((s) => [
    ...s.rules.map((r) => ({ cmdlet: s.cmdlet, checkId: r.id, ...(r.ref ? { ref: r.ref } : {}), field: r.field, auth: r.auth, ...(r.variants ? { variants: r.variants } : {}), whole: false })),
    ...(s.collectionRules ?? []).map((r) => ({ cmdlet: s.cmdlet, checkId: r.id, ...(r.ref ? { ref: r.ref } : {}), field: r.field, auth: r.auth, whole: true })),
  ]);
}

/** Properties that hold lists; the bare values of any other property come one per object. */
const MULTI_VALUED = new Set(['domains', 'domainnames', 'targetaddressdomains', 'tokenissueruris', 'internalauthenticationmethods', 'externalauthenticationmethods', 'accessrights']);

function expressionObjects(property: string, values: readonly string[]): PsObject[] {
  if (values.length === 0) return [{ [property]: null }];
  if (MULTI_VALUED.has(property.toLowerCase())) return [{ [property]: [...values] }];
  return values.map((v) => ({ [property]: v }));
}

/**
 * Recognise which configuration cmdlet produced the output (from parsed.command or from its
 * property set) and run its checks; undefined if it is not a configuration cmdlet this module knows.
 */
export function checkConfiguration(parsed: ParsedOutput, context: CheckContext, options: CheckOptions = {}): ConfigReport | undefined {
  const found = recognise(parsed, SPECS);
  if (found === undefined || found === 'unknown-command') return undefined;
  let objects: readonly PsObject[] = parsed.objects;
  // "(Get-AuthConfig).CurrentCertificateThumbprint" prints bare values: they are that one property,
  // and printing nothing (without an error) means the property is empty.
  if (objects.length === 0 && found.expressionProperty !== undefined && parsed.errors.length === 0) {
    objects = expressionObjects(found.expressionProperty, parsed.values);
  }
  if (found.spec.accepts && !found.spec.accepts(objects, parsed.text)) return undefined;
  if (objects.length === 0 && !found.byCommand) return undefined;
  return runSpec(found.spec, {
    objects,
    context,
    now: options.now ?? new Date(),
    // The "EO" prefix is firmer evidence of the side than what the conversation assumed.
    side: found.side ?? context.side,
    truncated: parsed.truncated,
    text: parsed.text,
    errors: parsed.errors,
  });
}
