"""A small HTTP/1.1 client on asyncio streams: one keep-alive connection, as a browser tab has.

Only what `make load` needs (Content-Length and chunked bodies, reconnecting after a close);
failures come back as `RequestFailed` with a short kind for the error column.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

TIMEOUT_SECONDS = 10.0


class RequestFailed(Exception):
    """No HTTP answer: `kind` names why (timeout, connection closed, refused, reset)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


class Connection:
    """One persistent connection to host:port that sends as `user_agent`."""

    def __init__(self, host: str, port: int, user_agent: str) -> None:
        self.host, self.port, self.user_agent = host, port, user_agent
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self.opened = 0  # how many TCP connections this client needed

    async def request(
        self, method: str, path: str, body: bytes | None = None, content_type: str = ""
    ) -> Response:
        try:
            async with asyncio.timeout(TIMEOUT_SECONDS):
                return await self._exchange(method, path, body, content_type)
        except TimeoutError:
            await self.close()
            raise RequestFailed("timeout") from None
        except ConnectionRefusedError:
            await self.close()
            raise RequestFailed("connection refused") from None
        except (ConnectionResetError, BrokenPipeError):
            await self.close()
            raise RequestFailed("connection reset") from None
        except (asyncio.IncompleteReadError, RequestFailed) as error:
            await self.close()
            kind = error.kind if isinstance(error, RequestFailed) else "connection closed"
            raise RequestFailed(kind) from None
        except OSError as error:
            await self.close()
            raise RequestFailed(f"network error ({error.__class__.__name__})") from None

    async def _exchange(self, method: str, path: str, body: bytes | None, kind: str) -> Response:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
            self.opened += 1
        reader, writer = self._reader, self._writer
        assert reader is not None
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            f"User-Agent: {self.user_agent}",
            "Accept-Encoding: identity",
            "Connection: keep-alive",
        ]
        if body is not None:
            lines += [f"Content-Type: {kind}", f"Content-Length: {len(body)}"]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b""))
        await writer.drain()
        status_line = await reader.readline()
        if not status_line:
            raise RequestFailed("connection closed")
        parts = status_line.decode("latin-1").split(" ", 2)
        if len(parts) < 2 or not parts[1].isdigit():
            raise RequestFailed("bad response")
        status = int(parts[1])
        headers: dict[str, str] = {}
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b"\n"):
                break
            if not line:
                raise RequestFailed("connection closed")
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        content = await self._body(reader, method, status, headers)
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return Response(status, headers, content)

    async def _body(
        self, reader: asyncio.StreamReader, method: str, status: int, headers: dict[str, str]
    ) -> bytes:
        if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
            return b""
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(await reader.readexactly(size))
                await reader.readexactly(2)
        if "content-length" in headers:
            return await reader.readexactly(int(headers["content-length"]))
        content = await reader.read()  # no length: the body ends when the server closes
        await self.close()
        return content

    async def close(self) -> None:
        writer, self._reader, self._writer = self._writer, None, None
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
