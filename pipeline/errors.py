"""The project's own error types: every failure a user can cause ends as one of these."""


class PipelineError(Exception):
    """A failure the user can act on; the CLI prints its message as one line."""


class InputError(PipelineError):
    """Malformed input, located by file and line, naming the rule it breaks."""

    def __init__(self, source: str, line: int | None, rule: str, detail: str):
        self.source, self.line, self.rule, self.detail = source, line, rule, detail
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {rule}: {detail}")
