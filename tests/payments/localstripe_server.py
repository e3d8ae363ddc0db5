"""Run localstripe on 127.0.0.1 only (its own CLI binds every interface). Test helper.

    python tests/payments/localstripe_server.py PORT

The store is kept in memory: localstripe's default pickles it to /tmp/localstripe.pickle on
every write, which parallel test workers would fight over.
"""

import socket
import sys

from aiohttp import web
from localstripe import resources, server

resources.Store.dump_to_disk = lambda self: None  # in-memory only, see above


def main() -> None:
    port = int(sys.argv[1])
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    web.run_app(server.app, sock=sock, print=None, access_log=None)


if __name__ == "__main__":
    main()
