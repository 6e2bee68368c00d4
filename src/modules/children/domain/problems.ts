/** A problem with one field of the input, in the words the page and the API both show. */
export interface FieldProblem {
  field: string;
  message: string;
}
