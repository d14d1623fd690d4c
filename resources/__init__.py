"""Bundled data files (fonts, icons, translations), read with importlib.resources."""
