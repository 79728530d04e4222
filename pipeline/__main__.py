"""`python -m pipeline`, and the action-plan-data command: the command line, then the exit.

Why an exit of its own: once a command has ended, its files are closed, its threads joined
and its output said; what Python would still do is take apart every module it imported
(DuckDB's, frictionless's and their models), about 0.1 s of a run's 2 s spent on nothing a
user sees. So the process flushes its output, runs the exit handlers the libraries
registered (logging's, DuckDB's, temporary folders'), as a normal exit does, and ends.

Why without Python's cyclic garbage collector: what a command leaves in reference cycles is a
few thousand objects whatever the rows (28,000 for the real package's run, 7,000 for a
publish of 100,000 IRM rows), while each pass of the collector walks every young object,
the modules being imported included, and holds every thread meanwhile: 0.07 to 0.09 s of a
run, and a tenth of that publish. Objects without cycles are freed as before, by reference
counting; the one writer whose cycles grow with the rows, XlsxWriter's workbook, is collected
once written (publish/stage.py); tests/test_cli.py checks that the cycles do not grow.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading


def main(prog_name: str | None = None) -> None:
    gc.disable()  # before the command's imports: see the module's docstring
    from pipeline.cli import cli

    try:
        cli(prog_name=prog_name)  # click ends every command with SystemExit
    except SystemExit as done:
        code = exit_code(done.code)
    else:
        code = 0
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()  # as Python's own exit waits for them
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: Python's own exit would say 120
            code = code or 120
    os._exit(code)


def exit_code(code) -> int:
    """The status Python gives a SystemExit's code: None is 0, a number itself, anything else
    is printed on stderr and is 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


if __name__ == "__main__":
    main("python -m pipeline")
