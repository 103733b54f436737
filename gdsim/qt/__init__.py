"""Everything that needs Qt: the controller, the views and the main window."""
