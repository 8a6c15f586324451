"""Exceptions the Java side maps to its own types."""


class InvalidInput(ValueError):
    """Bad input from the caller (a path, an argument, a text). Java raises InvalidInputException."""
