"""Stage 4 renderers: pure functions from the model to output bytes, one module per format."""
