/** One field's error, in the words both the page and the API use. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * An error the user can act on. Pages show it as a GOV.UK error page (or summary), the API as
 * RFC 9457 problem+json; either way the title and field messages are the same words.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }
}

export const badRequest = (detail: string, errors: FieldError[] = []) =>
  new HttpProblem(400, 'Bad request', detail, errors);
export const unprocessable = (errors: FieldError[]) =>
  new HttpProblem(422, 'Invalid input', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
export const unauthorised = (detail: string) =>
  new HttpProblem(401, 'Unauthorised', detail, [], { 'WWW-Authenticate': 'Bearer' });
export const forbidden = (detail = 'You do not have permission to do this.') =>
  new HttpProblem(403, 'Forbidden', detail);
export const notFound = (detail = 'Nothing was found at this address.') =>
  new HttpProblem(404, 'Not found', detail);
export const conflict = (detail: string) => new HttpProblem(409, 'Conflict', detail);
