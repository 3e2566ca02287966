"""The one exception the pipeline raises for bad input."""


class DataError(Exception):
    """Bad or missing input: the message is one line naming source, file and row."""

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))
