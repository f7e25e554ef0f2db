"""The editor with the project's settings: yaml-language-server (the engine of VS Code's YAML extension).

The server is started over stdio as VS Code starts it, given the `yaml.*` settings of
.vscode/settings.json (with the schema store switched off: no request leaves the machine), and
asked what an editor asks: diagnostics, completion and hover. The schemas are the committed
ones in schema/.
"""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

SERVER = ROOT / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
pytestmark = pytest.mark.skipif(not SERVER.exists() or shutil.which("node") is None, reason="yaml-language-server not installed (npm ci)")
TIMEOUT = 60


class Client:
    """A minimal language-server client: JSON-RPC with Content-Length headers over the server's stdio."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.process = subprocess.Popen(
            ["node", str(SERVER), "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.next_id = 0
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _answer_server(self, message: dict[str, Any]) -> None:
        """The server asks for its settings (workspace/configuration) and registers capabilities."""
        if message.get("method") == "workspace/configuration":
            items = message["params"]["items"]
            self.send({"id": message["id"], "result": [self.settings.get(i.get("section", ""), None) for i in items]})
        elif "id" in message and "method" in message:
            self.send({"id": message["id"], "result": None})
        elif message.get("method") == "textDocument/publishDiagnostics":
            self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self.messages.get(timeout=TIMEOUT)
            if message.get("id") == self.next_id and "method" not in message:
                assert "error" not in message, message
                return message.get("result")
            self._answer_server(message)

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def wait_for_diagnostics(self, uri: str) -> list[dict[str, Any]]:
        while uri not in self.diagnostics:
            self._answer_server(self.messages.get(timeout=TIMEOUT))
        return self.diagnostics.pop(uri)

    def open(self, path: Path, text: str | None = None, name: str | None = None) -> tuple[str, str]:
        """Open a file's text (or ``text``) as an unsaved document beside it, named ``name`` if given.

        A document of its own per test: the diagnostics of one never answer another.
        """
        uri = (path.parent / name if name else path).resolve().as_uri()
        text = path.read_text(encoding="utf-8") if text is None else text
        self.diagnostics.pop(uri, None)
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
        return uri, text

    def close(self, uri: str) -> None:
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def stop(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait(timeout=10)
            self.reader.join(timeout=10)
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    stream.close()


def project_settings(yaml_version: str) -> dict[str, Any]:
    """.vscode/settings.json's yaml.* settings, schema paths made absolute, the schema store off."""
    vscode = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    schemas = {(ROOT / path).resolve().as_uri(): str(ROOT / glob) for path, glob in vscode["yaml.schemas"].items()}
    yaml = {
        "schemas": schemas,
        "customTags": vscode.get("yaml.customTags", []),
        "validate": True,
        "completion": True,
        "hover": True,
        "schemaStore": {"enable": False},
        "yamlVersion": yaml_version,
    }
    return {"yaml": yaml, "[yaml]": {}, "editor": {"tabSize": 2}, "files": {}, "http": {"proxy": "", "proxyStrictSSL": False}}


def start(yaml_version: str) -> Client:
    client = Client(project_settings(yaml_version))
    client.request(
        "initialize",
        {
            "processId": None,
            "rootUri": ROOT.as_uri(),
            "capabilities": {
                "workspace": {"configuration": True, "didChangeConfiguration": {"dynamicRegistration": True}},
                "textDocument": {
                    "completion": {"completionItem": {"documentationFormat": ["markdown", "plaintext"], "snippetSupport": True}},
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "publishDiagnostics": {},
                },
            },
            "initializationOptions": {},
        },
    )
    client.notify("initialized", {})
    client.notify("workspace/didChangeConfiguration", {"settings": client.settings})
    return client


@pytest.fixture(scope="module")
def editor() -> Iterator[Client]:
    client = start("1.2")
    yield client
    client.stop()


def _text(documentation: Any) -> str:
    if isinstance(documentation, dict):
        return str(documentation.get("value", ""))
    return str(documentation or "")


def _position(text: str, marker: str) -> dict[str, int]:
    before = text[: text.index(marker) + len(marker)]
    return {"line": before.count("\n"), "character": len(before.rsplit("\n", 1)[-1])}


def test_completion_of_a_fact_value_shows_each_facts_own_label_and_hint(editor: Client) -> None:
    path = ROOT / "rules/izobilnensky/rules/reserve.yaml"
    original = path.read_text(encoding="utf-8")
    marker = "        fact: "
    assert marker in original
    # The value after `fact: ` erased, as when a methodologist starts typing it.
    start = original.index(marker) + len(marker)
    text = original[:start] + original[original.index("\n", start) :]
    uri, _ = editor.open(path, text, name="completion.yaml")
    result = editor.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": _position(text, marker)})
    items = result["items"] if isinstance(result, dict) else result
    shown = {item["label"]: _text(item.get("documentation")) + " " + str(item.get("detail") or "") for item in items}
    assert "birth_date" in shown and "program.kind" in shown, sorted(shown)[:20]
    assert "Дата рождения" in shown["birth_date"]
    assert "Вид программы" in shown["program.kind"]
    descriptions = [shown[name] for name in shown if "." in name or "_" in name]
    assert len(set(descriptions)) > len(descriptions) * 0.9, "the facts share one description"
    editor.close(uri)


def test_hover_on_a_fact_value_names_the_fact(editor: Client) -> None:
    path = ROOT / "rules/izobilnensky/rules/reserve.yaml"
    uri, text = editor.open(path)
    position = _position(text, "fact: application.sub")
    hover = editor.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": position})
    assert hover is not None
    contents = hover["contents"]
    shown = _text(contents) if not isinstance(contents, list) else " ".join(_text(c) for c in contents)
    assert "Дата подачи документов" in shown and "представлены в комиссию" in shown
    editor.close(uri)


def test_a_planted_mistake_is_flagged_at_its_line(editor: Client) -> None:
    path = ROOT / "rules/izobilnensky/rules/reserve.yaml"
    original = path.read_text(encoding="utf-8")
    text = original.replace("fact: application.submitted_on", "fact: application.submited_on", 1)
    line = text[: text.index("application.submited_on")].count("\n")
    uri, _ = editor.open(path, text, name="planted-mistake.yaml")
    found = editor.wait_for_diagnostics(uri)
    assert [d["range"]["start"]["line"] for d in found] == [line], found
    editor.close(uri)


def test_the_projects_cases_files_have_no_errors_in_yaml_1_1() -> None:
    """An editor set to YAML 1.1 read `on:` as `true:`; the files quote it, so nothing is flagged."""
    client = start("1.1")
    try:
        flagged: dict[str, list[int]] = {}
        files = sorted(ROOT.glob("rules/*/cases/*.yaml"))
        assert files
        for path in files:
            uri, _ = client.open(path)
            found = client.wait_for_diagnostics(uri)
            if found:
                flagged[path.name] = [d["range"]["start"]["line"] + 1 for d in found]
            client.close(uri)
        assert not flagged
        # The same file with `on:` unquoted: what the editor showed before.
        path = files[0]
        text = path.read_text(encoding="utf-8").replace('"on":', "on:")
        uri, _ = client.open(path, text, name="unquoted-on.yaml")
        assert client.wait_for_diagnostics(uri), "an unquoted on: should be flagged in YAML 1.1"
    finally:
        client.stop()
