"""Pictures, animations, trajectories and setups written from the window."""
