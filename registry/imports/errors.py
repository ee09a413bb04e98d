"""The one exception for a file refused as a whole (too big, not decodable, no header row)."""


class FileError(ValueError):
    """The message says what is wrong with the file and what to do."""
