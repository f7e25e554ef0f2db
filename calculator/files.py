"""Files on the user's disk: written so that nothing the user owns is lost, read within limits set before reading.

Writing (`write_file`): the new content goes into a temporary file in the target's own
folder, is flushed to the disk and only then renamed over the target, so a full disk or
a crash leaves the previous file whole. The file gets the permissions any new file of
the user gets (0666 less the umask), not the 0600 of a temporary file. Refused, before
anything is written: a target that is a folder, a device, a FIFO or a socket; a target
that is an input of the same command; an existing file the command did not make itself,
unless the user says `--force`. A command recognises its own file by the marker its
format carries (`Made`): an exact prefix of the text, or the ZIP comment of a workbook.

Reading (`read_file`, `read_stream`): the file is opened first (without waiting on a
FIFO) and the opened file is checked: a regular file only, no larger than the limit.
Then at most limit + 1 bytes are read, so a file that grows while read is refused too.
A file reached through a symbolic link out of the folder it must stay in is refused
without showing a byte of it.

Standard library only: the browser's Python imports the package too.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

__all__ = ["FileRefused", "Made", "check_target", "read_file", "read_stream", "write_file"]

_PEEK = 4096  # bytes read from each end of an existing target to recognise its marker


class FileRefused(OSError):
    """A file is not read or not written, for a reason the user can act on; the message is Russian and names it."""


@dataclass(frozen=True, slots=True)
class Made:
    """How a command recognises a file it made earlier: it may replace that file without `--force`.

    `prefixes`: texts the file may start with; `zip_comment`: the comment a workbook made here
    ends with (Excel and LibreOffice drop it when they save, so a file edited there is the user's).
    """

    what: str  # «план», «бандл правил»…: named in the refusal
    prefixes: tuple[bytes, ...] = ()
    zip_comment: bytes = b""

    def recognises(self, head: bytes, tail: bytes) -> bool:
        if any(head.startswith(prefix) for prefix in self.prefixes):
            return True
        return bool(self.zip_comment) and head.startswith(b"PK\x03\x04") and tail.endswith(self.zip_comment)


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in the words of the refusal; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "это папка, а не файл"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "это устройство, а не обычный файл"
    if stat.S_ISFIFO(mode):
        return "это именованный канал (FIFO), а не обычный файл"
    return "это не обычный файл"


def _same(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it; set back at once
    os.umask(mask)
    return mask


def _peek(path: Path) -> tuple[bytes, bytes, int]:
    """The first and last bytes of an existing regular file, and its size (opened without waiting on a FIFO)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb", buffering=0) as handle:  # seek and read, not pread: Windows has no pread
        size = os.fstat(fd).st_size
        head = handle.read(_PEEK) or b""
        handle.seek(max(size - _PEEK, 0))
        tail = handle.read(_PEEK) or b""
        return head, tail, size


def check_target(
    target: Path,
    data: bytes,
    *,
    made: Made | None = None,
    inputs: Iterable[Path] = (),
    force: bool = False,
) -> Path:
    """The real file `write_file` would replace, or FileRefused: for a command that writes two files
    and must refuse before writing either."""
    real = Path(os.path.realpath(target))  # a link to a file: the file it names is replaced, the link stays
    try:
        status = real.stat()
    except FileNotFoundError:
        status = None
    except OSError as exc:
        raise FileRefused(f"«{target}»: {exc.strerror or exc}.") from None
    if status is not None:
        kind = _kind(status.st_mode)
        if kind:
            raise FileRefused(f"«{target}»: {kind}.")
        for source in inputs:
            if _same(real, source):
                raise FileRefused(f"«{target}» — входной файл той же команды; укажите для результата другое имя.")
        if not force:
            head, tail, size = _peek(real)
            identical = size == len(data) and head == data[:_PEEK]
            ours = made is not None and made.recognises(head, tail)
            if not (ours or (identical and real.read_bytes() == data)):
                mine = f", и команда не узнаёт в нём свой ({made.what})" if made else ""
                raise FileRefused(f"файл «{target}» уже есть{mine}. Укажите другое имя или добавьте --force, чтобы заменить его.")
    return real


def write_file(
    target: Path,
    data: bytes,
    *,
    made: Made | None = None,
    inputs: Iterable[Path] = (),
    force: bool = False,
) -> None:
    """Put `data` at `target` atomically, or raise FileRefused (nothing written) or OSError (the old file intact)."""
    real = check_target(target, data, made=made, inputs=inputs, force=force)
    folder = real.parent
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{real.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            if hasattr(os, "fchmod"):  # POSIX; on Windows a new file is already readable by whoever may read the folder
                os.fchmod(handle.fileno(), 0o666 & ~_umask())
        Path(temporary).replace(real)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; some systems cannot open a folder for it, which costs nothing else."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _size(count: int) -> str:
    return f"{count:,}".replace(",", " ")


def read_file(path: Path, limit: int, *, shown_as: str | None = None, within: Path | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; FileRefused for anything else.

    `within`: the folder the file must really be in (a symbolic link out of it is refused).
    """
    name = shown_as or str(path)
    if within is not None:
        real, root = os.path.realpath(path), os.path.realpath(within)
        if os.path.commonpath([real, root]) != root:
            raise FileRefused(f"«{name}» не прочитан: это ссылка на файл вне папки «{within}».")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise FileRefused(f"файл «{name}» не найден.") from None
    except OSError as exc:
        raise FileRefused(f"«{name}» не читается: {exc.strerror or exc}.") from None
    with os.fdopen(fd, "rb", buffering=0) as handle:
        status = os.fstat(fd)
        kind = _kind(status.st_mode)
        if kind:
            raise FileRefused(f"«{name}» не прочитан: {kind}.")
        if status.st_size > limit:
            raise FileRefused(f"«{name}» не прочитан: файл больше {_size(limit)} байт ({_size(status.st_size)}).")
        return read_stream(handle, limit, shown_as=name)


def read_stream(stream: BinaryIO, limit: int, *, shown_as: str) -> bytes:
    """At most `limit` bytes of a stream (standard input, an opened file); FileRefused if there are more."""
    chunks: list[bytes] = []
    left = limit + 1
    while left > 0:
        try:
            chunk = stream.read(min(left, 1 << 20))
        except OSError as exc:
            raise FileRefused(f"«{shown_as}» не читается: {exc.strerror or exc}.") from None
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    if left <= 0:
        raise FileRefused(f"«{shown_as}» не прочитан: больше {_size(limit)} байт.")
    return b"".join(chunks)
