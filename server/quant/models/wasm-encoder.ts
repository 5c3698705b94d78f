/**
 * A minimal WebAssembly binary encoder for small hand-written numeric kernels (gbdt-space.ts,
 * gbdt-sorted.ts): one module, one imported memory (`env.memory`), functions of i32 parameters
 * with i32/v128/f64 locals and no result or one i32 result. Instructions are byte arrays built by the helpers below, named after
 * the WebAssembly text format (local.get → localGet, f64x2.add → f64x2Add), so a kernel reads
 * like its .wat. Opcodes: WebAssembly Core Specification 2.0 §5.4 (SIMD: 0xfd prefix).
 */

export type Code = readonly number[];

/** Unsigned LEB128. */
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

/** Signed LEB128 (32-bit values). */
export function sleb(n: number): number[] {
  const out: number[] = [];
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

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;

// memarg = alignment exponent, offset; alignment is a hint only
const memarg = (alignLog2: number, offset: number) => [alignLog2, ...uleb(offset)];

export const localGet = (i: number): Code => [0x20, ...uleb(i)];
export const localSet = (i: number): Code => [0x21, ...uleb(i)];
export const localTee = (i: number): Code => [0x22, ...uleb(i)];
export const i32Const = (v: number): Code => [0x41, ...sleb(v)];
export const i32Add: Code = [0x6a];
export const i32Sub: Code = [0x6b];
export const i32Mul: Code = [0x6c];
export const i32Shl: Code = [0x74];
export const i32ShrU: Code = [0x76];
export const i32And: Code = [0x71];
export const i32Or: Code = [0x72];
export const i32Eq: Code = [0x46];
export const i32Ne: Code = [0x47];
export const i32LtS: Code = [0x48];
export const i32LtU: Code = [0x49];
export const i32GtU: Code = [0x4b];
export const i32LeU: Code = [0x4d];
export const i32GeU: Code = [0x4f];
export const i32Eqz: Code = [0x45];
export const i32Load = (offset = 0): Code => [0x28, ...memarg(2, offset)];
export const i32Load8U = (offset = 0): Code => [0x2d, ...memarg(0, offset)];
export const i32Store = (offset = 0): Code => [0x36, ...memarg(2, offset)];
export const i32Store8 = (offset = 0): Code => [0x3a, ...memarg(0, offset)];
export const f64Load = (offset = 0): Code => [0x2b, ...memarg(3, offset)];
export const f64Store = (offset = 0): Code => [0x39, ...memarg(3, offset)];
export const f64Add: Code = [0xa0];
export const f64Sub: Code = [0xa1];
export const f64Mul: Code = [0xa2];
export const f64Div: Code = [0xa3];
export const f64Lt: Code = [0x63];
export const f64Gt: Code = [0x64];
export const f64Ge: Code = [0x66];
export const f64ConvertI32U: Code = [0xb8];
/** select: (a, b, condition) → a when condition ≠ 0, else b (numeric operands). */
export const select: Code = [0x1b];
export function f64Const(v: number): Code {
  return [0x44, ...new Uint8Array(new Float64Array([v]).buffer)];
}
export const v128Load = (offset = 0): Code => [0xfd, 0x00, ...memarg(4, offset)];
export const v128Store = (offset = 0): Code => [0xfd, 0x0b, ...memarg(4, offset)];
export const f64x2Add: Code = [0xfd, ...uleb(240)];
export const f64x2Splat: Code = [0xfd, ...uleb(20)];
/** f64x2.replace_lane: (vector, f64) → the vector with lane `lane` replaced. */
export const f64x2ReplaceLane = (lane: number): Code => [0xfd, ...uleb(34), lane];
/** v128.const holding two f64 lanes. */
export function f64x2Const(a: number, b: number): Code {
  const bytes = new Uint8Array(new Float64Array([a, b]).buffer);
  return [0xfd, 0x0c, ...bytes];
}
/** br to the enclosing block/loop `depth` levels out (0 = innermost): a block's end, a loop's start. */
export const br = (depth: number): Code => [0x0c, ...uleb(depth)];
/** br_if to the enclosing block/loop `depth` levels out (0 = innermost). */
export const brIf = (depth: number): Code => [0x0d, ...uleb(depth)];
export const block = (...body: Code[]): Code => [0x02, 0x40, ...body.flat(), 0x0b];
/** if (condition on the stack ≠ 0) then body end; a branch level as a block. */
export const ifThen = (...body: Code[]): Code => [0x04, 0x40, ...body.flat(), 0x0b];
export const loop = (...body: Code[]): Code => [0x03, 0x40, ...body.flat(), 0x0b];

export interface WasmFunction {
  /** Export name. */
  name: string;
  /** Number of i32 parameters (locals 0..params−1). */
  params: number;
  /** Returns the i32 left on the stack at the end of the body. */
  returnsI32?: boolean;
  /** Extra locals after the parameters: first the i32 ones, then the v128 ones, then the f64 ones. */
  i32Locals: number;
  v128Locals: number;
  f64Locals?: number;
  body: Code[];
}

const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vector = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

/** The module's bytes: memory imported as env.memory (min 1 page), each function exported. */
export function encodeModule(funcs: readonly WasmFunction[]): Uint8Array<ArrayBuffer> {
  const types = funcs.map((f) => [0x60, ...vector(Array.from({ length: f.params }, () => [I32])), ...vector(f.returnsI32 ? [[I32]] : [])]);
  const bodies = funcs.map((f) => {
    const locals = vector([
      [...uleb(f.i32Locals), I32],
      [...uleb(f.v128Locals), V128],
      ...(f.f64Locals ? [[...uleb(f.f64Locals), F64]] : []),
    ]);
    const code = [...locals, ...f.body.flat(), 0x0b];
    return [...uleb(code.length), ...code];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(types)),
    ...section(2, vector([[...name("env"), ...name("memory"), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vector(funcs.map((_, i) => uleb(i)))),
    ...section(7, vector(funcs.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vector(bodies)),
  ]);
}
