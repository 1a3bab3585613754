/**
 * Just enough of the WebAssembly binary format to emit one module of i32
 * functions over one exported memory. It lets the AES kernel be written as
 * TypeScript that prints its own unrolled code, with no toolchain and no
 * binary blob in the repository.
 */

/** Opcodes used by the kernel (WebAssembly core spec, 5.4). */
export const op = {
  block: 0x02,
  loop: 0x03,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i32Store: 0x36,
  i32Const: 0x41,
  i32Ne: 0x47,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32And: 0x71,
  i32Or: 0x72,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  i32Rotl: 0x77,
  i32Rotr: 0x78,
} as const;

const I32 = 0x7f;
const EMPTY_BLOCK = 0x40;

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  n |= 0;
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** A function body under construction: a flat list of instruction bytes. */
export class Code {
  readonly bytes: number[] = [];

  get(local: number): this {
    this.bytes.push(op.localGet, ...uleb(local));
    return this;
  }
  set(local: number): this {
    this.bytes.push(op.localSet, ...uleb(local));
    return this;
  }
  tee(local: number): this {
    this.bytes.push(op.localTee, ...uleb(local));
    return this;
  }
  const(v: number): this {
    this.bytes.push(op.i32Const, ...sleb(v));
    return this;
  }
  /** i32.load of 4 aligned bytes at (address on the stack) + offset. */
  load(offset: number): this {
    this.bytes.push(op.i32Load, 2, ...uleb(offset));
    return this;
  }
  store(offset: number): this {
    this.bytes.push(op.i32Store, 2, ...uleb(offset));
    return this;
  }
  op(code: number): this {
    this.bytes.push(code);
    return this;
  }
  /** Opens a block or loop with no result. */
  open(kind: typeof op.block | typeof op.loop): this {
    this.bytes.push(kind, EMPTY_BLOCK);
    return this;
  }
  brIf(depth: number): this {
    this.bytes.push(op.brIf, ...uleb(depth));
    return this;
  }
}

export interface FunctionDef {
  name: string;
  params: number;
  /** i32 locals beyond the parameters. */
  locals: number;
  body: Code;
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  const b = [...Buffer.from(s, 'utf8')];
  return [...uleb(b.length), ...b];
}

/** A module exporting `memory` (at least `pages` of 64 KiB) and the given functions, each (i32 x params) -> (). */
export function emitModule(pages: number, functions: FunctionDef[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...uleb(f.params), ...new Array<number>(f.params).fill(I32), 0]);
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(5, vec([[0x00, ...uleb(pages)]])),
    ...section(7, vec([[...name('memory'), 0x02, 0], ...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])])),
    ...section(
      10,
      vec(
        functions.map((f) => {
          const body = [...vec(f.locals ? [[...uleb(f.locals), I32]] : []), ...f.body.bytes, op.end];
          return [...uleb(body.length), ...body];
        }),
      ),
    ),
  ];
  return Uint8Array.from(bytes);
}
