"""The engine: landscapes, optimizers and simulations in numpy. Never imports Qt."""
