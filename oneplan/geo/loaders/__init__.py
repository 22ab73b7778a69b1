"""Loading areas and boundaries from files: read (``readers``), check and write (``engine``)."""
