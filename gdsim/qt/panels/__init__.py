"""The panels where the user edits the setup: landscape, balls, gradient checks, playback, lessons."""
