"""Campaign portal core: load, validate, model and view campaigns; no renderer inside."""
