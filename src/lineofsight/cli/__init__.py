"""The `lineofsight` command line: one module per area, each registering its commands on the app."""
