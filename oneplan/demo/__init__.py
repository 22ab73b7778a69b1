"""The demo: one coherent story replaying the source documents (see docs/demo.md)."""
