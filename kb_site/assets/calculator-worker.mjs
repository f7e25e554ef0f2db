// The calculator's Web Worker: boots Pyodide, installs the calculator wheel, answers requests.
//
// It runs the same Python package as the command line (`calculator.browser.handle`), so the
// page never computes anything itself. Loading happens here, off the main thread, so the page
// stays responsive while the runtime (several megabytes) arrives.
//
// Messages in:  {type: "boot", runtime, wheel, integrity}   (URLs are absolute, same origin)
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

const STEPS = 3;
let booting = null;
let handle = null;
let python = null; // calculator.browser, for the planning requests
let files = null; // Pyodide's in-memory file system

const progress = (step, text) => self.postMessage({ type: "progress", step, steps: STEPS, text });

async function fetchWheel(url, integrity) {
  const response = await fetch(url, integrity ? { integrity } : {});
  if (!response.ok) {
    throw new Error(`HTTP ${response.status} ${response.statusText}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

// Pyodide 314 catches a failed WebAssembly instantiation (a missing or damaged pyodide.asm.wasm), only
// warns «wasm instantiation failed!» and never settles its promise. That warning, or a load that has not
// finished after BOOT_LIMIT_MS, ends the wait with an error instead of a page that spins for ever.
const BOOT_LIMIT_MS = 180_000;

function withinReason(loading) {
  const warn = console.warn;
  let timer;
  const stuck = new Promise((_, reject) => {
    console.warn = (...args) => {
      warn(...args);
      if (String(args[0]).includes("wasm instantiation failed")) {
        reject(new Error(`pyodide.asm.wasm: ${args.slice(1).join(" ") || "instantiation failed"}`));
      }
    };
    timer = setTimeout(() => reject(new Error(`no runtime after ${BOOT_LIMIT_MS / 1000} s`)), BOOT_LIMIT_MS);
  });
  return Promise.race([loading, stuck]).finally(() => {
    console.warn = warn;
    clearTimeout(timer);
  });
}

async function boot({ runtime, wheel, integrity }) {
  // What failed, in words a reader can act on; the browser's own message (English, or a Python
  // traceback) goes to the console only.
  let stage = "не удалось загрузить среду Python";
  try {
    progress(1, "загружается среда Python");
    // The wheel is small: fetch it while the runtime boots.
    const wheelBytes = fetchWheel(wheel, integrity);
    wheelBytes.catch(() => {}); // awaited below; avoids an "unhandled rejection" meanwhile
    const { loadPyodide } = await import(`${runtime}pyodide.mjs`);
    const pyodide = await withinReason(loadPyodide({ indexURL: runtime, stdout: () => {}, stderr: () => {} }));
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
    self.postMessage({ type: "failed", message: stage, detail: String((error && error.message) || error) });
  }
}

// The page asks only once the engine is ready. `handle` answers every request itself; this
// guard is for a failure of the runtime under it, so that no request is left without a reply.
function answer({ id, request }) {
  const started = performance.now();
  let reply;
  try {
    reply = handle(request);
  } catch (error) {
    console.error(error);
    reply = JSON.stringify({ error: "Внутренняя ошибка калькулятора: среда Python не смогла ответить. Обновите страницу; если ошибка повторится, сообщите о ней разработчикам.", problems: [] });
  }
  self.postMessage({ type: "reply", id, reply, ms: performance.now() - started });
}

const FAILED_PLAN = "Внутренняя ошибка калькулятора: среда Python не смогла составить план. Обновите страницу; если ошибка повторится, сообщите о ней разработчикам.";

function plan({ id, request, file }) {
  const path = `/tmp/staff-${id}`;
  let reply;
  try {
    files.writeFile(path, new Uint8Array(file));
    reply = python.plan(path, request, (done, total) => self.postMessage({ type: "plan-progress", id, done, total }));
  } catch (error) {
    console.error(error);
    reply = JSON.stringify({ error: FAILED_PLAN });
  } finally {
    try {
      files.unlink(path);
    } catch {
      // nothing was written
    }
  }
  self.postMessage({ type: "reply", id, reply });
}

function exportPlan({ id, kind }) {
  const path = `/tmp/plan-${id}`;
  try {
    if (!python.plan_export(kind, path)) {
      self.postMessage({ type: "file", id, bytes: null });
      return;
    }
    const bytes = files.readFile(path);
    files.unlink(path);
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
