"""The analysis pages under the surface view: explain a step, compare balls, η sweep, basins."""
