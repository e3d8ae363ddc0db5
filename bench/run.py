# ruff: noqa: S603  (runs our own bench modules)
"""`make bench`, first step: the search benchmark, the officials' dashboards benchmark, then
the trade-documents benchmark, then the admin speed benchmark.

Each part runs in its own process (each sets up Django on its own database).
"""

import subprocess
import sys


def main() -> None:
    for module in (
        "bench.search_bench",
        "bench.dashboards",
        "bench.documents_bench",
        "bench.admin_speed",
    ):
        subprocess.run([sys.executable, "-m", module, *sys.argv[1:2]], check=True)


if __name__ == "__main__":
    main()
