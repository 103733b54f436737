"""gdsim: watch gradient descent optimizers roll across a loss landscape."""

__version__ = "0.1.0"
