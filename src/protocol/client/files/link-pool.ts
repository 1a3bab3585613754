/**
 * Extra links per DC for file transfers. Like Telegram's apps, uploads and
 * downloads run on sessions of their own: each extra link shares the DC's
 * auth key (so the authorization carried there covers it) and has its own
 * session id and TCP connection, so parts travel in parallel and a big
 * transfer never queues behind the chat's requests. CDN DCs get a link of
 * their own: their own RSA key and auth key, no authorization.
 */
import type { tl } from '../../../schema/index.js';
import { DcLink, type DcLinkOptions } from '../dc-link.js';
import type { DcAddress } from '../options.js';
import { FileInputError } from './errors.js';

export interface TransferLinksHost {
  /** The options the client's own link to `dcId` is made with. */
  linkOptions(dcId: number): DcLinkOptions;
  /** The client's own link to `dcId`, connected and initialized (and authorized, when logged in). */
  mainLink(dcId: number): Promise<DcLink>;
  /** Sends invokeWithLayer(initConnection(...)) on a new link's session. */
  initConnection(link: DcLink): Promise<unknown>;
  /** help.getConfig's answer, for the CDN DCs' addresses. */
  config(): tl.Config | undefined;
  /** help.getCdnConfig, asked at the home DC. */
  cdnConfig(): Promise<tl.CdnConfig>;
}

export class TransferLinks {
  private readonly pools = new Map<number, Promise<DcLink>[]>();
  private readonly cdn = new Map<number, Promise<DcLink>>();
  private readonly opened = new Set<DcLink>();
  private cdnKeys: Promise<tl.CdnConfig> | undefined;
  private closed = false;

  constructor(
    private readonly host: TransferLinksHost,
    /** How many extra links per DC. */
    readonly size: number,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new FileInputError(`connections must be a positive integer, got ${size}`);
  }

  /** Extra link `index` (modulo the pool size) of `dcId`, made and initialized on first use. */
  link(dcId: number, index: number): Promise<DcLink> {
    let pool = this.pools.get(dcId);
    if (!pool) this.pools.set(dcId, (pool = []));
    const slot = ((index % this.size) + this.size) % this.size;
    let link = pool[slot];
    if (!link) {
      link = this.open(dcId);
      pool[slot] = link;
      // A link that failed to start is made again on the next call.
      link.catch(() => pool[slot] === link && delete pool[slot]);
    }
    return link;
  }

  private async open(dcId: number): Promise<DcLink> {
    const main = await this.host.mainLink(dcId);
    const auth = main.authKey;
    if (!auth) throw new Error(`DC ${dcId} has no auth key yet`);
    const state = main.state();
    const link = this.track(
      new DcLink({ ...this.host.linkOptions(dcId), auth: { authKey: auth, salt: state?.salt, timeOffset: state?.timeOffset }, onAuthKey: undefined, onReconnect: undefined }),
    );
    await link.ready();
    await this.host.initConnection(link);
    return link;
  }

  /** The link to CDN DC `dcId`: its address from help.getConfig (cdn: true), its RSA key from help.getCdnConfig. */
  cdnLink(dcId: number): Promise<DcLink> {
    let link = this.cdn.get(dcId);
    if (!link) {
      link = this.openCdn(dcId);
      this.cdn.set(dcId, link);
      link.catch(() => this.cdn.get(dcId) === link && this.cdn.delete(dcId));
    }
    return link;
  }

  private async openCdn(dcId: number): Promise<DcLink> {
    const option = this.host.config()?.dcOptions.find((o) => o.id === dcId && o.cdn && !o.ipv6);
    if (!option) throw new Error(`help.getConfig lists no address for CDN DC ${dcId}`);
    this.cdnKeys ??= this.host.cdnConfig();
    this.cdnKeys.catch(() => (this.cdnKeys = undefined));
    const key = (await this.cdnKeys).publicKeys.find((k) => k.dcId === dcId);
    if (!key) throw new Error(`help.getCdnConfig has no RSA key for CDN DC ${dcId}`);
    const dc: DcAddress = { id: dcId, host: option.ipAddress, port: option.port };
    // No authorization is carried to a CDN DC: a fresh auth key, made with the CDN's own RSA key.
    const base = this.host.linkOptions(this.host.config()!.thisDc);
    const link = this.track(new DcLink({ ...base, dc, publicKeys: [key.publicKey], auth: undefined, onAuthKey: undefined, onEvent: undefined, onReconnect: undefined }));
    await link.ready();
    await this.host.initConnection(link);
    return link;
  }

  private track(link: DcLink): DcLink {
    if (this.closed) {
      link.close();
      throw new Error('the client was closed');
    }
    this.opened.add(link);
    return link;
  }

  close(): void {
    this.closed = true;
    for (const link of this.opened) link.close();
    this.opened.clear();
  }
}
