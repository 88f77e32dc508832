/** The account does not exist or is not the caller's: the same answer either way, so existence never leaks. */
export class AccountNotFoundError extends Error {
  override name = "AccountNotFoundError";
  constructor() {
    super("No such account.");
  }
}
