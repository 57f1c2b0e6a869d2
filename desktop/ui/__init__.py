"""The Qt layer: renders state and forwards intent; every rule lives below it."""
