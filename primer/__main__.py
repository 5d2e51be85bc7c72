"""Command line: the primer's loop, printed exactly as the primer prints it.

    python -m primer descend [--weight W] [--input X] [--goal G] [--alpha A] [--iterations N]
    python -m primer keras   [same flags]

``descend`` prints the primer's five lines and a row of stars per iteration.
``keras`` trains a real one-weight Keras model on the same problem and prints
the same blocks (float32 numbers, matching ``descend`` to float32 precision).
A run that overflows prints what it computed, then says on stderr where it
stopped. Invalid arguments print one line and exit with status 2.
"""

from __future__ import annotations

import argparse
import math
import sys

from primer.descent import DescentRun

MAX_ITERATIONS = 100_000


def format_run(run: DescentRun) -> str:
    """The primer's printout for a run: five lines and ``*****`` per iteration."""
    lines = []
    for s in run.steps:
        lines += [
            "Iteration:" + str(s.iteration),
            "Prediction:" + str(s.prediction),
            "Error:" + str(s.error),
            "Derivative:" + str(s.derivative),
            "Weight:" + str(s.weight),
            "*****",
        ]
    return "\n".join(lines) + ("\n" if lines else "")


def _finite_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def _iterations(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= MAX_ITERATIONS:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and {MAX_ITERATIONS}")
    return value


class _OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse prints usage too; one line is kinder
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(prog="python -m primer", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_OneLineParser)
    for name, text in (
        ("descend", "run the primer's gradient-descent loop and print every iteration"),
        ("keras", "train a one-weight Keras model on the same problem and print the same lines"),
    ):
        sub = commands.add_parser(name, help=text, description=text)
        sub.add_argument("--weight", type=_finite_float, default=0.5, help="starting weight (0.5)")
        sub.add_argument("--input", type=_finite_float, default=2.0, dest="network_input",
                         help="network input (2.0)")
        sub.add_argument("--goal", type=_finite_float, default=0.8, help="prediction goal (0.8)")
        sub.add_argument("--alpha", type=_finite_float, default=0.1, help="learning rate (0.1)")
        sub.add_argument("--iterations", type=_iterations, default=20,
                         help="number of updates (20)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = dict(weight=args.weight, network_input=args.network_input, goal=args.goal,
                    alpha=args.alpha, iterations=args.iterations)
    if args.command == "keras":
        from primer.keras_lesson import train_like_primer  # loads TensorFlow: only here

        run = train_like_primer(**settings)
    else:
        from primer.descent import descend

        run = descend(**settings)
    sys.stdout.write(format_run(run))
    if run.stopped_at is not None:
        print(run.stop_reason, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
