"""Identity resolution: which source records are the same company or person, built on normalised keys."""
