import { formValues } from '../../../../platform/http/forms.ts';
import type { FieldError } from '../../../../platform/http/problem.ts';
import type { Service } from '../catalogue-service.ts';
import { type UnitKind, unitKinds } from '../domain/catalogue.ts';
import { unitLabels } from '../presenters.ts';

/**
 * The form for a service: its name, unit, what it is, the team that delivers it and, once it
 * exists, whether it is still offered. Its boxes carry the API's field names, so the API's
 * messages land by the box they are about.
 */

export interface ServiceFormValues {
  name: string;
  unit: string;
  description: string;
  team: string;
  offered: string;
  version: string;
}

export const fieldOrder = ['name', 'unit', 'description', 'team', 'offered'] as const;

export function serviceFormValues(s: Service | null): ServiceFormValues {
  return s
    ? {
        name: s.name,
        unit: s.unit,
        description: s.description,
        team: s.team,
        offered: s.offered ? 'yes' : 'no',
        version: String(s.version),
      }
    : { name: '', unit: '', description: '', team: '', offered: 'yes', version: '' };
}

export const readServiceForm = (body: unknown): ServiceFormValues =>
  formValues(body, ['name', 'unit', 'description', 'team', 'offered', 'version']);

/** The API's body from the form; the schema judges it, so the page and the API say the same. */
export function serviceBody(v: ServiceFormValues): Record<string, unknown> {
  return {
    name: v.name,
    ...(v.unit ? { unit: v.unit } : {}),
    description: v.description,
    team: v.team,
    offered: v.offered !== 'no',
    ...(v.version ? { version: /^\d{1,9}$/.test(v.version) ? Number(v.version) : -1 } : {}),
  };
}

/** The unit's radios, the chosen one checked. */
export const unitItems = (chosen: string) =>
  unitKinds.map((u: UnitKind) => ({ value: u, text: unitLabels[u], checked: u === chosen }));

/** Errors in the form's order; a stale version is said at the top, by the name. */
export function formErrors(errors: FieldError[]): FieldError[] {
  const order: readonly string[] = fieldOrder;
  return errors
    .map((e) => (e.field === 'version' ? { field: 'name', message: e.message } : e))
    .sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
}
