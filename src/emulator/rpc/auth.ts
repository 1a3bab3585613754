/**
 * auth.*: bot tokens, phone codes and sign-up, 2FA, QR login tokens, and
 * authorizations carried between DCs. Errors are Telegram's own codes and
 * messages (core.telegram.org/method/auth.*).
 */
import type { tl } from '../../schema/index.js';
import { normalizePhone, type Account } from '../world/accounts.js';
import { CODE_LENGTH } from '../world/login-codes.js';
import type { LoginToken } from '../world/login-tokens.js';
import { loggedIn, RpcFailure, unauthorized, unixNow, type CallContext } from './context.js';

const fail = (code: number, message: string) => new RpcFailure(code, message);

function checkApi(apiId: number, apiHash: string): void {
  if (!Number.isInteger(apiId) || apiId <= 0 || typeof apiHash !== 'string' || !apiHash) throw fail(400, 'API_ID_INVALID');
}

function phoneOf(phoneNumber: string): string {
  const phone = normalizePhone(phoneNumber);
  if (phone === undefined) throw fail(406, 'PHONE_NUMBER_INVALID');
  return phone;
}

/** PHONE_MIGRATE_X before anything else: an existing account answers only on its own DC. */
function checkPhoneHome(ctx: CallContext, account: Account | undefined): void {
  if (account && account.dcId !== ctx.dcId) throw fail(303, `PHONE_MIGRATE_${account.dcId}`);
}

/** Logs the key in, or, when the account has a 2FA password, leaves the login pending on it. */
function logIn(ctx: CallContext, account: Account): tl.auth.Authorization {
  if (account.password) {
    ctx.world.authorizations.logOut(ctx.login);
    ctx.login.passwordPending = account.id;
    throw fail(401, 'SESSION_PASSWORD_NEEDED');
  }
  ctx.world.authorizations.logIn(ctx.login, account.id);
  return ctx.world.authorization(account);
}

/** auth.importBotAuthorization: a bot token logs the key in, on the bot's DC. */
export function importBotAuthorization(ctx: CallContext, req: tl.auth.ImportBotAuthorizationRequest): tl.auth.TypeAuthorization {
  checkApi(req.apiId, req.apiHash);
  const bot = typeof req.botAuthToken === 'string' ? ctx.world.accounts.findToken(req.botAuthToken.trim()) : undefined;
  if (!bot) throw fail(400, 'ACCESS_TOKEN_INVALID');
  if (bot.dcId !== ctx.dcId) throw fail(303, `USER_MIGRATE_${bot.dcId}`);
  return logIn(ctx, bot);
}

/** auth.sendCode: a code the test reads with lastLoginCode, on the phone's DC (any DC for a new number). */
export function sendCode(ctx: CallContext, req: tl.auth.SendCodeRequest): tl.auth.TypeSentCode {
  checkApi(req.apiId, req.apiHash);
  const phone = phoneOf(req.phoneNumber);
  const account = ctx.world.accounts.findPhone(phone);
  checkPhoneHome(ctx, account);
  const sent = ctx.world.codes.issue(phone, ctx.authKeyId);
  // An account gets the code in its Telegram app; a new number by SMS.
  const type: tl.auth.TypeSentCodeType = account ? { _: 'auth.sentCodeTypeApp', length: CODE_LENGTH } : { _: 'auth.sentCodeTypeSms', length: CODE_LENGTH };
  return { _: 'auth.sentCode', type, phoneCodeHash: sent.hash, nextType: { _: 'auth.codeTypeSms' }, timeout: 60 };
}

/** The sent code a phone_code_hash names, checked the way signIn and signUp both need. */
function sentCodeFor(ctx: CallContext, phone: string, hash: string) {
  if (typeof hash !== 'string' || !hash) throw fail(400, 'PHONE_CODE_HASH_EMPTY');
  const sent = ctx.world.codes.get(hash);
  if (!sent || sent.phone !== phone) throw fail(400, 'PHONE_CODE_HASH_INVALID');
  // A code is good only on the auth key that asked for it, once, for five minutes, until a newer one replaces it.
  if (sent.authKeyId !== ctx.authKeyId || !ctx.world.codes.live(sent)) throw fail(400, 'PHONE_CODE_EXPIRED');
  return sent;
}

/** auth.signIn: the code logs in an account, asks for its password, or asks for a sign-up. */
export function signIn(ctx: CallContext, req: tl.auth.SignInRequest): tl.auth.TypeAuthorization {
  const phone = phoneOf(req.phoneNumber);
  const account = ctx.world.accounts.findPhone(phone);
  checkPhoneHome(ctx, account);
  if (typeof req.phoneCodeHash !== 'string' || !req.phoneCodeHash) throw fail(400, 'PHONE_CODE_HASH_EMPTY');
  if (typeof req.phoneCode !== 'string' || !req.phoneCode) throw fail(400, 'PHONE_CODE_EMPTY');
  const sent = sentCodeFor(ctx, phone, req.phoneCodeHash);
  if (req.phoneCode.trim() !== sent.code) throw fail(400, 'PHONE_CODE_INVALID');
  if (!account) {
    sent.verified = true;
    return { _: 'auth.authorizationSignUpRequired' };
  }
  sent.spent = true;
  return logIn(ctx, account);
}

/** auth.signUp: after signIn said authorizationSignUpRequired, creates the account on this DC. */
export function signUp(ctx: CallContext, req: tl.auth.SignUpRequest): tl.auth.TypeAuthorization {
  const phone = phoneOf(req.phoneNumber);
  const existing = ctx.world.accounts.findPhone(phone);
  checkPhoneHome(ctx, existing);
  const sent = sentCodeFor(ctx, phone, req.phoneCodeHash);
  if (existing) throw fail(400, 'PHONE_NUMBER_OCCUPIED');
  // signUp carries no code: signIn must have checked it first.
  if (!sent.verified) throw fail(400, 'PHONE_CODE_EMPTY');
  const firstName = typeof req.firstName === 'string' ? req.firstName.trim() : '';
  const lastName = typeof req.lastName === 'string' ? req.lastName.trim() : '';
  if (!firstName || firstName.length > 64) throw fail(400, 'FIRSTNAME_INVALID');
  if (lastName.length > 64) throw fail(400, 'LASTNAME_INVALID');
  sent.spent = true;
  const account = ctx.world.accounts.signUp(phone, firstName, lastName, ctx.dcId);
  ctx.world.authorizations.logIn(ctx.login, account.id);
  return ctx.world.authorization(account);
}

/** auth.checkPassword: the SRP proof for the exchange account.getPassword started. */
export function checkPassword(ctx: CallContext, req: tl.auth.CheckPasswordRequest): tl.auth.TypeAuthorization {
  const userId = ctx.login.passwordPending ?? ctx.login.userId;
  const account = userId === undefined ? undefined : ctx.world.accounts.get(userId);
  if (!account) throw unauthorized(ctx);
  const password = req.password;
  if (!account.password || password._ !== 'inputCheckPasswordSRP') throw fail(400, 'PASSWORD_HASH_INVALID');
  const srp = ctx.login.srp;
  if (!srp || srp.id !== password.srpId) throw fail(400, 'SRP_ID_INVALID');
  if (!srp.server.verify(password.A, password.M1)) throw fail(400, 'PASSWORD_HASH_INVALID');
  ctx.world.authorizations.logIn(ctx.login, account.id);
  return ctx.world.authorization(account);
}

/** auth.logOut: the key is no longer logged in. */
export function logOut(ctx: CallContext): tl.auth.LoggedOut {
  loggedIn(ctx);
  ctx.world.authorizations.logOut(ctx.login);
  return { _: 'auth.loggedOut' };
}

/** auth.exportAuthorization: bytes that log this account in on another DC. */
export function exportAuthorization(ctx: CallContext, req: tl.auth.ExportAuthorizationRequest): tl.auth.ExportedAuthorization {
  const account = loggedIn(ctx);
  if (!ctx.dcs.some((d) => d.id === req.dcId)) throw fail(400, 'DC_ID_INVALID');
  return { _: 'auth.exportedAuthorization', id: account.id, bytes: ctx.world.authorizations.export(account.id, req.dcId) };
}

/** auth.importAuthorization: the bytes from exportAuthorization, on the DC they were exported for. */
export function importAuthorization(ctx: CallContext, req: tl.auth.ImportAuthorizationRequest): tl.auth.TypeAuthorization {
  const found = ctx.world.authorizations.imported(req.bytes, ctx.dcId);
  if (!found) throw fail(400, 'AUTH_BYTES_INVALID');
  const account = ctx.world.accounts.get(found.userId);
  if (!account || found.userId !== req.id) throw fail(400, 'USER_ID_INVALID');
  ctx.world.authorizations.logIn(ctx.login, account.id);
  return ctx.world.authorization(account);
}

/** The end of a QR login on this key: success, a move to the account's DC, or the 2FA password. */
function finishQrLogin(ctx: CallContext, account: Account): tl.auth.TypeLoginToken {
  if (account.dcId !== ctx.dcId) {
    const t = ctx.world.tokens.migrate(account.id, account.dcId);
    return { _: 'auth.loginTokenMigrateTo', dcId: account.dcId, token: t.token };
  }
  return { _: 'auth.loginTokenSuccess', authorization: logIn(ctx, account) };
}

/** auth.exportLoginToken: a token for the QR code, or, once an app accepted it, the login. */
export function exportLoginToken(ctx: CallContext, req: tl.auth.ExportLoginTokenRequest): tl.auth.TypeLoginToken {
  checkApi(req.apiId, req.apiHash);
  const accepted = ctx.world.tokens.acceptedFor(ctx.authKeyId);
  if (accepted) {
    accepted.spent = true;
    return finishQrLogin(ctx, ctx.world.accounts.get(accepted.userId!)!);
  }
  const t = ctx.world.tokens.issue(ctx.authKeyId, ctx.sessionId, ctx.dcId, req.exceptIds ?? [], ctx.client ?? { apiId: req.apiId, deviceModel: 'unknown', systemVersion: 'unknown', appVersion: 'unknown', langCode: 'en' });
  return { _: 'auth.loginToken', expires: Math.floor(t.expiresAt / 1000), token: t.token };
}

/** auth.importLoginToken: a migrate token on the account's DC, or the state of this key's own QR token. */
export function importLoginToken(ctx: CallContext, req: tl.auth.ImportLoginTokenRequest): tl.auth.TypeLoginToken {
  const t = ctx.world.tokens.get(req.token);
  if (!t || (t.kind === 'qr' && t.authKeyId !== ctx.authKeyId)) throw fail(400, 'AUTH_TOKEN_INVALID');
  if (t.spent) throw fail(400, 'AUTH_TOKEN_ALREADY_ACCEPTED');
  if (t.kind === 'migrate') {
    if (ctx.world.tokens.expired(t)) throw fail(400, 'AUTH_TOKEN_EXPIRED');
    if (t.dcId !== ctx.dcId) return { _: 'auth.loginTokenMigrateTo', dcId: t.dcId, token: t.token };
    t.spent = true;
    return finishQrLogin(ctx, ctx.world.accounts.get(t.userId!)!);
  }
  if (t.userId !== undefined) {
    t.spent = true;
    return finishQrLogin(ctx, ctx.world.accounts.get(t.userId)!);
  }
  if (ctx.world.tokens.expired(t)) throw fail(400, 'AUTH_TOKEN_EXPIRED');
  return { _: 'auth.loginToken', expires: Math.floor(t.expiresAt / 1000), token: t.token };
}

/** auth.acceptLoginToken: a logged-in app scans the QR code; the exporting session hears updateLoginToken. */
export function acceptLoginToken(ctx: CallContext, req: tl.auth.AcceptLoginTokenRequest): tl.Authorization {
  const account = loggedIn(ctx);
  if (account.kind === 'bot') throw fail(400, 'BOT_METHOD_INVALID');
  const t = ctx.world.tokens.get(req.token);
  if (!t || t.kind !== 'qr') throw fail(400, 'AUTH_TOKEN_INVALID');
  if (t.userId !== undefined) throw fail(400, 'AUTH_TOKEN_ALREADY_ACCEPTED');
  if (ctx.world.tokens.expired(t)) throw fail(400, 'AUTH_TOKEN_EXPIRED');
  // except_ids: the exporting app is already logged in as this account.
  if (t.exceptIds.includes(account.id)) throw fail(400, 'AUTH_TOKEN_EXCEPTION');
  t.userId = account.id;
  ctx.world.options.deliver(t.authKeyId, { _: 'updateShort', update: { _: 'updateLoginToken' }, date: unixNow(ctx) }, t.sessionId);
  return authorizationOf(ctx, t);
}

/** The session a QR token creates, as account.getAuthorizations would list it. */
function authorizationOf(ctx: CallContext, t: LoginToken): tl.Authorization {
  const c = t.client!;
  const bytes = ctx.world.random(8);
  const hash = new DataView(Uint8Array.from(bytes).buffer).getBigInt64(0, true) || 1n;
  const now = unixNow(ctx);
  return {
    _: 'authorization',
    hash,
    deviceModel: c.deviceModel,
    platform: 'layer',
    systemVersion: c.systemVersion,
    apiId: c.apiId,
    appName: `app ${c.apiId}`,
    appVersion: c.appVersion,
    dateCreated: now,
    dateActive: now,
    ip: '127.0.0.1',
    country: 'Emulator',
    region: '',
  };
}
