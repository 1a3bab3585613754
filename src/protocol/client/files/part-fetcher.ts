/**
 * Fetches one range of a file: upload.getFile on the file's DC over a
 * transfer connection, switching to the CDN when the DC redirects there, and
 * refreshing the file reference from its origin when it expires (once for
 * all the parts in flight), then asking again.
 */
import type { tl } from '../../../schema/index.js';
import type { InvokeOptions } from '../client.js';
import { CDN_FALLBACK, CdnFile } from './cdn.js';
import type { ChooseOptions, ResolvedFile } from './locations.js';
import type { ByteRange } from './parts.js';
import { isReferenceExpired, refreshFile } from './references.js';
import type { FileHost } from './host.js';
import { FileOriginError } from './errors.js';

/** Refreshes in a row without a part arriving before the download gives up. */
const MAX_REFRESHES = 3;

export class PartFetcher {
  private refreshing: Promise<void> | undefined;
  private refreshes = 0;
  private cdn: CdnFile | undefined;

  constructor(
    private readonly host: FileHost,
    private file: ResolvedFile,
    private readonly choose: ChooseOptions,
    private useCdn: boolean,
  ) {}

  async fetch(range: ByteRange, connection: number, signal: AbortSignal): Promise<Uint8Array> {
    for (;;) {
      if (this.cdn) {
        const bytes = await this.cdn.fetch(range, signal);
        if (bytes !== CDN_FALLBACK) return bytes;
        this.cdn = undefined;
        this.useCdn = false;
        continue;
      }
      const file = this.file;
      let answer: tl.upload.TypeFile;
      try {
        const request: tl.upload.GetFileRequest = { _: 'upload.getFile', location: file.location, offset: BigInt(range.offset), limit: range.limit, cdnSupported: this.useCdn || undefined };
        const options: InvokeOptions = { dcId: file.dcId, connection, signal };
        answer = await this.host.invoke<tl.upload.GetFileRequest>(request, options);
      } catch (e) {
        if (!isReferenceExpired(e)) throw e;
        await this.refresh(file, signal);
        continue;
      }
      this.refreshes = 0;
      if (answer._ === 'upload.file') return answer.bytes;
      this.cdn ??= new CdnFile(this.host, answer, file.dcId);
    }
  }

  /** One refresh for every part that saw the same stale reference. */
  private async refresh(stale: ResolvedFile, signal: AbortSignal): Promise<void> {
    if (this.refreshing) return this.refreshing;
    if (this.file !== stale) return;
    if (++this.refreshes > MAX_REFRESHES) throw new FileOriginError(`the file reference expired ${MAX_REFRESHES} times in a row, even right after refreshing it from its origin`);
    this.refreshing = refreshFile(this.host, stale, this.choose, signal).then(
      (fresh) => {
        this.file = fresh;
        this.refreshing = undefined;
      },
      (error: unknown) => {
        this.refreshing = undefined;
        throw error;
      },
    );
    return this.refreshing;
  }
}
