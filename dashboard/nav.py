"""The lessons, in teaching order: one place for the router and the overview page.

Each entry is a page file under ``lessons/``, its title and its URL path
(the URL paths are a public contract: links that teachers share use them).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lesson:
    file: str  # relative to dashboard/
    title: str
    url_path: str
    icon: str
    blurb: str


OVERVIEW = Lesson(
    "lessons/overview.py", "Overview", "", ":material/school:",
    "What this app teaches and where to start.",
)

LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "lessons/neuron.py", "The neuron", "neuron", ":material/tune:",
        "A neuron multiplies its input by a weight: the weight is a volume knob. With "
        "several inputs, each gets its own knob and the prediction is their weighted sum "
        "(the team example of Grokking Deep Learning), and you see what each input adds.",
    ),
    Lesson(
        "lessons/hot_and_cold.py", "Hot and cold", "hot-and-cold", ":material/thermostat:",
        "Learning by trying, from Grokking Deep Learning: nudge the weight up and down and "
        "keep the better one. It works, but a fixed step either crawls or gets stuck bouncing; "
        "set side by side, gradient descent usually needs far fewer predictions, not always.",
    ),
    Lesson(
        "lessons/descent.py", "Gradient descent", "descent", ":material/trending_down:",
        "The primer's 20-step loop, live: prediction, error, derivative, and the weight update "
        "scaled by the learning rate alpha. Push alpha too far and watch it blow up.",
    ),
    Lesson(
        "lessons/correlation.py", "Correlation", "correlation", ":material/scatter_plot:",
        "A whole table of examples, learned one row at a time. Correlation says which input "
        "goes up and down with the goal; the error can reach zero only if some weighting of "
        "the inputs fits every row. When none does, there is a floor no single layer can "
        "beat. Try the class's own table.",
    ),
    Lesson(
        "lessons/deep.py", "A hidden layer", "deep", ":material/hub:",
        "Put a layer of hidden units between the inputs and the prediction, and the table no "
        "single neuron can learn falls to an error near 0: the hidden units make new inputs "
        "that go up and down with the goal. Watch one row flow through the network as it "
        "trains, switch the activation off, and meet dead ReLUs.",
    ),
    Lesson(
        "lessons/keras_lesson.py", "Keras", "keras", ":material/model_training:",
        "The same problem as a real Keras model, in four steps: data, model, compile, fit. "
        "Its weights land on the hand-written loop's, to the last digits Keras keeps, once "
        "the learning rate is halved. TensorFlow, the library behind it, takes a few seconds "
        "to load the first time.",
    ),
)
