import type { tl } from '../../schema/index.js';
import type { CallContext } from './context.js';
import { filesOf } from '../world/files.js';

/** help.getConfig: Telegram's config, listing the emulator's own DCs (and the CDN DC, flagged cdn). */
export function getConfig(ctx: CallContext): tl.Config {
  const now = Math.floor(ctx.now() / 1000);
  return {
    _: 'config',
    date: now,
    expires: now + 3600,
    testMode: false,
    thisDc: ctx.dcId,
    dcOptions: dcOptions(ctx),
    dcTxtDomainName: 'emulator.layer.invalid',
    chatSizeMax: 200,
    megagroupSizeMax: 200000,
    forwardedCountMax: 100,
    onlineUpdatePeriodMs: 210000,
    offlineBlurTimeoutMs: 5000,
    offlineIdleTimeoutMs: 30000,
    onlineCloudTimeoutMs: 300000,
    notifyCloudDelayMs: 30000,
    notifyDefaultDelayMs: 1500,
    pushChatPeriodMs: 60000,
    pushChatLimit: 2,
    editTimeLimit: 172800,
    revokeTimeLimit: 2147483647,
    revokePmTimeLimit: 2147483647,
    ratingEDecay: 2419200,
    stickersRecentLimit: 200,
    channelsReadMediaPeriod: 604800,
    callReceiveTimeoutMs: 20000,
    callRingTimeoutMs: 90000,
    callConnectTimeoutMs: 30000,
    callPacketTimeoutMs: 10000,
    meUrlPrefix: 'https://t.me/',
    captionLengthMax: 1024,
    messageLengthMax: 4096,
    webfileDcId: ctx.dcs[0].id,
  } as tl.Config;
}

/** help.getNearestDc: the emulator has no geography; the nearest DC is the one asked. */
export function getNearestDc(ctx: CallContext): tl.NearestDc {
  return { _: 'nearestDc', country: 'XX', thisDc: ctx.dcId, nearestDc: ctx.dcId };
}

function dcOptions(ctx: CallContext): tl.DcOption[] {
  const options: tl.DcOption[] = ctx.dcs.map((dc) => ({ _: 'dcOption', id: dc.id, ipAddress: dc.host, port: dc.port }));
  const cdn = filesOf(ctx.world).cdnFiles.address;
  if (cdn) options.push({ _: 'dcOption', cdn: true, id: cdn.id, ipAddress: cdn.host, port: cdn.port });
  return options;
}

/** help.getCdnConfig: the CDN DC's RSA key, for the handshake with it. */
export function getCdnConfig(ctx: CallContext): tl.CdnConfig {
  const { address, publicKeyPem } = filesOf(ctx.world).cdnFiles;
  return { _: 'cdnConfig', publicKeys: address && publicKeyPem ? [{ _: 'cdnPublicKey', dcId: address.id, publicKey: publicKeyPem }] : [] };
}
