"""``python -m benchmarks``: measure and print the performance table."""

from __future__ import annotations

import sys

from benchmarks import keras_bench


def main() -> int:
    print("Keras lesson")
    print(keras_bench.format_table(keras_bench.table_rows(keras_bench.measure())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
