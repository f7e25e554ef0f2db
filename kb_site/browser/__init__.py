"""The calculator in the browser: the Pyodide runtime, the calculator wheel, the form and its data.

The plugin puts all of it into the site: Pyodide's runtime files copied from the npm
package, a pure-Python wheel of `calculator` with the site's own rules, and on the
page that asks for it (`<!-- kb:calculator -->`) a form rendered from the fact
dictionary. The answer is computed by the same Python in a Web Worker.
"""
