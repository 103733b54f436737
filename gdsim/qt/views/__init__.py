"""The views: each draws what the controller owns and sends the user's edits back to it."""
