// Loads @prisma/schema-engine-wasm without `import x from "./x.wasm"` (Node 20 cannot import
// .wasm as an ES module): compile the bytes ourselves and hand the wasm-bindgen glue's exports to
// the instance as its import object, which is what the package's own entry point does.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

// The wasm-bindgen glue reports Rust panic messages through this global (see
// `__wbg_set_message_*` in schema_engine_bg.js); the Prisma CLI installs the same shape.
class PanicRegistry {
  message = '';
  get() {
    return `${this.message}`;
  }
  set_message(value) {
    this.message = `RuntimeError: ${value}`;
  }
}

export function panicRegistry() {
  if (!globalThis.PRISMA_WASM_PANIC_REGISTRY) globalThis.PRISMA_WASM_PANIC_REGISTRY = new PanicRegistry();
  return globalThis.PRISMA_WASM_PANIC_REGISTRY;
}

let loaded;

/** @returns {Promise<{ SchemaEngine: any, version: () => string, packageVersion: string }>} */
export async function loadSchemaEngineWasm() {
  if (loaded) return loaded;
  panicRegistry();
  // The package's `exports` map does not expose package.json, but it does expose the glue file.
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const dir = dirname(gluePath);
  const packageVersion = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  const glue = await import(pathToFileURL(gluePath).href);
  const module = new WebAssembly.Module(readFileSync(join(dir, 'schema_engine_bg.wasm')));
  const importModules = new Set(WebAssembly.Module.imports(module).map((i) => i.module));
  const imports = {};
  for (const name of importModules) imports[name] = glue;
  const instance = new WebAssembly.Instance(module, imports);
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  loaded = { SchemaEngine: glue.SchemaEngine, version: glue.version, packageVersion };
  return loaded;
}

/** A wasm trap (Rust panic compiled to `unreachable`) surfaces as a WebAssembly.RuntimeError. */
export function isWasmPanic(error) {
  return error instanceof WebAssembly.RuntimeError || error?.name === 'RuntimeError';
}
