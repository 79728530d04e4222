"""Publish an OGP national action plan and its evaluations as a Frictionless data package."""

from pipeline.errors import InputError, PipelineError

__all__ = ["InputError", "PipelineError"]
