/** What the audit log says of an event, for people: labels instead of codes. */

export interface AuditedEvent {
  action: string;
  entityType: string;
  entityId: string | null;
  detail: Record<string, unknown> | null;
}

/** An action's label, fixed or read from the event ("Exported children as XLSX"). */
export type ActionLabel = string | ((event: AuditedEvent) => string);

/** What a record is called, fixed or from its id ("EHC request EHC-1A2B3C4D"). */
export type RecordLabel = string | ((entityId: string | null) => string);

/**
 * How one module's events read: the label of each action it records and of each type of record
 * it names. The platform knows no module, so each declares its own on its AppModule.
 */
export interface AuditVocabulary {
  actions?: Record<string, ActionLabel>;
  records?: Record<string, RecordLabel>;
}

const formatNames: Record<string, string> = { csv: 'CSV', xlsx: 'XLSX', pdf: 'PDF' };

/** The label of an export, naming the format the event recorded: "Exported children as CSV". */
export function exportedAs(what: string): ActionLabel {
  return (event) => {
    const format = event.detail?.format;
    return `Exported ${what}${typeof format === 'string' ? ` as ${formatNames[format] ?? format.toUpperCase()}` : ''}`;
  };
}

/** "ehc.request.form-opened" → "Ehc request form opened": an unknown code still reads as words. */
export function readableCode(code: string): string {
  const words = code.replace(/[._-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface AuditLabeller {
  action(event: AuditedEvent): string;
  record(event: AuditedEvent): string;
}

/** One lookup over every module's vocabulary; a later module's label for the same code wins. */
export function auditLabeller(vocabularies: readonly AuditVocabulary[]): AuditLabeller {
  const actions = new Map<string, ActionLabel>();
  const records = new Map<string, RecordLabel>();
  for (const v of vocabularies) {
    for (const [code, label] of Object.entries(v.actions ?? {})) actions.set(code, label);
    for (const [type, label] of Object.entries(v.records ?? {})) records.set(type, label);
  }
  return {
    action(event) {
      const label = actions.get(event.action);
      if (label === undefined) return readableCode(event.action);
      return typeof label === 'string' ? label : label(event);
    },
    record(event) {
      const label = records.get(event.entityType);
      if (label === undefined)
        return `${readableCode(event.entityType)}${event.entityId ? ` ${event.entityId}` : ''}`;
      return typeof label === 'string' ? label : label(event.entityId);
    },
  };
}

/** The platform's own events: signing in, accounts, tokens and the audit log itself. */
export const platformVocabulary: AuditVocabulary = {
  actions: {
    'sign-in.succeeded': 'Signed in',
    'sign-in.failed': 'Failed to sign in',
    'sign-out': 'Signed out',
    'password.changed': 'Changed their password',
    'password.change-failed': 'Failed to change their password',
    'password.set-by-operator': 'Had their password set by an operator',
    'user.created': 'Created a user',
    'api-token.created': 'Created an API token',
    'api-token.revoked': (event) =>
      event.detail?.reason === 'password changed'
        ? 'Revoked an API token as the password changed'
        : event.detail?.reason === 'password set by an operator'
          ? 'Revoked an API token as an operator set the password'
          : 'Revoked an API token',
    'audit.searched': 'Searched the audit log',
    'audit.events.exported': exportedAs('audit log events'),
    'audit.chain.verified': (event) =>
      event.detail?.intact === false
        ? 'Checked the audit log: the chain is broken'
        : 'Checked the audit log: the chain is intact',
  },
  records: {
    user: 'Account',
    'api-token': 'API token',
    'audit-log': 'Audit log',
  },
};
