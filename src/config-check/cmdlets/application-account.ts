/**
 * The Exchange Online-ApplicationAccount: the AD account the "Exchange Online" partner
 * application acts as, checked through Get-User (FreeBusyChecker O13–O15) and its role
 * assignments through Get-ManagementRoleAssignment (O16–O22).
 */
import { fail, pass, textIs, warn } from '../expect.js';
import type { CmdletSpec, CollectionRule, FieldRule, Outcome } from '../types.js';
import type { PsObject, PsValue } from '../../parse/types.js';
import { asBool, fieldOf, isCut, items, lower, sameText, text } from '../values.js';
import { APP_ACCOUNT, APP_ACCOUNT_ROLES } from '../well-known.js';

const mentionsAccount = (s: string) => s.toLowerCase().includes(APP_ACCOUNT.toLowerCase());
const IDENTITY_FIELDS = ['Identity', 'Name', 'DisplayName', 'SamAccountName', 'UserPrincipalName', 'DistinguishedName'];

/** An object that names the account, or one that names nobody (the command line did). */
function isAccount(o: PsObject): boolean {
  const named = IDENTITY_FIELDS.map((f) => fieldOf(o, f)).filter((v) => v !== undefined);
  return named.length === 0 || named.some((v) => mentionsAccount(text(v)));
}

const RECREATE =
  'Restore the account from the AD Recycle Bin if it was deleted; otherwise run Setup.exe /PrepareAD /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF from the latest CU and then the Hybrid Configuration Wizard again.';

const STANDARD_UAC = ['AccountDisabled', 'PasswordNotRequired', 'NormalAccount'];

/** The flags may come in any order; a difference does not break free/busy, so it only warns. */
function userAccountControl(v: PsValue): Outcome {
  const flags = items(v).flatMap((s) => s.split(/\s*,\s*/)).map(lower).filter((s) => s !== '');
  const expected = STANDARD_UAC.join(', ');
  const same = flags.length === STANDARD_UAC.length && STANDARD_UAC.every((f) => flags.includes(f.toLowerCase()));
  if (same) return pass(expected);
  if (!flags.includes('accountdisabled')) return warn(expected, 'The account can log on: nobody should sign in with it, so disable it.');
  return warn(expected);
}

const userRules: FieldRule[] = [
  {
    id: 'appaccount.recipient-type', ref: 'O13', field: 'RecipientType', auth: 'oauth',
    check: (v) => textIs(v, 'User'),
    why: 'The account is a plain AD user with no mailbox; if it is anything else it is not the account the HCW created.',
    fix: RECREATE,
  },
  {
    id: 'appaccount.recipient-type-details', ref: 'O14', field: 'RecipientTypeDetails', auth: 'oauth',
    check: (v) => textIs(v, 'LinkedUser'),
    why: 'The partner application can only act through a linked user; another type means the link to Exchange Online is broken.',
    fix: RECREATE,
  },
  {
    id: 'appaccount.user-account-control', ref: 'O15', field: 'UserAccountControl', auth: 'oauth',
    check: userAccountControl,
    why: 'The account only carries permissions and is never used to sign in, so it is created disabled and without a password.',
    fix: 'Disable-ADAccount -Identity "Exchange Online-ApplicationAccount"',
  },
];

export const applicationAccountUser: CmdletSpec = {
  cmdlet: 'Get-User',
  sides: ['ems'],
  signatures: [{ all: ['RecipientTypeDetails', 'UserAccountControl'] }, { all: ['RecipientType', 'UserAccountControl'] }],
  accepts: (objects, pasted) => mentionsAccount(pasted) || objects.some((o) => IDENTITY_FIELDS.some((f) => mentionsAccount(text(fieldOf(o, f))))),
  relevant: isAccount,
  strictRelevance: true,
  rules: userRules,
  collectionRules: [
    {
      id: 'appaccount.exists', ref: 'O13', field: 'Identity', auth: 'oauth',
      check: (env) => {
        if (env.objects.length > 0) return undefined;
        const error = env.errors[0]?.message;
        return { ...fail(`the user ${APP_ACCOUNT}`, 'The account was not found.'), ...(error ? { actual: error } : {}) };
      },
      why: 'Exchange Online acts on-premises with this account\'s roles; without it cloud users get "missing a linked account for RBAC roles" instead of free/busy.',
      fix: RECREATE,
    },
  ],
};

// ---- role assignments ------------------------------------------------------------------------

/** The role a row assigns: the Role column, or the part of Name before "-Exchange Online-ApplicationAccount". */
function roleOf(o: PsObject): string {
  const role = text(fieldOf(o, 'Role'));
  if (role !== '') return role;
  const name = text(fieldOf(o, 'Name'));
  const at = name.toLowerCase().indexOf(`-${APP_ACCOUNT.toLowerCase()}`);
  return at > 0 ? name.slice(0, at) : name;
}

/** Format-Table cuts long role names ("TeamMailboxLifecycleApplicati..."); a cut name matches by its start. */
function sameRole(printed: string, role: string): boolean {
  if (isCut(printed)) {
    const start = printed.replace(/(\.\.\.|…)$/, '').trim().toLowerCase();
    return start.length >= 4 && role.toLowerCase().startsWith(start);
  }
  return sameText(printed, role);
}

const ROLE_PURPOSE: Record<(typeof APP_ACCOUNT_ROLES)[number], string> = {
  UserApplication: 'It lets Exchange Online act as the user whose calendar it reads: without it OAuth free/busy from the cloud fails ("the linked account has no RBAC role assignments").',
  ArchiveApplication: 'It serves cloud archives of on-premises mailboxes, not free/busy; its absence shows the account lost roles it was given.',
  LegalHoldApplication: 'It serves legal hold across premises, not free/busy; its absence shows the account lost roles it was given.',
  'Mailbox Search': 'It serves cross-premises mailbox searches, not free/busy; its absence shows the account lost roles it was given.',
  TeamMailboxLifecycleApplication: 'It serves site mailboxes, not free/busy; its absence shows the account lost roles it was given.',
  MailboxSearchApplication: 'It serves eDiscovery from the cloud, not free/busy; its absence shows the account lost roles it was given.',
  MeetingGraphApplication: 'It serves cloud meeting features for on-premises mailboxes, not free/busy; its absence shows the account lost roles it was given.',
};

const roleRules: CollectionRule[] = APP_ACCOUNT_ROLES.map((role, i) => ({
  id: `approles.${role.toLowerCase().replace(/\s+/g, '-')}`,
  ref: `O${16 + i}`,
  field: 'Role',
  auth: 'oauth',
  check: (env) => {
    const row = env.objects.find((o) => sameRole(roleOf(o), role));
    const enabled = row === undefined ? undefined : asBool(fieldOf(row, 'Enabled'));
    if (row !== undefined && enabled !== false) return { ...pass(role), actual: roleOf(row) };
    const o = role === 'UserApplication' ? fail(role) : warn(role);
    if (enabled === false) return { ...o, actual: `${roleOf(row as PsObject)} (disabled)`, note: 'The assignment exists but is disabled.' };
    const cut = env.truncated || env.objects.some((r) => isCut(roleOf(r)));
    return { ...o, actual: '(not assigned)', ...(cut ? { status: 'warn' as const, note: 'The table was cut off; run it again with "| fl Name,Role" to be sure.' } : {}) };
  },
  why: `Role ${role} of the ${APP_ACCOUNT}. ${ROLE_PURPOSE[role]}`,
  fix: `New-ManagementRoleAssignment -Role "${role}" -User "${APP_ACCOUNT}"`,
}));

export const applicationAccountRoles: CmdletSpec = {
  cmdlet: 'Get-ManagementRoleAssignment',
  sides: ['ems'],
  signatures: [
    { all: ['Role', 'RoleAssigneeName'] },
    { all: ['Role', 'RoleAssigneeType'] },
    { all: ['Role', 'AssignmentMethod'] },
    { all: ['Role', 'EffectiveUserName'] },
  ],
  accepts: (objects, pasted) => mentionsAccount(pasted) || objects.some((o) => mentionsAccount(text(fieldOf(o, 'RoleAssigneeName')) + text(fieldOf(o, 'Name')))),
  // Rows for other assignees (a command without -RoleAssignee) do not count.
  relevant: (o) => {
    const assignee = fieldOf(o, 'RoleAssigneeName');
    if (assignee !== undefined) return mentionsAccount(text(assignee));
    const name = fieldOf(o, 'Name');
    // A name cut by Format-Table ("…-Exchange Online-ApplicationAcc…") may still be the account's.
    return name === undefined || mentionsAccount(text(name)) || isCut(text(name));
  },
  strictRelevance: true,
  rules: [],
  collectionRules: roleRules,
};
