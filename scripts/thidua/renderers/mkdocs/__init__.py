"""MkDocs 1.6 + Material 9.8: the default renderer. Only this package imports MkDocs."""
