"""Layers a view composes: trails, basin maps, step arrows, drawn from the controller's signals."""
