/** Login outcomes that are not Telegram errors but need the caller to act. */

/** The phone number has no account yet: call signUp with a name (Telegram's terms apply). */
export class SignUpRequiredError extends Error {
  override readonly name = 'SignUpRequiredError';
  constructor(readonly phone: string) {
    super(`${phone} has no Telegram account yet: call signUp({ phone, phoneCodeHash, firstName }) to create one`);
  }
}

/** The server answered a login with something the client does not handle (a payment, an email setup). */
export class UnsupportedLoginError extends Error {
  override readonly name = 'UnsupportedLoginError';
  constructor(what: string) {
    super(`login needs a step layer does not support yet: ${what}`);
  }
}
