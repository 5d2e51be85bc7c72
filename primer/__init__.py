"""The teaching maths of the deep-learning primer, importable without Streamlit.

Each module holds one idea of the primer:

- ``neuron``: a prediction is the input multiplied by a weight.
- ``descent``: the primer's 20-step gradient-descent loop, as data.
- ``hot_cold``: learning by trying a step up and a step down, for contrast.
- ``dataset``: several rows of inputs and goals; correlation and the error floor.
- ``keras_lesson``: the same problem as a real Keras model (TensorFlow loaded lazily).
"""
