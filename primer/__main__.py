"""Command line: the primer's loop, printed exactly as the primer prints it.

    python -m primer descend [--weight W] [--input X] [--goal G] [--alpha A] [--iterations N]
    python -m primer keras   [same flags]
    python -m primer deep    [--hidden 4] [--alpha 0.2] [--passes 60] [--seed 1] [--every 10]
                             [--activation relu|linear] [--keras]

``descend`` prints the primer's five lines and a row of stars per iteration.
``keras`` trains a real one-weight Keras model on the same problem and prints
the same blocks (float32 numbers, matching ``descend`` to float32 precision).
``deep`` trains the two-layer network of Andrew Trask's *Grokking Deep Learning*
(chapter 6) and prints ``Error:`` and the error of every ``every``-th pass, as
the book does; ``--keras`` trains the same network, from the same starting
weights, as a Keras model (float32 numbers, matching to float32 precision).
``--activation linear`` is the lesson's "no activation" switch.
A run that overflows prints what it computed, then says on stderr where it
stopped. Invalid arguments print one line and exit with status 2.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable

from primer import deep
from primer.deep import ACTIVATIONS, DEFAULTS
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


def _argument(kind: type, problem: Callable[[str, float], str | None], name: str):
    """An argparse type: the text read as ``kind``, then checked by ``problem``.

    Every flag reports a bad value the same way: text that is no number at all says
    so ("is not a whole number" for ``int``), and ``problem(text, value)`` says what
    is wrong with a number (None when it is fine).
    """

    def convert(text: str):
        try:
            value = kind(text)
        except ValueError:
            what = "whole number" if kind is int else "number"
            raise argparse.ArgumentTypeError(f"{text!r} is not a {what}") from None
        message = problem(text, value)
        if message:
            raise argparse.ArgumentTypeError(message)
        return value

    convert.__name__ = name  # argparse names the type in its messages
    return convert


_finite_float = _argument(
    float, lambda text, value: None if math.isfinite(value) else f"{text!r} is not a finite number",
    "_finite_float")
_iterations = _argument(
    int, lambda _, value: (None if 0 <= value <= MAX_ITERATIONS
                           else f"{value} is not between 0 and {MAX_ITERATIONS}"),
    "_iterations")
_every = _argument(int, lambda _, value: None if value >= 1 else f"{value} is less than 1",
                   "_every")


def _deep_setting(name: str, kind: type):
    """An argparse type for one of the deep network's settings, checked by primer.deep."""
    return _argument(kind, lambda _, value: deep.problem(name, value), name)


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
    text = "train the book's two-layer network and print its error every few passes"
    sub = commands.add_parser("deep", help=text, description=text)
    for name, kind, what in (("hidden", int, "hidden units"), ("alpha", float, "learning rate"),
                             ("passes", int, "passes over the table"),
                             ("seed", int, "seed for the starting weights")):
        sub.add_argument(f"--{name}", type=_deep_setting(name, kind), default=DEFAULTS[name],
                         help=f"{what} ({DEFAULTS[name]})")
    sub.add_argument("--every", type=_every, default=10,
                     help="print the error of every n-th pass (10)")
    sub.add_argument("--activation", choices=list(ACTIVATIONS), default=DEFAULTS["activation"],
                     help="the hidden layer's activation; linear: none (relu)")
    sub.add_argument("--keras", action="store_true",
                     help="train the same network as a Keras model")
    return parser


def deep_main(args: argparse.Namespace) -> int:
    """``python -m primer deep``: the book's printout, from numpy or from Keras."""
    settings = dict(hidden=args.hidden, alpha=args.alpha, passes=args.passes, seed=args.seed,
                    activation=args.activation)
    if args.keras:
        from primer.keras_lesson import train_deep_keras  # loads TensorFlow: only here

        run = train_deep_keras(**settings)
    else:
        run = deep.train_deep(**settings)
    lines = deep.error_lines(run.errors, args.every)
    sys.stdout.write("".join(line + "\n" for line in lines))
    if run.stopped:
        print(run.stop_reason, file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "deep":
        return deep_main(args)
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
