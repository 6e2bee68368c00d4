/** Input that cannot be used for a user or token, naming the field at fault. */
export class AuthError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
