"""A recorded-response node for the real Elasticsearch client (DESIGN.md §4).

Elasticsearch cannot run here, so the real `elasticsearch` client talks to this
elastic_transport node: each request's method, path and JSON body are matched against the
recordings a test loads, and the recorded JSON is returned. An unexpected request fails.
The recordings are written from Elasticsearch 8's documented response format.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node._base import NodeApiResponse


@dataclass
class Recording:
    method: str
    path: str
    response: Any
    status: int = 200
    body: Any = None  # expected JSON body (dict/list), a callable(body) -> bool, or None: any
    calls: list = field(default_factory=list)

    def matches(self, method: str, path: str, body) -> bool:
        if method != self.method or path.split("?")[0] != self.path:
            return False
        if self.body is None:
            return True
        if callable(self.body):
            return bool(self.body(body))
        return body == self.body


class RecordedNode(BaseNode):
    recordings: list[Recording] = []
    requests: list[tuple[str, str, Any]] = []

    @classmethod
    def load(cls, recordings: list[Recording]) -> None:
        cls.recordings = list(recordings)
        cls.requests = []

    def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
        parsed = None
        if body:
            text = body.decode() if isinstance(body, bytes) else body
            try:
                parsed = json.loads(text)
            except ValueError:  # bulk bodies are newline-delimited JSON
                parsed = [json.loads(line) for line in text.splitlines() if line.strip()]
        type(self).requests.append((method, target, parsed))
        for recording in type(self).recordings:
            if recording.matches(method, target, parsed):
                recording.calls.append(parsed)
                payload = json.dumps(recording.response).encode()
                meta = ApiResponseMeta(
                    status=recording.status,
                    http_version="1.1",
                    headers=HttpHeaders(
                        {"content-type": "application/json", "x-elastic-product": "Elasticsearch"}
                    ),
                    duration=0.0,
                    node=self.config,
                )
                return NodeApiResponse(meta, payload)
        raise AssertionError(f"Unexpected Elasticsearch request: {method} {target} {parsed!r}")
