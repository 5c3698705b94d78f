import { describe, expect, it } from "vitest";
import { encodeModule, i32Add, localGet, sleb, uleb } from "./wasm-encoder";

describe("wasm encoder", () => {
  it("LEB128: the specification's examples", () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it("a module with an i32 result validates and runs", () => {
    const bytes = encodeModule([{ name: "add", params: 2, returnsI32: true, i32Locals: 0, v128Locals: 0, body: [localGet(0), localGet(1), i32Add] }]);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const add = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports.add as (a: number, b: number) => number;
    expect(add(40, 2)).toBe(42);
  });
});
