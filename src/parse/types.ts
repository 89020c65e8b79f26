/**
 * What the bot reads out of pasted PowerShell output. One shape for every cmdlet, so the walk
 * conditions (knowledge/errors/*.yaml) and the configuration check read values the same way.
 */

/** A property value: text, a list for multi-valued properties printed as {a, b}, or null when empty. */
export type PsValue = string | string[] | null;

/** One object: property name as printed (e.g. "TargetAddressDomains") to its value. */
export type PsObject = Record<string, PsValue>;

/** A PowerShell error record, e.g. "... + CategoryInfo : NotSpecified: (:) [Test-OrganizationRelationship], FormatException". */
export interface PsErrorRecord {
  message: string;
  cmdlet?: string;
  category?: string;
  exceptionType?: string;
  fullyQualifiedErrorId?: string;
}

export type OutputShape = 'list' | 'table' | 'values' | 'error' | 'text' | 'empty';

export interface ParsedOutput {
  /** the dominant shape: Format-List blocks, a table, bare values, only error records, free text, nothing */
  shape: OutputShape;
  /** one per Format-List block or table row, in order */
  objects: PsObject[];
  errors: PsErrorRecord[];
  /** text after "WARNING:" */
  warnings: string[];
  /** text after "VERBOSE:" */
  verbose: string[];
  /** bare lines of a property expression such as (Get-AuthConfig).CurrentCertificateThumbprint */
  values: string[];
  /** the whole paste, cleaned of Teams/Slack markup, for text conditions */
  text: string;
  /** a value ended in "..." or a table column was cut: the admin should widen the output */
  truncated: boolean;
  /** the cmdlet on a pasted prompt line ("[PS] C:\>Get-FederationTrust | fl"), when there is one */
  command?: string;
}
