// The calculator's Web Worker: boots Pyodide, installs the calculator wheel, answers requests.
//
// It runs the same Python package as the command line (`calculator.browser.handle`), so the
// page never computes anything itself. Loading happens here, off the main thread, so the page
// stays responsive while the runtime (several megabytes) arrives.
//
// Messages in:  {type: "boot", runtime, wheel, integrity}   (URLs are absolute, same origin)
//               {type: "evaluate", id, request}              (request: JSON string)
// Messages out: {type: "progress", step, steps, text}
//               {type: "ready", ms}
//               {type: "failed", message}
//               {type: "reply", id, reply, ms}               (reply: JSON string from Python)

const STEPS = 3;
let booting = null;
let handle = null;

const progress = (step, text) => self.postMessage({ type: "progress", step, steps: STEPS, text });

async function fetchWheel(url, integrity) {
  const response = await fetch(url, integrity ? { integrity } : {});
  if (!response.ok) {
    throw new Error(`файл калькулятора не получен (${response.status} ${response.statusText || "ошибка"})`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

async function boot({ runtime, wheel, integrity }) {
  const started = performance.now();
  try {
    progress(1, "загружается среда Python");
    // The wheel is small: fetch it while the runtime boots.
    const wheelBytes = fetchWheel(wheel, integrity);
    wheelBytes.catch(() => {}); // awaited below; avoids an "unhandled rejection" meanwhile
    const { loadPyodide } = await import(`${runtime}pyodide.mjs`);
    const pyodide = await loadPyodide({ indexURL: runtime, stdout: () => {}, stderr: () => {} });
    progress(2, "загружаются правила");
    pyodide.unpackArchive(await wheelBytes, "wheel");
    const browser = pyodide.pyimport("calculator.browser");
    browser.warm();
    handle = browser.handle;
    progress(3, "готово");
    self.postMessage({ type: "ready", ms: performance.now() - started });
  } catch (error) {
    self.postMessage({ type: "failed", message: String((error && error.message) || error) });
  }
}

async function answer({ id, request }) {
  await booting;
  if (!handle) {
    const reply = JSON.stringify({ error: "Калькулятор не загрузился, поэтому ответить не может.", problems: [] });
    self.postMessage({ type: "reply", id, reply, ms: 0 });
    return;
  }
  const started = performance.now();
  const reply = handle(request);
  self.postMessage({ type: "reply", id, reply, ms: performance.now() - started });
}

self.onmessage = (event) => {
  const message = event.data || {};
  if (message.type === "boot" && !booting) {
    booting = boot(message);
  } else if (message.type === "evaluate") {
    answer(message);
  }
};
