import { PasswordInvalidError, PasswordNeededError, PhoneCodeError, type Client, type tl } from 'layer';

/** How the login asks for what only the person holding the phone knows. */
export interface LoginPrompts {
  /** The code Telegram sent (in the app, or by SMS). */
  code(): Promise<string>;
  /** The account's 2FA password, asked only when it has one. */
  password(): Promise<string>;
  /** Told when an answer was wrong, before it is asked again. */
  retry?(problem: string): void;
}

const ATTEMPTS = 3;

/** Logs `client` in as the account of `phone`: a code, then the 2FA password if there is one. */
export async function logIn(client: Client, phone: string, prompts: LoginPrompts): Promise<tl.User> {
  const sent = await client.sendCode(phone);
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.signIn(sent, (await prompts.code()).trim());
    } catch (error) {
      if (error instanceof PasswordNeededError) return checkPassword(client, prompts);
      if (!(error instanceof PhoneCodeError) || error.errorMessage.endsWith('EXPIRED') || attempt === ATTEMPTS) throw error;
      prompts.retry?.('That code is wrong; try again.');
    }
  }
}

async function checkPassword(client: Client, prompts: LoginPrompts): Promise<tl.User> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.checkPassword(await prompts.password());
    } catch (error) {
      if (!(error instanceof PasswordInvalidError) || attempt === ATTEMPTS) throw error;
      prompts.retry?.('That password is wrong; try again.');
    }
  }
}
