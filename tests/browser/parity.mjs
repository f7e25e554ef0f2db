// Runs requests through the calculator wheel in Pyodide under Node, as the browser's worker does.
//
//   node tests/browser/parity.mjs RUNTIME_DIR WHEEL REQUESTS.json
//
// RUNTIME_DIR is the site's assets/pyodide/ (the files the browser loads), WHEEL the built site's
// calculator wheel, REQUESTS.json a JSON list of request strings. Prints a JSON list of the
// replies of `calculator.browser.handle`, in order. Nothing is fetched from the network.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [runtimeDir, wheelPath, requestsPath] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(resolve(runtimeDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: resolve(runtimeDir) + "/", stdout: () => {}, stderr: () => {} });
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
const browser = pyodide.pyimport("calculator.browser");
const requests = JSON.parse(readFileSync(requestsPath, "utf8"));
const replies = requests.map((request) => browser.handle(request));
process.stdout.write(JSON.stringify({ python: pyodide.runPython("import sys; sys.version"), replies }));
