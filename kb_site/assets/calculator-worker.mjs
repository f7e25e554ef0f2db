// @ts-check
// The calculator's Web Worker: boots Pyodide, installs the calculator wheel, answers requests.
//
// It runs the same Python package as the command line (`calculator.browser.handle`), so the
// page never computes anything itself. Loading happens here, off the main thread, so the page
// stays responsive while the runtime (several megabytes) arrives.
//
// Messages in:  {type: "boot", runtime, files, wheel, integrity}   (URLs are absolute, same origin;
//                                                          files: {name: integrity} of each Pyodide
//                                                          runtime file, found under `runtime`)
//               {type: "evaluate", id, request}              (request: JSON string)
//               {type: "plan", id, request, file}            (file: the staff list's ArrayBuffer)
//               {type: "export", id, kind}                   (kind: "xlsx" or "csv", of the last plan)
// Messages out: {type: "progress", step, steps, text}
//               {type: "ready"}
//               {type: "failed", message, detail}        (message: Russian, for the reader;
//                                                          detail: the browser's own, for the console)
//               {type: "reply", id, reply, ms}               (reply: JSON string from Python)
//               {type: "plan-progress", id, done, total}     (rows planned so far)
//               {type: "file", id, bytes}                    (bytes: Uint8Array, or null without a plan)
//
// A staff list is written into Pyodide's in-memory file system of this worker, read by
// Python and deleted at once: it never leaves the browser.
//
// Every file the worker reads is checked against the hash the site build wrote into the manifest
// (Subresource Integrity: `fetch` refuses bytes that do not match, before anyone sees them). The
// runtime files are all requested at once when the boot starts; Pyodide gets those very responses
// through the worker's `fetch`, so nothing is downloaded twice. The two JavaScript modules can only
// be run by `import()`, which takes no hash: their bytes are checked by `fetch` first and the import
// then reads the same URL, which the browser serves from its HTTP cache (measured: no
// second download; at most a revalidation answered 304). The gap that remains: should that import
// reach the server after all (a host that forbids caching, or a revalidation answered with other
// bytes), the module it gets runs unchecked. Importing the checked bytes from a blob: URL would close
// it, and would even work today (the page's <meta> policy does not reach a worker), but the site's
// policy allows scripts from 'self' only: a host sending that policy as a header would break it.

/**
 * What this worker calls of the Python module calculator.browser (see its docstrings).
 * @typedef {object} CalculatorModule
 * @property {() => number} warm
 * @property {(request: string) => string} handle
 * @property {(path: string, request: string, progress: (done: number, total: number) => void) => string} plan
 * @property {(kind: string, path: string) => number} plan_export
 */
/**
 * What this worker uses of Pyodide's in-memory file system.
 * @typedef {object} MemoryFiles
 * @property {(path: string, data: Uint8Array) => void} writeFile
 * @property {(path: string) => Uint8Array} readFile
 * @property {(path: string) => void} unlink
 */
/** @typedef {{name: string, url: string, integrity: string, runtime: boolean}} CheckedFile */
/** @typedef {{runtime: string, files?: Record<string, string>, wheel: string, integrity: string}} BootRequest */

const STEPS = 3;
/** @type {Promise<void> | null} */
let booting = null;
/** @type {CalculatorModule["handle"] | null} */
let handle = null;
/** @type {CalculatorModule | null} */
let python = null; // calculator.browser, for the planning requests
/** @type {MemoryFiles | null} */
let files = null; // Pyodide's in-memory file system

/** @param {number} step @param {string} text */
const progress = (step, text) => self.postMessage({ type: "progress", step, steps: STEPS, text });

// --- checked files -------------------------------------------------------------------------------

const plainFetch = self.fetch.bind(self);
/** @type {Map<string, CheckedFile>} */
const known = new Map(); // every file this worker may read, by its URL without the query: {name, url, integrity, runtime}
/** @type {Map<string, Promise<Response>>} */
const early = new Map(); // the runtime files' responses requested at boot, by URL: each handed out once
/** @type {(reason: Error) => void} */
let refuse = () => {}; // set at once, by the promise below
// Rejects when a runtime file fails its check: the boot ends at once, whatever Pyodide does with
// the error (it swallows some, e.g. a missing standard library, and goes on without it).
const refused = new Promise((_, reject) => {
  refuse = reject;
});
refused.catch(() => {}); // raced in `withinReason`; avoids an "unhandled rejection" before that

// A runtime file that did not arrive whole and as published: the reader's message names it.
class Refused extends Error {
  /** @param {string} name @param {any} cause what went wrong (an Error, or whatever a fetch rejected with) */
  constructor(name, cause) {
    super(`${name}: ${(cause && cause.message) || cause}`);
    this.stage = `не удалось загрузить среду Python — файл ${name} не получен или не совпал с опубликованным (повреждён или устарел)`;
  }
}

/** @param {string | URL} url */
const bare = (url) => {
  const address = new URL(url, self.location.href);
  address.search = "";
  address.hash = "";
  return address.href;
};

/** @param {CheckedFile} file */
function fetchChecked(file) {
  const checked = { integrity: file.integrity };
  // A copy the HTTP cache kept from an older deploy fails its check: the server is asked once more,
  // past the cache (which then holds the published bytes). A file that fails twice is refused.
  const response = plainFetch(file.url, checked).catch(() => plainFetch(file.url, { ...checked, cache: "reload" }));
  if (file.runtime) {
    response.catch((error) => refuse(new Refused(file.name, error)));
  }
  return response;
}

// The worker's `fetch`, which Pyodide calls: only the manifest's files, each with its hash; a file the
// manifest does not name (a package from the lock, say, which Pyodide would take from a public CDN)
// is refused rather than fetched unchecked.
self.fetch = (input) => {
  const file = known.get(bare(input instanceof Request ? input.url : String(input)));
  if (!file) {
    return Promise.reject(new TypeError(`${bare(String(input))}: not a file of the calculator's manifest`));
  }
  const response = early.get(file.url);
  early.delete(file.url);
  return response || fetchChecked(file);
};

/** @param {string} runtime @param {Record<string, string> | undefined} runtimeFiles @param {string} wheel @param {string} integrity */
function expectFiles(runtime, runtimeFiles, wheel, integrity) {
  for (const [name, hash] of Object.entries(runtimeFiles || {})) {
    const checked = { name, url: new URL(name, runtime).href, integrity: hash, runtime: true };
    known.set(bare(checked.url), checked);
    early.set(checked.url, fetchChecked(checked)); // all at once: the downloads overlap as before
  }
  known.set(bare(wheel), { name: "wheel", url: wheel, integrity, runtime: false });
}

// A module checked by `fetch` (the integrity check), then imported from the same URL: the browser
// serves that import from its HTTP cache, where the checked bytes have just been stored.
/** @param {string} runtime @param {string} name @returns {Promise<any>} the module */
async function importChecked(runtime, name) {
  const file = known.get(bare(new URL(name, runtime)));
  if (!file) {
    throw new Refused(name, new Error("no hash in the manifest"));
  }
  await fetch(file.url);
  return import(file.url);
}

/** @param {string} url */
async function fetchWheel(url) {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`HTTP ${response.status} ${response.statusText}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

// Pyodide 314 catches a failed WebAssembly instantiation (a missing or damaged pyodide.asm.wasm), only
// warns «wasm instantiation failed!» and never settles its promise. That warning, or a load that has not
// finished after BOOT_LIMIT_MS, ends the wait with an error instead of a page that spins for ever.
const BOOT_LIMIT_MS = 180_000;

/**
 * @template T
 * @param {Promise<T>} loading
 * @returns {Promise<T>}
 */
function withinReason(loading) {
  const warn = console.warn;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @type {Promise<never>} */
  const stuck = new Promise((_, reject) => {
    console.warn = (...args) => {
      warn(...args);
      if (String(args[0]).includes("wasm instantiation failed")) {
        reject(new Error(`pyodide.asm.wasm: ${args.slice(1).join(" ") || "instantiation failed"}`));
      }
    };
    timer = setTimeout(() => reject(new Error(`no runtime after ${BOOT_LIMIT_MS / 1000} s`)), BOOT_LIMIT_MS);
  });
  return Promise.race([loading, stuck, refused]).finally(() => {
    console.warn = warn;
    clearTimeout(timer);
  });
}

// Pyodide from checked files: the loader and the Emscripten module imported here (so Pyodide does
// not import them unchecked), the lock handed over as read here, the WebAssembly binary and the
// standard library fetched by Pyodide through the worker's `fetch` above.
/** @param {string} runtime @returns {Promise<any>} Pyodide */
async function loadRuntime(runtime) {
  const lock = fetch(new URL("pyodide-lock.json", runtime)).then((response) => response.json());
  lock.catch(() => {}); // a refusal ends the boot through `refused`; Pyodide may not be waiting for it yet
  const [{ loadPyodide }, { default: createPyodideModule }] = await Promise.all([
    importChecked(runtime, "pyodide.mjs"),
    importChecked(runtime, "pyodide.asm.mjs"),
  ]);
  return loadPyodide({
    indexURL: runtime,
    packageBaseUrl: runtime, // with the lock handed over, Pyodide needs it said; nothing is loaded from it
    lockFileContents: lock,
    createPyodideModule,
    stdout: () => {},
    stderr: () => {},
  });
}

/** @param {BootRequest} request */
async function boot({ runtime, files: runtimeFiles, wheel, integrity }) {
  // What failed, in words a reader can act on; the browser's own message (English, or a Python
  // traceback) goes to the console only.
  let stage = "не удалось загрузить среду Python";
  try {
    progress(1, "загружается среда Python");
    expectFiles(runtime, runtimeFiles, wheel, integrity);
    // The wheel is small: fetch it while the runtime boots.
    const wheelBytes = fetchWheel(wheel);
    wheelBytes.catch(() => {}); // awaited below; avoids an "unhandled rejection" meanwhile
    const pyodide = await withinReason(loadRuntime(runtime));
    progress(2, "загружаются правила");
    stage = "не удалось загрузить файл калькулятора с правилами";
    pyodide.unpackArchive(await wheelBytes, "wheel");
    stage = "не удалось запустить калькулятор";
    const browser = pyodide.pyimport("calculator.browser");
    browser.warm();
    handle = browser.handle;
    python = browser;
    files = pyodide.FS;
    progress(3, "готово");
    self.postMessage({ type: "ready" });
  } catch (error) {
    const message = error instanceof Refused ? error.stage : stage;
    self.postMessage({ type: "failed", message, detail: String((error && /** @type {Error} */ (error).message) || error) });
  }
}

// The page asks only once the engine is ready. `handle` answers every request itself; this
// guard is for a failure of the runtime under it, so that no request is left without a reply.
/** @param {{id: number, request: string}} message */
function answer({ id, request }) {
  const started = performance.now();
  let reply;
  try {
    reply = /** @type {CalculatorModule["handle"]} */ (handle)(request);
  } catch (error) {
    console.error(error);
    reply = JSON.stringify({ error: "Внутренняя ошибка калькулятора: среда Python не смогла ответить. Обновите страницу; если ошибка повторится, сообщите о ней разработчикам.", problems: [] });
  }
  self.postMessage({ type: "reply", id, reply, ms: performance.now() - started });
}

const FAILED_PLAN = "Внутренняя ошибка калькулятора: среда Python не смогла составить план. Обновите страницу; если ошибка повторится, сообщите о ней разработчикам.";

/** @param {{id: number, request: string, file: ArrayBuffer}} message */
function plan({ id, request, file }) {
  const path = `/tmp/staff-${id}`;
  const fs = /** @type {MemoryFiles} */ (files);
  let reply;
  try {
    fs.writeFile(path, new Uint8Array(file));
    reply = /** @type {CalculatorModule} */ (python).plan(path, request, (done, total) => self.postMessage({ type: "plan-progress", id, done, total }));
  } catch (error) {
    console.error(error);
    reply = JSON.stringify({ error: FAILED_PLAN });
  } finally {
    try {
      fs.unlink(path);
    } catch {
      // nothing was written
    }
  }
  self.postMessage({ type: "reply", id, reply });
}

/** @param {{id: number, kind: string}} message */
function exportPlan({ id, kind }) {
  const path = `/tmp/plan-${id}`;
  const fs = /** @type {MemoryFiles} */ (files);
  try {
    if (!(/** @type {CalculatorModule} */ (python).plan_export(kind, path))) {
      self.postMessage({ type: "file", id, bytes: null });
      return;
    }
    const bytes = fs.readFile(path);
    fs.unlink(path);
    self.postMessage({ type: "file", id, bytes }, [bytes.buffer]);
  } catch (error) {
    console.error(error);
    self.postMessage({ type: "file", id, bytes: null, error: FAILED_PLAN });
  }
}

self.onmessage = (event) => {
  const message = event.data || {};
  if (message.type === "boot" && !booting) {
    booting = boot(message);
  } else if (message.type === "evaluate") {
    answer(message);
  } else if (message.type === "plan") {
    plan(message);
  } else if (message.type === "export") {
    exportPlan(message);
  }
};
