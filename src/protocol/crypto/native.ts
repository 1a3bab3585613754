/**
 * The AES-NI addon (native/aes_ige.c): AES-256-IGE at the speed of the CPU's
 * AES instructions, about 3.5x the WebAssembly kernel. npm's install step
 * builds it (native/build.mjs) and may fail to, by design: without it, or on
 * a CPU without AES instructions, or with LAYER_NATIVE=0 in the environment,
 * `nativeAes` is undefined and `ige.ts` uses WebAssembly and node's CBC.
 */
import { createRequire } from 'node:module';

interface NativeAes {
  /** Whole blocks of `data` into `out` (as long; may be `data`). */
  ige(decrypt: boolean, data: Uint8Array, key: Uint8Array, iv: Uint8Array, out: Uint8Array): void;
  aesni: boolean;
}

/** Where node-gyp puts the addon, from this file's place in dist/src/protocol/crypto. */
const ADDON = '../../../../build/Release/layer_native.node';

function load(): { addon?: NativeAes; status: string } {
  if (process.env.LAYER_NATIVE === '0') return { status: 'off (LAYER_NATIVE=0)' };
  let addon: NativeAes;
  try {
    addon = createRequire(import.meta.url)(ADDON) as NativeAes;
  } catch (e) {
    return { status: `not built (${(e as Error).message.split('\n')[0]})` };
  }
  return addon.aesni ? { addon, status: 'AES-NI' } : { status: 'built, but this CPU has no AES instructions' };
}

const loaded = load();

/** The addon, when it is built and usable here. */
export const nativeAes: NativeAes | undefined = loaded.addon;

/** Which AES-IGE layer runs and, if not the addon, why: 'AES-NI', or 'not built (...)' and the like. */
export const nativeAesStatus: string = loaded.status;
