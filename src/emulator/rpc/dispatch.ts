import type { TlObject, tl } from '../../schema/index.js';
import { getPassword } from './account.js';
import {
  acceptLoginToken,
  checkPassword,
  exportAuthorization,
  exportLoginToken,
  importAuthorization,
  importBotAuthorization,
  importLoginToken,
  logOut,
  sendCode,
  signIn,
  signUp,
} from './auth.js';
import { loggedIn, RpcFailure, type Answer, type CallContext } from './context.js';
import { getCdnConfig, getConfig, getNearestDc } from './help.js';
import { sendMedia, sendMultiMedia, uploadMedia } from './media.js';
import { getUserPhotos, uploadProfilePhoto } from './photos.js';
import { getCdnFile, getCdnFileHashes, getFile, getFileHashes, reuploadCdnFile, saveBigFilePart, saveFilePart } from './upload.js';
import { CDN_DC_ID } from '../world/cdn-files.js';
import { getChannelDifference, getDifference, getState } from './updates.js';
import { getUsers } from './users.js';
import { deleteMessages, editMessage, forwardMessages, sendMessage } from './messages.js';
import { getChannelMessages, getDialogs, getHistory, getMessages } from './history.js';
import { getFullUser, resolvePhone, resolveUsername } from './contacts.js';
import { setTyping, updateStatus } from './presence.js';
import { sendReaction } from './reactions.js';
import { addChatUser, createChat, deleteChatUser, editChatTitle, updatePinnedMessage } from './chats.js';
import { createChannel, deleteChannelMessages, editTitle, inviteToChannel, joinChannel, leaveChannel } from './channels.js';
import { getBotCallbackAnswer, getInlineBotResults, sendInlineBotResult, setBotCallbackAnswer, setInlineBotResults } from './bots.js';

/** Most answer at once; some wait (for a bot to answer a callback or inline query). */
type Handler = (ctx: CallContext, request: never) => Answer | Promise<Answer>;

/** The methods the emulator implements, one file per family. */
const HANDLERS: Record<string, Handler> = {
  'help.getConfig': getConfig,
  'help.getNearestDc': getNearestDc,
  'help.getCdnConfig': getCdnConfig,
  'auth.importBotAuthorization': importBotAuthorization,
  'auth.sendCode': sendCode,
  'auth.signIn': signIn,
  'auth.signUp': signUp,
  'auth.checkPassword': checkPassword,
  'auth.logOut': logOut,
  'auth.exportAuthorization': exportAuthorization,
  'auth.importAuthorization': importAuthorization,
  'auth.exportLoginToken': exportLoginToken,
  'auth.importLoginToken': importLoginToken,
  'auth.acceptLoginToken': acceptLoginToken,
  'account.getPassword': getPassword,
  'users.getUsers': getUsers,
  'updates.getState': getState,
  'updates.getDifference': getDifference,
  'updates.getChannelDifference': getChannelDifference,
  'messages.sendMessage': sendMessage,
  'messages.editMessage': editMessage,
  'messages.deleteMessages': deleteMessages,
  'messages.forwardMessages': forwardMessages,
  'messages.getHistory': getHistory,
  'messages.getMessages': getMessages,
  'messages.getDialogs': getDialogs,
  'messages.setTyping': setTyping,
  'messages.sendReaction': sendReaction,
  'messages.createChat': createChat,
  'messages.addChatUser': addChatUser,
  'messages.deleteChatUser': deleteChatUser,
  'messages.editChatTitle': editChatTitle,
  'messages.updatePinnedMessage': updatePinnedMessage,
  'messages.getBotCallbackAnswer': getBotCallbackAnswer,
  'messages.setBotCallbackAnswer': setBotCallbackAnswer,
  'messages.getInlineBotResults': getInlineBotResults,
  'messages.setInlineBotResults': setInlineBotResults,
  'messages.sendInlineBotResult': sendInlineBotResult,
  'channels.getMessages': getChannelMessages,
  'channels.deleteMessages': deleteChannelMessages,
  'channels.createChannel': createChannel,
  'channels.joinChannel': joinChannel,
  'channels.leaveChannel': leaveChannel,
  'channels.inviteToChannel': inviteToChannel,
  'channels.editTitle': editTitle,
  'contacts.resolveUsername': resolveUsername,
  'contacts.resolvePhone': resolvePhone,
  'users.getFullUser': getFullUser,
  'account.updateStatus': updateStatus,
  'messages.sendMedia': sendMedia,
  'messages.sendMultiMedia': sendMultiMedia,
  'messages.uploadMedia': uploadMedia,
  'photos.uploadProfilePhoto': uploadProfilePhoto,
  'photos.getUserPhotos': getUserPhotos,
  'upload.saveFilePart': saveFilePart,
  'upload.saveBigFilePart': saveBigFilePart,
  'upload.getFile': getFile,
  'upload.getFileHashes': getFileHashes,
  'upload.getCdnFile': getCdnFile,
  'upload.reuploadCdnFile': reuploadCdnFile,
  'upload.getCdnFileHashes': getCdnFileHashes,
};

/** The generic wrappers a client puts around its calls; the emulator answers the inner query. */
const WRAPPERS = new Set(['invokeWithLayer', 'initConnection', 'invokeWithoutUpdates', 'invokeAfterMsg', 'invokeAfterMsgs', 'invokeWithMessagesRange', 'invokeWithTakeout']);

/** Like Telegram: help, langpack and the login half of auth need no authorization... */
const OPEN_NAMESPACES = new Set(['help', 'auth', 'langpack']);
/** ...nor does the 2FA step of a login (it checks the pending login itself), nor a CDN download... */
const OPEN_METHODS = new Set(['account.getPassword', 'upload.getCdnFile']);
/** ...but these act for a logged-in account. */
const LOGIN_METHODS = new Set(['auth.logOut', 'auth.exportAuthorization', 'auth.acceptLoginToken', 'auth.resetAuthorizations', 'auth.dropTempAuthKeys']);
/** A CDN DC serves files to anyone, and nothing else. */
const CDN_METHODS = new Set(['upload.getCdnFile', 'help.getConfig', 'help.getNearestDc', 'help.getCdnConfig']);

/** Answers one call, or throws RpcFailure. */
export function dispatch(ctx: CallContext, request: TlObject): Answer | Promise<Answer> {
  let call = request as { _: string; query?: unknown; layer?: number };
  while (WRAPPERS.has(call._)) {
    if (call._ === 'invokeWithLayer') ctx.layer = call.layer;
    if (call._ === 'initConnection') {
      const init = call as unknown as tl.InitConnectionRequest;
      ctx.client = { apiId: init.apiId, deviceModel: init.deviceModel, systemVersion: init.systemVersion, appVersion: init.appVersion, langCode: init.langCode };
    }
    call = call.query as typeof call;
  }
  const name = call._;
  if (ctx.dcId === CDN_DC_ID && !CDN_METHODS.has(name)) throw new RpcFailure(400, 'CDN_METHOD_INVALID');
  const open = OPEN_METHODS.has(name) || (OPEN_NAMESPACES.has(name.split('.')[0]) && !LOGIN_METHODS.has(name));
  // 401 AUTH_KEY_UNREGISTERED, SESSION_REVOKED or SESSION_PASSWORD_NEEDED, as Telegram says why.
  if (!open) loggedIn(ctx);
  const handler = HANDLERS[name];
  if (!handler) throw new RpcFailure(400, 'METHOD_NOT_IMPLEMENTED');
  return handler(ctx, call as never);
}
